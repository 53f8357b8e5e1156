import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { loadTaxonomy } from "../src/catalog/taxonomy.js";
import { parseLabelled } from "../src/match/eval.js";
import { DEMO_CATALOG_DIR, ROOT } from "../src/paths.js";
import { startThrowawayPostgres } from "../test/postgres.js";
import { httpThroughput, mixedPaths } from "./http.js";
import { printTable } from "./table.js";
import { startWriter } from "./writer.js";

/**
 * `npm run bench:load`: mixed search/compare/page traffic against one replica for 60 s
 * (`--seconds N` to change), on SQLite and on a throwaway PostgreSQL cluster, while a writer
 * imports artifacts into the same database.
 */
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1] ?? 60) || 60;
const queries = parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", "dev.jsonl"), "utf8")).map(
  (q) => q.query,
);
const demo = loadManifestPaths([DEMO_CATALOG_DIR], loadTaxonomy()).manifests;
const slugs = demo.map((m) => m.manifest.artifact.slug);
const paths = mixedPaths(queries, slugs);
const rows: Record<string, string | number>[] = [];

/** The load with a writer importing during it (one artifact every 250 ms, 20 slugs created then updated). */
async function withWriter(label: string, db: string): Promise<Record<string, string | number>> {
  const writer = startWriter(db, demo[0] as (typeof demo)[number], { delayMs: 5000, everyMs: 250, pool: 20 });
  const row = await httpThroughput({ seconds, concurrency: 16, paths, label, db });
  const w = await writer.stop();
  if (w.firstFailure) console.error(`${label}: first writer failure: ${w.firstFailure}`);
  return { ...row, "writer writes": w.writes, "writer failures": w.failures };
}

rows.push(
  await withWriter(
    "mixed traffic + writer, SQLite file",
    path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-load-")), "load.db"),
  ),
);
const pg = await startThrowawayPostgres();
try {
  rows.push(await withWriter("mixed traffic + writer, PostgreSQL 15", pg.url));
} finally {
  pg.stop();
}
printTable(
  "Load: one replica, 60 % search / 20 % compare API / 10 % compare page / 10 % artifact page, a writer importing throughout",
  rows,
);
