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

/**
 * `npm run bench:load`: mixed search/compare/page traffic against one replica for 60 s
 * (`--seconds N` to change), on SQLite and on a throwaway PostgreSQL cluster.
 */
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1] ?? 60) || 60;
const queries = parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", "dev.jsonl"), "utf8")).map((q) => q.query);
const slugs = loadManifestPaths([DEMO_CATALOG_DIR], loadTaxonomy()).manifests.map((m) => m.manifest.artifact.slug);
const paths = mixedPaths(queries, slugs);
const rows: Record<string, string | number>[] = [];
rows.push(await httpThroughput({ seconds, concurrency: 16, paths, label: "mixed traffic, SQLite file", db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-load-")), "load.db") }));
const pg = await startThrowawayPostgres();
try {
  rows.push(await httpThroughput({ seconds, concurrency: 16, paths, label: "mixed traffic, PostgreSQL 15", db: pg.url }));
} finally {
  pg.stop();
}
printTable("Load: one replica, 60 % search / 20 % compare API / 10 % compare page / 10 % artifact page", rows);
