import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../src/paths.js";

const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
});

function cli(args: string[]): ChildProcess {
  const p = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CAPGRAPH_DB: "", CAPGRAPH_WORKERS: "" },
  });
  procs.push(p);
  return p;
}

function output(p: ChildProcess): { text: () => string } {
  let text = "";
  p.stderr?.on("data", (b: Buffer) => {
    text += b.toString();
  });
  p.stdout?.on("data", (b: Buffer) => {
    text += b.toString();
  });
  return { text: () => text };
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once("exit", (c) => r(c))));

async function serving(p: ChildProcess, out: { text: () => string }): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const m = /serving (http:\/\/[\d.]+:\d+)/.exec(out.text());
    if (m?.[1]) return m[1];
    if (p.exitCode !== null) throw new Error(`serve exited ${p.exitCode}: ${out.text()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`serve did not start: ${out.text()}`);
}

/** Direct children of a process that run `capgraph serve` (the cluster's workers; not tsx's compiler service). */
function workers(pid: number): string[] {
  const listed = execFileSync("ps", ["-o", "args=", "--ppid", String(pid)], { encoding: "utf8" }).trim();
  return listed.split("\n").filter((line) => /main\.ts serve /.test(line));
}

describe("serve --workers", () => {
  it("answers from two worker processes on one port, sees a catalog change in each, and stops cleanly on SIGTERM", async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-workers-")), "w.db");
    const p = cli(["serve", "--db", db, "--demo", "--port", "0", "--workers", "2"]);
    const out = output(p);
    const base = await serving(p, out);
    expect(out.text()).toMatch(/2 workers/);
    expect(workers(p.pid ?? 0)).toHaveLength(2);
    for (let i = 0; i < 6; i++) expect((await fetch(`${base}/api/v1/methodology`)).status).toBe(200);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-workers-m-"));
    fs.writeFileSync(
      path.join(dir, "probe.yml"),
      "capgraph: 1\nartifact:\n  slug: worker-probe\n  name: Worker probe\n  kind: library\n  description: Probe artifact for the workers test.\ncapabilities:\n  - name: Quokka probe capability\n    description: Only here to be found by search.\n",
    );
    const add = cli(["add", path.join(dir, "probe.yml"), "--db", db]);
    expect(await exited(add)).toBe(0);
    // Connections are handed to the workers in turn: every one of several requests must see the change.
    for (let i = 0; i < 6; i++) {
      const body = (await (
        await fetch(`${base}/api/v1/search?q=quokka+probe`, { headers: { connection: "close" } })
      ).json()) as { results: { slug: string }[] };
      expect(body.results[0]?.slug).toBe("worker-probe");
    }
    // A client that sends half a request and waits must not keep the server from stopping.
    const url = new URL(base);
    const stuck = net.connect(Number(url.port), url.hostname, () =>
      stuck.write("GET /api/v1/methodology HTTP/1.1\r\nHost: x\r\n"),
    );
    stuck.on("error", () => {});
    await new Promise((r) => setTimeout(r, 200));
    p.kill("SIGTERM");
    expect(await exited(p)).toBe(0);
    stuck.destroy();
  }, 120_000);

  it("a busy port stops every worker and the server with one clear error, instead of hanging", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-workers-busy-")), "w.db");
    const p = cli(["serve", "--db", db, "--port", String(port), "--workers", "2"]);
    const out = output(p);
    const code = await exited(p);
    blocker.close();
    expect(code).not.toBe(0);
    expect(out.text()).toMatch(/PORT_IN_USE/);
    expect(out.text()).toMatch(/WORKER_FAILED/);
  }, 60_000);

  it("refuses several workers on an in-memory database, and a worker count out of range", async () => {
    const a = cli(["serve", "--db", ":memory:", "--workers", "2", "--port", "0"]);
    const outA = output(a);
    expect(await exited(a)).toBe(2);
    expect(outA.text()).toMatch(/--workers: FLAG_CONFLICT above 1 needs a database file/);
    const b = cli(["serve", "--db", "x.db", "--workers", "0"]);
    const outB = output(b);
    expect(await exited(b)).toBe(2);
    expect(outB.text()).toMatch(/--workers: BAD_FLAG must be a whole number from 1 to 64/);
  }, 30_000);
});
