import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { loadTaxonomy } from "../src/catalog/taxonomy.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";

/** A fixed clock so freshness and verdicts are reproducible. */
export const TEST_NOW = new Date("2026-11-27T00:00:00Z");

/** A core over an in-memory SQLite store loaded with the demo catalog. */
export async function demoCore(): Promise<Capgraph> {
  const store = openSqliteStore(":memory:");
  const core = new Capgraph(store, { now: () => TEST_NOW });
  const r = loadManifestPaths([DEMO_CATALOG_DIR], loadTaxonomy());
  await core.add(r.manifests, r.diagnostics);
  return core;
}

/** Captures a CLI run's output. */
export function captureIo(): {
  io: { out: (s: string) => void; err: (s: string) => void };
  out: () => string;
  err: () => string;
} {
  let o = "",
    e = "";
  return {
    io: {
      out: (s) => {
        o += s;
      },
      err: (s) => {
        e += s;
      },
    },
    out: () => o,
    err: () => e,
  };
}
