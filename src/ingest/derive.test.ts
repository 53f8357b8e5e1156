import { describe, expect, it } from "vitest";
import { Capgraph } from "../capgraph.js";
import { loadManifestPaths } from "../catalog/manifest.js";
import { DEMO_CATALOG_DIR } from "../paths.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { DERIVED_METRIC, deriveSignals, readSourceIndex, withDerivedSignals } from "./derive.js";

const core = new Capgraph(openSqliteStore(":memory:"));
const loaded = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
const bySlug = new Map(loaded.manifests.map((m) => [m.manifest.artifact.slug, m.manifest]));
const entries = readSourceIndex();

describe("the demo catalog's signals come from its recorded sources", () => {
  it("lists at least twenty recorded sources, each for an artifact of the catalog", () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
    for (const e of entries) expect(bySlug.has(e.slug), e.slug).toBe(true);
  });

  it.each(entries.map((e) => [e.slug, e] as const))(
    "%s: the manifest holds exactly what the importer derives offline",
    async (_slug, entry) => {
      const derived = await deriveSignals(entry, core);
      expect(derived.map((s) => s.metric).sort()).toEqual(["releases.count", "releases.last365d", "releases.latestAt"]);
      const inManifest = bySlug.get(entry.slug)?.signals.filter((s) => DERIVED_METRIC.test(s.metric)) ?? [];
      expect(inManifest).toEqual(derived);
    },
  );
});

describe("withDerivedSignals", () => {
  const s = (metric: string, value: number) => ({
    metric,
    value,
    unit: "versions",
    source: "npm registry (x release history)",
    observedAt: "2026-11-27",
  });
  it("replaces derived lines, keeps curated lines and comments", () => {
    const before =
      'capgraph: 1\nsignals:\n  - { metric: releases.count, value: 1, source: "old", observedAt: 2026-01-01 }\n  # curated\n  - { metric: npm.downloads.monthly, value: 5, source: "npm", observedAt: 2026-11-01 }\n';
    expect(withDerivedSignals(before, [s("releases.count", 9)])).toBe(
      'capgraph: 1\nsignals:\n  - { metric: releases.count, value: 9, unit: versions, source: "npm registry (x release history)", observedAt: 2026-11-27 }\n  # curated\n  - { metric: npm.downloads.monthly, value: 5, source: "npm", observedAt: 2026-11-01 }\n',
    );
  });
  it("adds a signals block when the manifest has none", () => {
    expect(withDerivedSignals("capgraph: 1\n", [s("releases.count", 2)])).toBe(
      'capgraph: 1\nsignals:\n  - { metric: releases.count, value: 2, unit: versions, source: "npm registry (x release history)", observedAt: 2026-11-27 }\n',
    );
  });
});
