import fs from "node:fs";
import path from "node:path";
import { parseLabelled } from "../src/match/eval.js";
import { ROOT } from "../src/paths.js";
import { httpThroughput, searchPaths } from "./http.js";
import { METATOOL_REPORTED, QUALITY_SPLITS, metatoolQualityTable, metatoolTitle, qualityTable, splitTitle } from "./quality.js";
import { scaleTable } from "./scale.js";
import { learningCurve } from "./learning.js";
import { learningSimulations } from "./quality.js";
import { printTable } from "./table.js";
import { startupRow } from "./startup.js";
import { pgSearchRows } from "./pgsearch.js";
import { startThrowawayPostgres } from "../test/postgres.js";
import os from "node:os";

/**
 * One command, every scenario: `npm run bench` (quality, scale at 10k/100k/1M, HTTP).
 * `npm run bench -- --quick` runs scale at 10k/100k only and a shorter HTTP run.
 * `--only quality|learning|scale|startup|pgsearch|http` runs one scenario.
 */
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args[args.indexOf("--only") + 1];
const run = (name: string) => !args.includes("--only") || only === name;

process.stdout.write(`capgraph bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}${(globalThis as { gc?: unknown }).gc ? "" : " (run with --expose-gc for memory numbers)"}\n`);

if (run("quality")) {
  const { rows } = await qualityTable();
  for (const split of QUALITY_SPLITS) printTable(splitTitle(split), rows.filter((r) => r.split === split).map(({ split: _s, ...r }) => r));
  const mt = await metatoolQualityTable();
  for (const split of METATOOL_REPORTED) printTable(metatoolTitle(split), mt.rows.filter((r) => r.split === split).map(({ split: _s, ...r }) => r));
}
if (run("learning")) {
  const sim = await learningSimulations();
  printTable("Learning curve in-process: MRR@10 after N % of the MetaTool stream's outcomes (success when the labelled tool is in the top 10, failure for a wrong first result; one client per intent)", sim.metatool);
  printTable("Learning on the project's intents: dev + test as the stream, paraphrase (ambiguous labels, report only) measured", sim.project);
  const upTo = args.includes("--learning-share") ? Number(args[args.indexOf("--learning-share") + 1]) : 0.1;
  const { rows, repeats } = await learningCurve({ log: (s) => process.stderr.write(s), upTo });
  printTable(`Learning curve over HTTP: MetaTool test after N % of the stream (real serve, SQLite, one client address per intent; test intents that repeat a stream intent exactly: ${(repeats * 100).toFixed(1)} %)`, rows);
}
if (run("scale")) {
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  printTable("Scale on synthetic corpora (one core, in-process, warm; MiniSearch and Orama only up to 100k)", await scaleTable(sizes));
}
if (run("startup")) {
  const n = quick ? 10_000 : 100_000;
  const rows = [await startupRow(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-startup-")), "s.db"), "SQLite", n)];
  const pg = await startThrowawayPostgres();
  try { rows.push(await startupRow(pg.url, "PostgreSQL 15", n)); } finally { pg.stop(); }
  printTable(`Replica start-up: load ${n} capabilities from the store, score, build the index`, rows);
}
if (run("pgsearch")) {
  const n = quick ? 10_000 : 100_000;
  printTable(`In-database search (PostgreSQL full-text) vs the in-memory engine; latency over a ${n}-capability catalog, one connection`, await pgSearchRows(n));
}
if (run("http")) {
  const queries = parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", "dev.jsonl"), "utf8")).map((q) => q.query);
  printTable("HTTP throughput (server and client in separate processes on this machine)", [await httpThroughput({ seconds: quick ? 5 : 20, concurrency: 16, paths: searchPaths(queries), label: "GET /api/v1/search, demo catalog, SQLite" })]);
}
