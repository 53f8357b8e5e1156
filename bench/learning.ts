import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { MatchIndex } from "../src/match/engine.js";
import { evaluate, type LabelledQuery } from "../src/match/eval.js";
import { LearnedIndex, type LearnedOutcome, type LearnedParams } from "../src/match/learned.js";
import { LearnedOutcomes } from "../src/match/learned-outcomes.js";
import { ROOT } from "../src/paths.js";
import { arrivalOrder, metatoolManifestInputs, metatoolQueries } from "./metatool.js";

/**
 * The learning curve over HTTP: a real `capgraph serve` process on a temporary SQLite file
 * with the MetaTool catalog. Stream intents are searched in arrival order (tools interleaved,
 * see `arrivalOrder`), each by its own simulated
 * client (one address in `X-Forwarded-For`, with CAPGRAPH_TRUST_PROXY=1), which reports
 * `success` for the labelled tool when it is in its top 10 and `failure` for a wrong first
 * result. MetaTool test MRR@10 is measured after 0, 10, 25, 50 and 100 % of the stream.
 * Rate limits stay on: every client sends one search and at most two outcomes.
 */
export const CURVE = [0, 0.1, 0.25, 0.5, 1] as const;
const CLI = path.join(ROOT, "src", "cli", "main.ts");

interface Client {
  get(p: string, addr: string): Promise<unknown>;
  post(p: string, body: unknown, addr: string): Promise<unknown>;
}

function client(port: number): Client {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const call = (method: string, p: string, addr: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          agent,
          method,
          path: p,
          headers: { "x-forwarded-for": addr, ...(data ? { "content-type": "application/json" } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if ((res.statusCode ?? 0) >= 300)
              reject(new Error(`${method} ${p.slice(0, 60)}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            else resolve(JSON.parse(text));
          });
        },
      );
      req.on("error", reject);
      req.end(data);
    });
  return { get: (p, addr) => call("GET", p, addr), post: (p, body, addr) => call("POST", p, addr, body) };
}

/** A distinct client address per simulated client: 10.x.y.z for the stream, 172.16+.y.z for measuring. */
const address = (base: number, i: number) =>
  `${base + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.${1 + ((i >> 24) & 127)}`;

async function startServe(db: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "serve", "--db", db, "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CAPGRAPH_TRUST_PROXY: "1" },
  });
  const port = await new Promise<number>((resolve, reject) => {
    // serve logs to stderr; anything else it says is passed on.
    const seen = (b: Buffer) => {
      const m = /serving http:\/\/[^:]+:(\d+)/.exec(b.toString());
      if (m?.[1]) resolve(Number(m[1]));
      else process.stderr.write(b);
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => reject(new Error(`capgraph serve exited with ${code}`)));
  });
  return { port, child };
}

/** The API takes intents of up to 500 characters; a few MetaTool intents are longer and are cut at a word boundary. */
const clip = (q: string) => (q.length <= 500 ? q : q.slice(0, 500).replace(/\s+\S*$/, ""));
const searchPath = (q: string) => `/api/v1/search?limit=10&q=${encodeURIComponent(clip(q))}`;

interface SearchBody {
  matchId: string;
  results: { slug: string }[];
}

/** MRR@10 etc. on `queries`, each searched by its own client (8 at a time). */
async function measure(
  c: Client,
  queries: readonly LabelledQuery[],
  round: number,
): Promise<ReturnType<typeof evaluate>> {
  const ranked = new Map<string, string[]>();
  let next = 0;
  const worker = async () => {
    while (next < queries.length) {
      const i = next++;
      const q = (queries[i] as LabelledQuery).query;
      const r = (await c.get(searchPath(q), address(172 + round, i))) as SearchBody;
      ranked.set(
        q,
        r.results.map((x) => x.slug),
      );
      if (process.env["BENCH_DEBUG"] && ranked.size % 200 === 0) process.stderr.write(`  measured ${ranked.size}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return evaluate(queries, (q) => ranked.get(q) ?? []);
}

/** One stream intent: search, then report as the simulated client does. */
async function streamOne(c: Client, q: LabelledQuery, i: number): Promise<number> {
  const addr = address(10, i);
  const r = (await c.get(searchPath(q.query), addr)) as SearchBody;
  const want = q.slugs[0] ?? "";
  const slugs = r.results.map((x) => x.slug);
  let sent = 0;
  if (slugs.includes(want)) {
    await c.post("/api/v1/feedback", { matchId: r.matchId, slug: want, outcome: "success" }, addr);
    sent++;
  }
  if (slugs[0] && slugs[0] !== want) {
    await c.post("/api/v1/feedback", { matchId: r.matchId, slug: slugs[0], outcome: "failure" }, addr);
    sent++;
  }
  return sent;
}

/** `upTo`: the share of the stream to run over HTTP (each outcome reloads the server's snapshot, so the whole stream takes hours here). */
export async function learningCurve(
  opts: { log?: (s: string) => void; upTo?: number } = {},
): Promise<{ rows: Record<string, string | number>[]; repeats: number }> {
  const log = opts.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-learning-"));
  const manifests = path.join(dir, "manifests");
  fs.mkdirSync(manifests);
  for (const m of metatoolManifestInputs())
    fs.writeFileSync(path.join(manifests, `${m.artifact.slug}.json`), JSON.stringify(m));
  const db = path.join(dir, "learning.db");
  const add = spawnSync(process.execPath, ["--import", "tsx", CLI, "add", manifests, "--db", db], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (add.status !== 0) throw new Error(`capgraph add failed: ${add.stderr}`);
  const { stream: inFile, test } = metatoolQueries();
  const stream = arrivalOrder(inFile);
  const seen = new Set(stream.map((q) => q.query.trim().toLowerCase()));
  const repeats = test.filter((q) => seen.has(q.query.trim().toLowerCase())).length / test.length;
  const { port, child } = await startServe(db);
  const c = client(port);
  const rows: Record<string, string | number>[] = [];
  let done = 0,
    reports = 0;
  const t0 = Date.now();
  try {
    for (const [round, share] of CURVE.filter((x) => x <= (opts.upTo ?? 1)).entries()) {
      const until = Math.round(share * stream.length);
      for (; done < until; done++) reports += await streamOne(c, stream[done] as LabelledQuery, done);
      const r = await measure(c, test, round);
      rows.push({
        "stream seen": `${Math.round(share * 100)} %`,
        intents: done,
        "outcomes sent": reports,
        "test mrr10": r.mrr10,
        "test recall1": r.recall1,
        "test recall10": r.recall10,
        "elapsed s": Math.round((Date.now() - t0) / 1000),
      });
      log(`  learning: ${Math.round(share * 100)} % of the stream, test MRR@10 ${r.mrr10}\n`);
    }
  } finally {
    child.kill("SIGTERM");
  }
  return { rows, repeats };
}

/**
 * The same protocol in-process, on the engine and the learned side index directly (no HTTP,
 * no store): the curve for a whole stream in seconds. The side index is rebuilt every
 * `rebuildEvery` intents, as a server rebuilds it at most every LEARN_REBUILD_MS.
 */
export function simulateLearning(o: {
  index: MatchIndex;
  slugs: readonly string[];
  stream: readonly LabelledQuery[];
  measure: Record<string, readonly LabelledQuery[]>;
  rebuildEvery?: number;
  now?: Date;
  learned?: Partial<LearnedParams>;
}): Record<string, string | number>[] {
  const now = o.now ?? new Date();
  const log = new LearnedOutcomes();
  // As the server does: an outcome counts for the artifact's best capability in that search (its ordinal is the capability id here).
  const search = (q: string) =>
    o.index
      .search(q, 10)
      .artifacts.map((a) => ({ slug: o.slugs[a.artifact] ?? "", cap: String(a.capabilities[0]?.ordinal ?? "") }));
  const rebuild = () =>
    o.index.setLearned(
      new LearnedIndex(log.rows(), (_slug, cap) => (cap === "" ? undefined : Number(cap)), now, o.learned),
    );
  const rows: Record<string, string | number>[] = [];
  let seq = 0,
    done = 0,
    reports = 0;
  for (const share of CURVE) {
    for (const until = Math.round(share * o.stream.length); done < until; done++) {
      if (done % (o.rebuildEvery ?? 50) === 0) rebuild();
      const q = o.stream[done] as LabelledQuery,
        want = q.slugs[0] ?? "",
        got = search(q.query);
      const base = { matchId: `m${done}`, query: q.query, reporter: `client-${done}`, at: now.toISOString() };
      const sent: LearnedOutcome[] = [];
      const hit = got.find((g) => g.slug === want),
        top = got[0];
      if (hit) sent.push({ ...base, seq: ++seq, slug: want, capabilityId: hit.cap, outcome: "success" });
      if (top && top.slug !== want)
        sent.push({ ...base, seq: ++seq, slug: top.slug, capabilityId: top.cap, outcome: "failure" });
      log.add(sent);
      reports += sent.length;
    }
    rebuild();
    const row: Record<string, string | number> = {
      "stream seen": `${Math.round(share * 100)} %`,
      intents: done,
      outcomes: reports,
    };
    for (const [name, qs] of Object.entries(o.measure))
      row[`${name} mrr10`] = evaluate(qs, (x) => search(x).map((g) => g.slug)).mrr10;
    rows.push(row);
  }
  o.index.setLearned(undefined);
  return rows;
}
