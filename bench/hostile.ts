import { spawn } from "node:child_process";
import http from "node:http";
import { performance } from "node:perf_hooks";

/**
 * The hostile requests of the probe (issue 11), shared by the denial-of-service suite
 * (test/dos.test.ts) and its benchmark (bench/dos.ts), with a loopback client for them.
 */
export interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface Reply {
  status: number;
  bytes: number;
  ms: number;
}

/** One request on its own connection, optionally from another loopback address. */
export function send(base: URL, r: Req, localAddress = "127.0.0.1"): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: r.headers ?? {},
        localAddress,
        agent: false,
      },
      (res) => {
        let bytes = 0;
        res.on("data", (d: Buffer) => {
          bytes += d.length;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0 }));
      },
    );
    req.setTimeout(45_000, () => req.destroy(new Error(`timeout: ${r.method} ${r.path.slice(0, 60)}`)));
    req.on("error", reject);
    req.end(r.body);
  });
}

const MCP = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const validateBomb = (body: string): Req => ({ method: "POST", path: "/api/v1/validate", body });
const mcpBatch = (n: number): Req => ({
  method: "POST",
  path: "/mcp",
  headers: MCP,
  body: JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      jsonrpc: "2.0",
      id: i,
      method: "tools/call",
      params: { name: "search", arguments: { intent: `open source speech to text model ${i}`, limit: 50 } },
    })),
  ),
});

/** The probe's hostile requests, one per finding that a single request could exploit. */
export const HOSTILE: [string, Req][] = [
  ["finding 1: compare path of 1,700 parts", { method: "GET", path: `/compare/${"phi-4-vs-".repeat(1700)}zzz` }],
  [
    "finding 2: 43,225 unknown keys",
    validateBomb(
      `capgraph: 1\nartifact: {${Array.from({ length: 43_225 }, (_, i) => `k${i}: 1`).join(", ")}}\n`
        .slice(0, 255_000)
        .replace(/, [^,]*$/, "}\n"),
    ),
  ],
  ["finding 2: 36,000 syntax errors", validateBomb(`a: [\n${"}\n".repeat(36_000)}`)],
  [
    "finding 13: alias bomb",
    validateBomb(
      [
        "a: &a [x, x, x, x, x, x, x, x, x]",
        ..."bcdefgh".split("").map((l, i) => `${l}: &${l} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`),
      ].join("\n"),
    ),
  ],
  ["finding 13: deep nesting", validateBomb(`a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`)],
  ["finding 3: MCP batch of 100 searches", mcpBatch(100)],
  ["finding 3: MCP batch of 10 searches, 50 results each", mcpBatch(10)],
  ["finding 7: GET /mcp event stream", { method: "GET", path: "/mcp", headers: { accept: "text/event-stream" } }],
  ["oversized body", { method: "POST", path: "/api/v1/validate", body: "x".repeat(300_000) }],
];

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

/** Compiles the hot paths and starts the manifest parsing thread before anything is timed. */
export async function warmUp(base: URL): Promise<void> {
  await send(base, validateBomb("x: [1]\n"));
  await send(base, { method: "GET", path: "/compare/a-vs-b" });
  await send(base, mcpBatch(1));
}

/**
 * Sends every request at once from 127.0.0.2 in another process (so the attacker's own work
 * does not run on the server's event loop); resolves once all are sent, with `done`: the count
 * of each status.
 */
export async function startAttack(
  base: URL,
  requests: readonly Req[],
): Promise<{ done: Promise<Record<string, number>> }> {
  const attacker = spawn(process.execPath, ["-e", ATTACKER], { stdio: ["pipe", "pipe", "inherit"] });
  attacker.stdin.end(JSON.stringify({ port: Number(base.port), requests }));
  let out = "";
  attacker.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const finished = new Promise<Record<string, number>>((resolve) =>
    attacker.once("exit", () => resolve(JSON.parse(out.slice(out.indexOf("{")) || "{}") as Record<string, number>)),
  );
  await until(() => out.includes("sent"));
  return { done: finished };
}
