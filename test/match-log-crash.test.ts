import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../src/paths.js";
import { MATCH_BUFFER } from "../src/store/match-buffer.js";

const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
});

function serve(db: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), "serve", "--demo", "--db", db, "--port", "0"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CAPGRAPH_DB: "" } },
  );
  procs.push(proc);
  return new Promise((resolve, reject) => {
    let err = "";
    proc.stderr?.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /serving http:\/\/[\d.]+:(\d+)/.exec(err);
      if (m?.[1]) resolve({ port: Number(m[1]), proc });
    });
    proc.once("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

/** One search; resolves with its matchId, or undefined for any answer but 200 (rate limits) or a dropped connection. */
function search(port: number, agent: http.Agent, q: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    http
      .get({ host: "127.0.0.1", port, agent, path: `/api/v1/search?limit=10&q=${encodeURIComponent(q)}` }, (res) => {
        let body = "";
        res.on("data", (b: Buffer) => {
          body += b.toString();
        });
        res.on("end", () =>
          resolve(res.statusCode === 200 ? (JSON.parse(body) as { matchId: string }).matchId : undefined),
        );
        res.on("error", () => resolve(undefined));
      })
      .on("error", () => resolve(undefined));
  });
}

describe("match log under kill -9 (16.1, 11.8)", () => {
  it("a crash loses only the searches of the last flush interval: every search answered a second before the kill is stored", async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-crash-")), "c.db");
    const { port, proc } = await serve(db);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const answered: { id: string; at: number }[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const id = await search(port, agent, `transcribe audio ${w} ${i}`);
        if (id) answered.push({ id, at: Date.now() });
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    await new Promise((r) => setTimeout(r, 2500));
    const killedAt = Date.now();
    proc.kill("SIGKILL");
    await new Promise((r) => proc.once("exit", r));
    stop = true;
    await load;
    agent.destroy();
    const stored = new Set(
      (() => {
        const d = new Database(db, { readonly: true });
        try {
          return (d.prepare("SELECT id FROM matches").all() as { id: string }[]).map((r) => r.id);
        } finally {
          d.close();
        }
      })(),
    );
    const lost = answered.filter((a) => !stored.has(a.id));
    expect(answered.length).toBeGreaterThan(20);
    // The bound: a batch is written at most flushMs after its first search, so only searches
    // answered in the last flush interval (plus one batch being written) can be lost; one
    // second leaves room for a loaded machine.
    expect(answered.filter((a) => a.at < killedAt - 1000 && !stored.has(a.id))).toEqual([]);
    expect(lost.length).toBeLessThanOrEqual(MATCH_BUFFER.maxPending);
    // Every stored search was answered or in flight: nothing is invented.
    expect(stored.size).toBeLessThanOrEqual(answered.length + 8);
  }, 60_000);
});
