import fs from "node:fs";
import path from "node:path";
import { parseLabelled } from "../src/match/eval.js";
import { ROOT } from "../src/paths.js";
import { httpThroughput, searchPaths } from "./http.js";
import { QUALITY_SPLITS, qualityTable, splitTitle } from "./quality.js";
import { scaleTable } from "./scale.js";
import { printTable } from "./table.js";
import { startupRow } from "./startup.js";
import { pgSearchRows } from "./pgsearch.js";
import { dosTables } from "./dos.js";
import { startThrowawayPostgres } from "../test/postgres.js";
import os from "node:os";

/**
 * One command, every scenario: `npm run bench` (quality, scale at 10k/100k/1M, HTTP).
 * `npm run bench -- --quick` runs scale at 10k/100k only and a shorter HTTP run.
 * `--only quality|scale|startup|pgsearch|http|dos` runs one scenario.
 */
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args[args.indexOf("--only") + 1];
const run = (name: string) => !args.includes("--only") || only === name;

process.stdout.write(`capgraph bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}${(globalThis as { gc?: unknown }).gc ? "" : " (run with --expose-gc for memory numbers)"}\n`);

if (run("quality")) {
  const { rows } = await qualityTable();
  for (const split of QUALITY_SPLITS) printTable(splitTitle(split), rows.filter((r) => r.split === split).map(({ split: _s, ...r }) => r));
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
if (run("dos")) {
  const { single, burst } = await dosTables();
  printTable("Denial of service: each hostile request alone (default limits, loopback; times are noisy on a shared machine)", single);
  printTable("Denial of service: another address's reads during a burst", burst);
}
