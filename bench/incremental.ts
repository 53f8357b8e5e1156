import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import type { Artifact, NormalizedManifest } from "../src/catalog/schema.js";
import { loadTaxonomy } from "../src/catalog/taxonomy.js";
import { openStore } from "../src/cli/db.js";
import { SnapshotService } from "../src/core/snapshot.js";
import { Learning } from "../src/match/learning.js";
import { ROOT } from "../src/paths.js";
import type { Store } from "../src/store/store.js";
import { treeUsage } from "./proc.js";
import { writeSyntheticCatalog } from "./startup.js";
import { sampleCapability, sampleManifest } from "../src/store/fixtures.suite.js";

/**
 * One catalog change reaching search (`npm run bench -- --only incremental`): a synthetic
 * catalog in a store, `serve` replicas on it, one artifact upserted through the store, and the
 * time until every replica answers a search with it. Half the changes add an artifact, half
 * change one; "full reload" rounds empty the change log first, so the replicas take the path
 * every change took before (reload, re-score and rebuild everything).
 */

type Row = Record<string, string | number>;
type Mode = "incremental" | "full reload";
/** SQL on the store's own database (to empty the change log). */
export type Raw = (sql: string) => Promise<void>;

const POLL_MS = 20;

function serve(db: string): Promise<{ base: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    [
      "--max-old-space-size=8192",
      "--import",
      "tsx",
      path.join(ROOT, "src", "cli", "main.ts"),
      "serve",
      "--db",
      db,
      "--port",
      "0",
      "--workers",
      "1",
      "--rate-limit",
      "off",
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CAPGRAPH_DB: "" } },
  );
  return new Promise((resolve, reject) => {
    let err = "";
    proc.stderr?.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /serving (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m?.[1]) resolve({ base: m[1], proc });
    });
    proc.once("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

async function slugsFor(base: string, q: string): Promise<string[]> {
  const r = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}&limit=3`);
  if (!r.ok) throw new Error(`search answered ${r.status}`);
  return ((await r.json()) as { results: { slug: string }[] }).results.map((x) => x.slug);
}

/** A word no synthetic capability has (letters only, so analysis keeps it whole). */
const probeWord = (r: number) =>
  `zyqprobe${String.fromCharCode(97 + (r % 26))}${String.fromCharCode(97 + Math.floor(r / 26))}`;

/** Round r's change: a new artifact (even rounds) or an existing one with the probe word in its first capability's name. */
async function change(
  store: Store,
  existing: readonly string[],
  r: number,
): Promise<{ manifest: NormalizedManifest; slug: string }> {
  const word = probeWord(r);
  if (r % 2 === 0) {
    const slug = `incremental-probe-${r}`;
    const capability = sampleCapability({
      id: "c0",
      uri: "capability://text.generation",
      name: `${word} capability`,
      description: "Found by its probe word.",
    });
    const manifest = sampleManifest(slug, {
      name: `Probe ${r}`,
      description: "Bench probe.",
      capabilities: [capability],
    });
    return { manifest, slug };
  }
  const slug = existing[(r * 97) % existing.length] as string;
  const a = (await store.getArtifact(slug)) as Artifact;
  const [first, ...rest] = a.capabilities;
  return {
    manifest: {
      artifact: { ...a, capabilities: first ? [{ ...first, name: `${first.name} ${word}` }, ...rest] : rest },
      signals: [],
    },
    slug,
  };
}

/** Milliseconds until `base` returns `slug` for `word`, and how many searches that took. */
async function visible(base: string, word: string, slug: string, t0: number): Promise<{ ms: number; polls: number }> {
  for (let polls = 1; ; polls++) {
    if ((await slugsFor(base, word)).includes(slug)) return { ms: performance.now() - t0, polls };
    if (performance.now() - t0 > 60_000) throw new Error(`${slug} not visible after 60 s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : NaN;
};
const ms0 = (x: number) => Math.round(x);

/** Served replicas on `db`: each round's time until every replica finds the change, and the replicas' CPU for it. */
async function servedRows(
  label: string,
  db: string,
  replicas: number,
  rounds: { incremental: number; full: number },
  raw: Raw,
): Promise<Row[]> {
  const servers = await Promise.all(Array.from({ length: replicas }, () => serve(db)));
  try {
    // The first search loads the catalog (start-up); then the CPU of one plain search, to take the polls out.
    await Promise.all(servers.map((s) => slugsFor(s.base, "warm up the index")));
    const before = servers.map((s) => treeUsage(s.proc.pid as number).cpuS);
    const warm = 20;
    for (let i = 0; i < warm; i++) await Promise.all(servers.map((s) => slugsFor(s.base, "nothing here yet")));
    const perPoll = median(
      servers.map((s, i) => (treeUsage(s.proc.pid as number).cpuS - (before[i] as number)) / warm),
    );
    const store = await openStore(db);
    const existing = (await store.listArtifacts()).map((a) => a.slug);
    const out: Row[] = [];
    try {
      let r = 0;
      for (const [mode, count] of [
        ["incremental", rounds.incremental],
        ["full reload", rounds.full],
      ] as const) {
        const times: number[] = [],
          cpu: number[] = [];
        for (let i = 0; i < count; i++, r++) {
          const { manifest, slug } = await change(store, existing, r);
          const cpu0 = servers.map((s) => treeUsage(s.proc.pid as number).cpuS);
          const t0 = performance.now();
          await store.upsertManifests([manifest]);
          if (mode === "full reload") await raw("DELETE FROM catalog_changes");
          const seen = await Promise.all(servers.map((s) => visible(s.base, probeWord(r), slug, t0)));
          seen.forEach((v, k) => {
            times.push(v.ms);
            cpu.push((treeUsage(servers[k]?.proc.pid as number).cpuS - (cpu0[k] as number) - v.polls * perPoll) * 1000);
          });
        }
        out.push(row(label, replicas, mode, times, cpu));
      }
    } finally {
      await store.close();
    }
    return out;
  } finally {
    for (const s of servers) s.proc.kill("SIGTERM");
  }
}

function row(label: string, replicas: number, mode: Mode, times: readonly number[], cpu: readonly number[]): Row {
  return {
    store: label,
    replicas,
    path: mode,
    changes: times.length / replicas,
    "visible on all, median ms": ms0(median(times)),
    "max ms": ms0(Math.max(...times)),
    "≤ 1 s": times.every((t) => t <= 1000) ? "yes" : "no",
    "replica CPU per change, median ms (10 ms ticks)": ms0(Math.max(0, median(cpu))),
  };
}

/** In one process (precise CPU): SnapshotService.get() after one upsert, incremental and with the change log emptied. */
async function inProcessRows(
  label: string,
  db: string,
  rounds: { incremental: number; full: number },
  raw: Raw,
): Promise<Row[]> {
  const store = await openStore(db);
  const snaps = new SnapshotService(store, {
    taxonomy: loadTaxonomy(),
    now: () => new Date(),
    learning: new Learning(),
    log: () => {},
    refreshMs: 0,
    mergeQuietMs: 3_600_000,
  });
  const out: Row[] = [];
  try {
    const c0 = process.cpuUsage();
    await snaps.get();
    const startCpu = cpuMs(c0);
    const existing = (await store.listArtifacts()).map((a) => a.slug);
    let r = 100;
    for (const [mode, count] of [
      ["incremental", rounds.incremental],
      ["full reload", rounds.full],
    ] as const) {
      const cpu: number[] = [],
        wall: number[] = [],
        delta: number[] = [];
      for (let i = 0; i < count; i++, r++) {
        const { manifest, slug } = await change(store, existing, r);
        await store.upsertManifests([manifest]);
        if (mode === "full reload") await raw("DELETE FROM catalog_changes");
        const c = process.cpuUsage(),
          t = performance.now();
        const s = await snaps.get();
        wall.push(performance.now() - t);
        cpu.push(cpuMs(c));
        delta.push(s.index.deltaSize);
        const hit = s.index.search(probeWord(r), 3).artifacts.map((a) => s.artifacts[a.artifact]?.slug);
        if (!hit.includes(slug)) throw new Error(`${slug} not found in-process after ${mode}`);
      }
      out.push({
        store: label,
        path: mode,
        changes: count,
        "get() CPU median ms": ms0(median(cpu)),
        "get() wall median ms": ms0(median(wall)),
        "delta capabilities at the end": delta.at(-1) ?? 0,
        "first full load CPU ms": ms0(startCpu),
      });
    }
  } finally {
    await snaps.close();
    await store.close();
  }
  return out;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

export const sqliteRaw =
  (file: string): Raw =>
  async (sql) => {
    const db = new Database(file);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };
export const pgRaw =
  (url: string): Raw =>
  async (sql) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

/** Both tables for one store: served replicas, then the in-process CPU. */
export async function incrementalRows(
  label: string,
  db: string,
  n: number,
  replicas: number,
  raw: Raw,
  rounds = { incremental: 6, full: 2 },
): Promise<{ served: Row[]; inProcess: Row[] }> {
  await writeSyntheticCatalog(db, n, 2000);
  const served = await servedRows(label, db, replicas, rounds, raw);
  const inProcess = await inProcessRows(label, db, rounds, raw);
  return { served, inProcess };
}
