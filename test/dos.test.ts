import { spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { ROOT } from "../src/paths.js";
import { HOSTILE, send, startAttack, warmUp } from "../bench/hostile.js";
import { demoCore } from "./helpers.js";

/**
 * The denial-of-service suite: the hostile requests of the probe against a real server on
 * loopback, bounded in count and time. Thresholds carry a wide margin over the 100 ms target
 * because the machines that run the suite are shared; docs/security.md has measured values.
 */
let core: Capgraph;
let server: ServerType;
let base: URL;

beforeAll(async () => {
  core = await demoCore();
  const app = createApp(core, { logError: () => {} });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  // Start the manifest parsing thread and compile the hot paths before anything is timed.
  await warmUp(base);
}, 60_000);
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe("denial of service", () => {
  it.each(HOSTILE)("%s holds the event loop only briefly (target 100 ms)", async (_name, req) => {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const reply = await send(base, req);
    h.disable();
    expect(reply.status).toBeGreaterThanOrEqual(200);
    expect(reply.status).not.toBe(500);
    expect(reply.bytes).toBeLessThan(2_100_000);
    // Target 100 ms; the margin leaves room for a loaded machine (before: seconds to minutes).
    expect(h.max / 1e6).toBeLessThan(400);
  });

  it("120 concurrent hostile requests from one address leave another address's reads fast", async () => {
    // The attacker is another process, so its own work does not run on the server's event loop.
    const attack = await startAttack(
      base,
      Array.from({ length: 120 }, (_, i) => HOSTILE[i % HOSTILE.length]![1]),
    );
    const latencies: number[] = [];
    while (latencies.length < 40) latencies.push((await send(base, { method: "GET", path: "/api/v1/methodology" })).ms);
    const statuses = await attack.done;
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(120);
    expect(statuses["500"]).toBeUndefined();
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1] ?? Infinity;
    const median = latencies[latencies.length >> 1] ?? Infinity;
    // Target: 100 ms at p99. Measured here (2 shared cores): median 2-10 ms, p99 0.2-1.2 s from
    // single stalls of up to ~0.7 s while MCP searches of 50 results run (see docs/security.md,
    // Known gaps); before these fixes one such burst held every read for 13 s and more.
    expect(median).toBeLessThan(100);
    expect(p99).toBeLessThan(2_500);
  }, 90_000);
});

describe("finding 7: shutdown", () => {
  it("finding 7: SIGTERM stops serve within its grace period although a client never finishes its request", async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-stop-")), "c.db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), "serve", "--port", "0", "--db", db],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    const port = await new Promise<number>((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /serving http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", () => reject(new Error(`serve exited early: ${err}`)));
    });
    // A request whose body never arrives keeps its connection busy forever.
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.write("POST /api/v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc");
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    socket.destroy();
    expect(code).toBe(0);
    // The grace period is 5 s; before, such a client held serve for as long as it liked.
    expect(performance.now() - t0).toBeLessThan(15_000);
  }, 60_000);
});
