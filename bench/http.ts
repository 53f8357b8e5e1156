import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "../src/paths.js";
import { peakRss, treeUsage } from "./proc.js";
import { writeSyntheticCatalog } from "./startup.js";
import { syntheticCorpus } from "./synthetic.js";
import { writeFts5File } from "./baselines/fts5.js";

type Row = Record<string, string | number>;

/** A bench server in its own process (bench/http-server.ts), up and listening. */
interface BenchServer {
  port: number;
  child: ChildProcess;
  startS: number;
}

async function startServer(args: readonly string[]): Promise<BenchServer> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ["--max-old-space-size=8192", "--import", "tsx", path.join(ROOT, "bench", "http-server.ts"), ...args],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (b: Buffer) => {
      const m = /listening (\d+)/.exec(b.toString());
      if (m?.[1]) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { port, child, startS: (performance.now() - t0) / 1000 };
}

async function stopServer(s: BenchServer): Promise<void> {
  const done = new Promise<void>((r) => (s.child.exitCode !== null ? r() : s.child.once("exit", () => r())));
  s.child.kill("SIGTERM");
  const killer = setTimeout(() => s.child.kill("SIGKILL"), 5000);
  await done;
  clearTimeout(killer);
}

/**
 * Sends `paths` round-robin over `concurrency` keep-alive connections for `seconds` from this
 * process; the server's whole process tree is measured for CPU and peak RSS.
 */
async function load(
  s: BenchServer,
  opts: { seconds: number; concurrency: number; paths: readonly string[]; timeoutMs?: number },
): Promise<Row> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const get = (p: string) =>
    new Promise<number>((resolve, reject) => {
      const t = performance.now();
      const req = http.get(
        { host: "127.0.0.1", port: s.port, agent, path: p, timeout: opts.timeoutMs ?? 10_000 },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
    });
  // One request per connection first, not counted: the first search after a start-up builds lazy state.
  await Promise.all(
    Array.from({ length: opts.concurrency }, (_, k) => get(opts.paths[k % opts.paths.length] ?? "/").catch(() => 0)),
  );
  const pid = s.child.pid ?? 0;
  const cpu0 = treeUsage(pid).cpuS;
  const rss = peakRss(pid);
  const deadline = performance.now() + opts.seconds * 1000;
  const times: number[] = [];
  let errors = 0,
    i = 0;
  const worker = async () => {
    while (performance.now() < deadline && times.length < 2_000_000) {
      try {
        times.push(await get(opts.paths[i++ % opts.paths.length] ?? "/"));
      } catch {
        errors++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = treeUsage(pid).cpuS - cpu0;
  const peak = rss.stop();
  agent.destroy();
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((times[Math.floor((p / 100) * (times.length - 1))] ?? NaN) * 10) / 10;
  return {
    requests: times.length,
    errors,
    "req/s": perSecond(times.length / elapsed),
    "p50 ms": pct(50),
    "p99 ms": pct(99),
    "server CPU ms/req": times.length ? Math.round(((cpu * 1000) / times.length) * 100) / 100 : "-",
    "server RSS MB": Math.round(peak),
  };
}

/** Whole numbers, but one decimal below 10 (FTS5 at 1M answers about one query a second). */
function perSecond(x: number): number {
  return x < 10 ? Math.round(x * 10) / 10 : Math.round(x);
}

/** Queries/s of one server started with `args` (see bench/http-server.ts). */
export async function httpThroughput(opts: {
  seconds: number;
  concurrency: number;
  paths: readonly string[];
  label: string;
  args?: readonly string[];
  db?: string;
  timeoutMs?: number;
}): Promise<Row> {
  const s = await startServer(opts.args ?? ["capgraph", opts.db ?? ":memory:"]);
  try {
    return {
      scenario: `${opts.label}, ${opts.concurrency} connections, ${opts.seconds}s`,
      "start s": Math.round(s.startS * 10) / 10,
      ...(await load(s, opts)),
    };
  } finally {
    await stopServer(s);
  }
}

/** Search requests for the labelled intents. */
export function searchPaths(queries: readonly string[]): string[] {
  return queries.map((q) => `/api/v1/search?limit=10&q=${encodeURIComponent(q)}`);
}

/**
 * The synthetic catalog of `n` capabilities, generated once and written twice: into a capgraph
 * SQLite store (through its upsert; returns the write rate) and into an FTS5 table file.
 */
async function syntheticFiles(n: number): Promise<{ dir: string; db: string; fts: string; capsPerS: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-http-"));
  const docs = syntheticCorpus(n);
  const db = path.join(dir, "bench.db"),
    fts = path.join(dir, "fts5.db");
  const capsPerS = Math.round(n / (await writeSyntheticCatalog(db, docs, 2000)));
  writeFts5File(fts, docs);
  return { dir, db, fts, capsPerS };
}

/** FTS5 answers one query at a time; at 1M a query takes seconds, so 8 queued ones need more than the usual 10 s. */
const FTS5_TIMEOUT_MS = 120_000;

/**
 * The served system at catalog sizes `sizes`: capgraph (each of `workers` process counts) and
 * SQLite FTS5 behind a bare node:http server, same intents, same client, one run; plus the
 * demo catalog and a bare hello route as the ceiling.
 */
export async function httpScaleTable(opts: {
  sizes: readonly number[];
  seconds: number;
  concurrency: number;
  workers: readonly number[];
  queries: readonly string[];
}): Promise<Row[]> {
  const { seconds, concurrency } = opts;
  const rows: Row[] = [];
  const run = async (label: string, args: string[], paths: readonly string[], extra: Row = {}, timeoutMs?: number) => {
    const r = await httpThroughput({ seconds, concurrency, paths, label, args, ...(timeoutMs ? { timeoutMs } : {}) });
    rows.push({ ...r, "× FTS5": "", "store write caps/s": "", ...extra });
  };
  const top = Math.max(...opts.workers);
  await run("hello route (bare node:http)", ["hello"], ["/"]);
  const demoDb = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-http-demo-")), "demo.db");
  await run(`capgraph, demo catalog, ${top} workers`, ["capgraph", demoDb, String(top)], searchPaths(opts.queries));
  fs.rmSync(path.dirname(demoDb), { recursive: true, force: true });
  for (const n of opts.sizes) {
    const files = await syntheticFiles(n);
    try {
      const ftsPaths = opts.queries.map((q) => `/search?q=${encodeURIComponent(q)}`);
      await run(
        `FTS5 (bm25, OR), ${n.toLocaleString("en")} capabilities`,
        ["fts5", files.fts],
        ftsPaths,
        {},
        FTS5_TIMEOUT_MS,
      );
      const fts = Number(rows[rows.length - 1]?.["req/s"]) || 0;
      for (const w of opts.workers) {
        await run(
          `capgraph, ${n.toLocaleString("en")} capabilities, ${w} worker${w === 1 ? "" : "s"}`,
          ["capgraph", files.db, String(w)],
          searchPaths(opts.queries),
          { "store write caps/s": files.capsPerS },
        );
        const ours = rows[rows.length - 1];
        if (ours && fts > 0) ours["× FTS5"] = Math.round((Number(ours["req/s"]) / fts) * 10) / 10;
      }
    } finally {
      fs.rmSync(files.dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** Mixed traffic: 60 % API search, 20 % API compare, 10 % compare page, 10 % artifact page. */
export function mixedPaths(queries: readonly string[], slugs: readonly string[]): string[] {
  const out: string[] = [];
  queries.forEach((q, i) => {
    const a = slugs[i % slugs.length] ?? "",
      b = slugs[(i * 7 + 3) % slugs.length] ?? "";
    const pair = a === b ? `${a},${slugs[(i + 1) % slugs.length]}` : `${a},${b}`;
    const r = i % 10;
    out.push(
      r < 6
        ? `/api/v1/search?limit=10&q=${encodeURIComponent(q)}`
        : r < 8
          ? `/api/v1/compare?slugs=${pair}`
          : r < 9
            ? `/compare/${pair.replace(",", "-vs-")}`
            : `/a/${a}`,
    );
  });
  return out;
}
