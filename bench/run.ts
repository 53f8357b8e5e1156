import fs from "node:fs";
import path from "node:path";
import { parseLabelled } from "../src/match/eval.js";
import { ROOT } from "../src/paths.js";
import { httpScaleTable } from "./http.js";
import {
  METATOOL_REPORTED,
  QUALITY_SPLITS,
  metatoolQualityTable,
  metatoolTitle,
  qualityTable,
  splitTitle,
} from "./quality.js";
import { scaleTable } from "./scale.js";
import { learningCurve } from "./learning.js";
import { learningSimulations } from "./quality.js";
import { printTable } from "./table.js";
import { startupBreakdown, startupRow } from "./startup.js";
import { pgSearchRows } from "./pgsearch.js";
import { requestPathRow } from "./request-path.js";
import { dosTables } from "./dos.js";
import { addRows, type ManifestFormat } from "./add.js";
import { startThrowawayPostgres } from "../test/postgres.js";
import { incrementalRows, pgRaw, sqliteRaw } from "./incremental.js";
import { mergeRows, sliceRows } from "./merge.js";
import os from "node:os";

/**
 * One command, every scenario: `npm run bench` (quality, scale at 10k/100k/1M, HTTP).
 * `npm run bench -- --quick` runs scale at 10k/100k only and a shorter HTTP run.
 * `--only quality|learning|scale|startup|pgsearch|http|requestpath|dos|add|incremental|merge` runs one scenario; for http, `--sizes 10000,100000`,
 * `--workers N[,M]` (default: one per core; several counts give a capgraph row each) and `--seconds S` per row; for add, `--sizes` and `--formats json,yaml`.
 */
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args[args.indexOf("--only") + 1];
const run = (name: string) => !args.includes("--only") || only === name;

process.stdout.write(
  `capgraph bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}${(globalThis as { gc?: unknown }).gc ? "" : " (run with --expose-gc for memory numbers)"}\n`,
);

if (run("quality")) {
  const { rows } = await qualityTable();
  for (const split of QUALITY_SPLITS)
    printTable(
      splitTitle(split),
      rows.filter((r) => r.split === split).map(({ split: _s, ...r }) => r),
    );
  const mt = await metatoolQualityTable();
  for (const split of METATOOL_REPORTED)
    printTable(
      metatoolTitle(split),
      mt.rows.filter((r) => r.split === split).map(({ split: _s, ...r }) => r),
    );
}
if (run("learning")) {
  const sim = await learningSimulations();
  printTable(
    "Learning curve in-process: MRR@10 after N % of the MetaTool stream's outcomes (success when the labelled tool is in the top 10, failure for a wrong first result; one client per intent; arrival order interleaves the tools, the vendored file lists them one after another)",
    sim.metatool,
  );
  printTable(
    "Learning on the project's intents: dev + test as the stream, paraphrase (ambiguous labels, report only) measured",
    sim.project,
  );
  const upTo = args.includes("--learning-share") ? Number(args[args.indexOf("--learning-share") + 1]) : 0.1;
  const { rows, repeats } = await learningCurve({ log: (s) => process.stderr.write(s), upTo });
  printTable(
    `Learning curve over HTTP: MetaTool test after N % of the stream (real serve, SQLite, one client address per intent; test intents that repeat a stream intent exactly: ${(repeats * 100).toFixed(1)} %)`,
    rows,
  );
}
if (run("scale")) {
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  printTable(
    "Scale on synthetic corpora (one core, in-process, warm; MiniSearch and Orama only up to 100k)",
    await scaleTable(sizes),
  );
}
if (run("startup") && args.includes("--sizes")) {
  // One catalog size at a time, SQLite: each step of a start-up, then the real one in a fresh process.
  for (const n of argList("--sizes") ?? []) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-startup-"));
    const b = await startupBreakdown(path.join(dir, "s.db"), n).finally(() =>
      fs.rmSync(dir, { recursive: true, force: true }),
    );
    printTable(
      `Replica start-up at ${n.toLocaleString("en")} capabilities, step by step (one process, SQLite; CPU includes garbage collection; wall is noisy on a shared machine)`,
      [b.stages],
    );
    printTable(
      `Replica start-up at ${n.toLocaleString("en")} capabilities: snapshot() and the first search in a fresh process`,
      [b.core],
    );
  }
} else if (run("startup")) {
  const n = quick ? 10_000 : 100_000;
  const rows = [
    await startupRow(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-startup-")), "s.db"), "SQLite", n),
  ];
  const pg = await startThrowawayPostgres();
  try {
    rows.push(await startupRow(pg.url, "PostgreSQL 15", n));
  } finally {
    pg.stop();
  }
  printTable(`Replica start-up: load ${n} capabilities from the store, score, build the index`, rows);
}
if (run("pgsearch")) {
  const n = quick ? 10_000 : 100_000;
  printTable(
    `In-database search (PostgreSQL full-text) vs the in-memory engine; latency over a ${n}-capability catalog, one connection`,
    await pgSearchRows(n),
  );
}
if (run("requestpath")) {
  const sizes = quick ? [10_000] : [10_000, 100_000];
  const rows = [];
  for (const n of sizes) rows.push(await requestPathRow(n, quick ? 5 : 20));
  printTable("Cost of one search on the server, everything included (in-process, SQLite file, sequential)", rows);
}
if (run("http")) {
  // Long natural-language intents: the paraphrase split (whole sentences that rarely name a tool).
  const queries = parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", "paraphrase.jsonl"), "utf8")).map(
    (q) => q.query,
  );
  const sizes = argList("--sizes") ?? (quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]);
  const workers = argList("--workers") ?? [os.availableParallelism()];
  const seconds = Number(args[args.indexOf("--seconds") + 1]) || (quick ? 5 : 10);
  printTable(
    `HTTP: GET /api/v1/search served from a SQLite file vs SQLite FTS5 behind bare node:http (server process tree measured; client in this process; ${os.availableParallelism()} cores)`,
    await httpScaleTable({ sizes, seconds, concurrency: 8, workers, queries }),
  );
}

/** `--sizes 10000,100000` → [10000, 100000]. */
function argList(flag: string): number[] | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  return (args[i + 1] ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}
if (run("add")) {
  // YAML at 1M takes minutes (the YAML parser reads about 1,000 documents/s), so by default only up to 100k.
  const sizes = argList("--sizes") ?? (quick ? [100_000] : [100_000, 1_000_000]);
  const formats = (args.includes("--formats") ? (args[args.indexOf("--formats") + 1] ?? "") : "json,yaml")
    .split(",")
    .filter((f): f is ManifestFormat => f === "json" || f === "yaml");
  const rows = [];
  for (const n of sizes)
    rows.push(...(await addRows([n], n > 100_000 && !args.includes("--formats") ? ["json"] : formats)));
  printTable(
    "capgraph add: synthetic manifests (200 documents per file) into an empty SQLite file, the real CLI in its own process (wall time is noisy on a shared machine)",
    rows,
  );
}
if (run("dos")) {
  const { single, burst } = await dosTables();
  printTable(
    "Denial of service: each hostile request alone (default limits, loopback; times are noisy on a shared machine)",
    single,
  );
  printTable("Denial of service: another address's reads during a burst", burst);
}
if (run("incremental")) {
  // One change reaching search on every replica: PostgreSQL (LISTEN/NOTIFY) with two replicas, a SQLite file with one.
  const n = argList("--sizes")?.[0] ?? (quick ? 10_000 : 100_000);
  const served = [],
    inProcess = [];
  const pgs = await startThrowawayPostgres();
  try {
    const r = await incrementalRows("PostgreSQL 15", pgs.url, n, 2, pgRaw(pgs.url));
    served.push(...r.served);
    inProcess.push(...r.inProcess);
  } finally {
    pgs.stop();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-incr-"));
  try {
    const file = path.join(dir, "s.db");
    const r = await incrementalRows("SQLite", file, n, 1, sqliteRaw(file));
    served.push(...r.served);
    inProcess.push(...r.inProcess);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    `One upsert reaching search at ${n.toLocaleString("en")} capabilities: serve replicas (--workers 1), the change written through the store; "full reload" empties the change log first (every change's path before; wall and CPU noisy on a shared 2-core machine)`,
    served,
  );
  printTable("The same changes in one process: SnapshotService.get() after each upsert (process CPU)", inProcess);
}
if (run("merge")) {
  // Searches while the whole catalog is re-indexed: a merge, then a full reload, with the build in one stretch and in slices.
  const n = argList("--sizes")?.[0] ?? (quick ? 10_000 : 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-merge-"));
  try {
    const file = path.join(dir, "s.db");
    printTable(
      `Searches during a whole-catalog re-index at ${n.toLocaleString("en")} capabilities (one replica, SQLite, in-process; a search due every 10 ms, latency from when it was due; event loop delay from monitorEventLoopDelay; noisy shared 2-core machine)`,
      await mergeRows(file, n, sqliteRaw(file)),
    );
    printTable(
      `The index build alone at ${n.toLocaleString("en")} capabilities: at once, and in slices as a serving replica runs it (wall ms, in-process, noisy shared machine)`,
      await sliceRows(n),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
