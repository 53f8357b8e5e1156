import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { ROOT } from "../src/paths.js";
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
  server = await new Promise((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s)); });
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  // Start the manifest parsing thread and compile the hot paths before anything is timed.
  await send(validateBomb("x: [1]\n"));
  await send({ method: "GET", path: "/compare/a-vs-b" });
  await send(mcpBatch(1));
}, 60_000);
afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

interface Req { method: string; path: string; headers?: Record<string, string>; body?: string }
interface Reply { status: number; bytes: number; ms: number }

/** One request on its own connection, optionally from another loopback address. */
function send(r: Req, localAddress = "127.0.0.1"): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers ?? {}, localAddress, agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => { bytes += d.length; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0 }));
    });
    req.setTimeout(45_000, () => req.destroy(new Error(`timeout: ${r.method} ${r.path.slice(0, 60)}`)));
    req.on("error", reject);
    req.end(r.body);
  });
}

const MCP = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const validateBomb = (body: string): Req => ({ method: "POST", path: "/api/v1/validate", body });
const mcpBatch = (n: number): Req => ({ method: "POST", path: "/mcp", headers: MCP, body: JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "tools/call", params: { name: "search", arguments: { intent: `open source speech to text model ${i}`, limit: 50 } } }))) });

/** The probe's hostile requests, one per finding that a single request could exploit. */
const HOSTILE: [string, Req][] = [
  ["finding 1: compare path of 1,700 parts", { method: "GET", path: `/compare/${"phi-4-vs-".repeat(1700)}zzz` }],
  ["finding 2: 43,225 unknown keys", validateBomb(`capgraph: 1\nartifact: {${Array.from({ length: 43_225 }, (_, i) => `k${i}: 1`).join(", ")}}\n`.slice(0, 250_000) + "}\n")],
  ["finding 2: 36,000 syntax errors", validateBomb(`a: [\n${"}\n".repeat(36_000)}`)],
  ["finding 13: alias bomb", validateBomb(["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefgh".split("").map((l, i) => `${l}: &${l} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n"))],
  ["finding 13: deep nesting", validateBomb(`a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`)],
  ["finding 3: MCP batch of 100 searches", mcpBatch(100)],
  ["finding 3: MCP batch of 10 searches, 50 results each", mcpBatch(10)],
  ["finding 7: GET /mcp event stream", { method: "GET", path: "/mcp", headers: { accept: "text/event-stream" } }],
  ["oversized body", { method: "POST", path: "/api/v1/validate", body: "x".repeat(300_000) }],
];

describe("denial of service", () => {
  it.each(HOSTILE)("%s holds the event loop only briefly (target 100 ms)", async (_name, req) => {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const reply = await send(req);
    h.disable();
    expect(reply.status).toBeGreaterThanOrEqual(200);
    expect(reply.status).not.toBe(500);
    expect(reply.bytes).toBeLessThan(2_100_000);
    // Target 100 ms; the margin leaves room for a loaded machine (before: seconds to minutes).
    expect(h.max / 1e6).toBeLessThan(400);
  });

  it("120 concurrent hostile requests from one address leave another address's reads fast", async () => {
    // The attacker is another process, so its own work does not run on the server's event loop.
    const attacker = spawn(process.execPath, ["-e", ATTACKER], { stdio: ["pipe", "pipe", "inherit"] });
    attacker.stdin.end(JSON.stringify({ port: Number(base.port), requests: Array.from({ length: 120 }, (_, i) => HOSTILE[i % HOSTILE.length]![1]) }));
    let out = "";
    attacker.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    const finished = new Promise<void>((resolve) => attacker.once("exit", () => resolve()));
    await until(() => out.includes("sent"));
    const latencies: number[] = [];
    while (latencies.length < 40) latencies.push((await send({ method: "GET", path: "/api/v1/methodology" })).ms);
    await finished;
    const statuses = JSON.parse(out.slice(out.indexOf("{"))) as Record<string, number>;
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

/** Fires every request at once from 127.0.0.2, prints "sent", then the count of each status. */
const ATTACKER = `
const http = require("node:http");
let input = "";
process.stdin.on("data", (d) => { input += d; }).on("end", async () => {
  const { port, requests } = JSON.parse(input);
  const counts = {};
  const all = requests.map((r) => new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method: r.method, path: r.path, headers: r.headers || {}, localAddress: "127.0.0.2", agent: false }, (res) => {
      res.resume();
      res.on("end", () => { counts[res.statusCode] = (counts[res.statusCode] || 0) + 1; resolve(); });
    });
    req.setTimeout(45000, () => req.destroy());
    req.on("error", () => { counts.error = (counts.error || 0) + 1; resolve(); });
    req.end(r.body);
  }));
  process.stdout.write("sent\\n");
  await Promise.all(all);
  process.stdout.write(JSON.stringify(counts));
});`;

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe("finding 7: shutdown", () => {
  it("finding 7: SIGTERM stops serve within its grace period although a client never finishes its request", async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-stop-")), "c.db");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), "serve", "--port", "0", "--db", db], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    const port = await new Promise<number>((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (d: Buffer) => { err += d.toString(); const m = /serving http:\/\/127\.0\.0\.1:(\d+)/.exec(err); if (m) resolve(Number(m[1])); });
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
