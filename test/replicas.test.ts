import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { ROOT } from "../src/paths.js";

const url = inject("pgUrl");
const procs: ChildProcess[] = [];

function cli(args: string[]): ChildProcess {
  const p = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CAPGRAPH_DB: "" },
  });
  procs.push(p);
  return p;
}

function startReplica(db: string): Promise<{ base: string; proc: ChildProcess }> {
  const proc = cli(["serve", "--db", db, "--port", "0"]);
  return new Promise((resolve, reject) => {
    let err = "";
    proc.stderr?.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /serving (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m?.[1]) resolve({ base: m[1], proc });
    });
    proc.once("exit", (code) => reject(new Error(`replica exited ${code}: ${err}`)));
  });
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once("exit", (c) => r(c))));

function manifest(slug: string, i: number): string {
  return `capgraph: 1\nartifact:\n  slug: ${slug}\n  name: Replica probe ${i}\n  kind: library\n  description: Probe artifact number ${i} for the replica test.\ncapabilities:\n  - name: Zebrafish probe capability ${i}\n    description: Only here to be found by search.\n`;
}

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  ms: number,
): Promise<{ value: T | undefined; elapsed: number }> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined || Date.now() - t0 > ms) return { value: v, elapsed: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!url)("two replicas on one PostgreSQL database", () => {
  // A database of its own, so other PostgreSQL tests running in parallel cannot disturb the counts.
  const name = `replicas_${process.pid}`;
  const db = url.replace(/\/[^/]*$/, `/${name}`);
  let a: { base: string }, b: { base: string };
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const init = cli(["migrate", "--db", db]);
    expect(await exited(init)).toBe(0);
    [a, b] = await Promise.all([startReplica(db), startReplica(db)]);
  }, 60_000);
  afterAll(() => {
    for (const p of procs) p.kill("SIGKILL");
  });

  it("a change committed through one process is visible in search on both replicas within 2 s", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-rep-"));
    fs.writeFileSync(path.join(dir, "probe.yml"), manifest("replica-probe", 0));
    expect(await exited(cli(["add", dir, "--db", db]))).toBe(0);
    for (const r of [a, b]) {
      const seen = await waitFor(async () => {
        const res = (await (await fetch(`${r.base}/api/v1/search?q=zebrafish`)).json()) as {
          results: { slug: string }[];
        };
        return res.results.some((x) => x.slug === "replica-probe") ? true : undefined;
      }, 2000);
      expect(seen.value, `visible on ${r.base} after ${seen.elapsed} ms`).toBe(true);
    }
  });

  it("killing an import mid-transaction loses nothing committed and shows nothing half-written", async () => {
    const count = async (base: string) =>
      ((await (await fetch(`${base}/api/v1/artifacts`)).json()) as { artifacts: unknown[] }).artifacts.length;
    const before = await count(a.base);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-big-"));
    for (let f = 0; f < 6; f++)
      fs.writeFileSync(
        path.join(dir, `many-${f}.yml`),
        Array.from({ length: 150 }, (_, j) => manifest(`bulk-probe-${f * 150 + j}`, f * 150 + j)).join("---\n"),
      );
    const importer = cli(["add", dir, "--db", db]);
    // Kill it while its transaction is open and has written rows.
    const admin = new pg.Client({ connectionString: db });
    await admin.connect();
    const open = await waitFor(async () => {
      const r = await admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND backend_xid IS NOT NULL",
      );
      return (r.rows[0] as { n: number }).n > 0 ? true : undefined;
    }, 20_000);
    expect(open.value, "the importer opened a writing transaction").toBe(true);
    importer.kill("SIGKILL");
    await exited(importer);
    await admin.end();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await count(a.base)).toBe(before);
    expect(await count(b.base)).toBe(before);
    const probe = (await (await fetch(`${b.base}/api/v1/artifacts/replica-probe`)).json()) as { slug?: string };
    expect(probe.slug).toBe("replica-probe");
    const half = await fetch(`${a.base}/api/v1/artifacts/bulk-probe-0`);
    expect(half.status).toBe(404);
  });

  it("a killed replica does not affect the other", async () => {
    const c = await startReplica(db);
    const n = ((await (await fetch(`${c.base}/api/v1/artifacts`)).json()) as { artifacts: unknown[] }).artifacts.length;
    procs[procs.length - 1]?.kill("SIGKILL");
    const res = await fetch(`${a.base}/api/v1/artifacts`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { artifacts: unknown[] }).artifacts.length).toBe(n);
  });
});
