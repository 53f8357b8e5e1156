import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "../src/paths.js";

/**
 * Queries/s over HTTP: a capgraph server in its own process (demo catalog, in-memory
 * SQLite) and a keep-alive client here, so server and client each get one of the 2 cores.
 * Bounded in time and requests; loopback only.
 */
export async function httpThroughput(opts: { seconds: number; concurrency: number; paths: readonly string[]; label: string; db?: string }): Promise<Record<string, string | number>> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "http-server.ts"), ...(opts.db ? [opts.db] : [])], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (b: Buffer) => { const m = /listening (\d+)/.exec(b.toString()); if (m?.[1]) resolve(Number(m[1])); });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const get = (p: string) => new Promise<number>((resolve, reject) => {
    const s = performance.now();
    http.get({ host: "127.0.0.1", port, agent, path: p }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - s) : reject(new Error(`HTTP ${res.statusCode}`))));
    }).on("error", reject);
  });
  const deadline = performance.now() + opts.seconds * 1000;
  const times: number[] = [];
  let errors = 0, i = 0;
  const worker = async () => {
    while (performance.now() < deadline && times.length < 1_000_000) {
      try { times.push(await get(opts.paths[i++ % opts.paths.length] ?? "/")); } catch { errors++; }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  child.kill("SIGTERM");
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((times[Math.floor((p / 100) * (times.length - 1))] ?? 0) * 100) / 100;
  return { scenario: `${opts.label}, ${opts.concurrency} connections, ${opts.seconds}s`, requests: times.length, errors, "req/s": Math.round(times.length / elapsed), "p50 ms": pct(50), "p99 ms": pct(99) };
}

/** Search requests for the labelled intents. */
export function searchPaths(queries: readonly string[]): string[] {
  return queries.map((q) => `/api/v1/search?limit=10&q=${encodeURIComponent(q)}`);
}

/** Mixed traffic: 60 % API search, 20 % API compare, 10 % compare page, 10 % artifact page. */
export function mixedPaths(queries: readonly string[], slugs: readonly string[]): string[] {
  const out: string[] = [];
  queries.forEach((q, i) => {
    const a = slugs[i % slugs.length] ?? "", b = slugs[(i * 7 + 3) % slugs.length] ?? "";
    const pair = a === b ? `${a},${slugs[(i + 1) % slugs.length]}` : `${a},${b}`;
    const r = i % 10;
    out.push(r < 6 ? `/api/v1/search?limit=10&q=${encodeURIComponent(q)}` : r < 8 ? `/api/v1/compare?slugs=${pair}` : r < 9 ? `/compare/${pair.replace(",", "-vs-")}` : `/a/${a}`);
  });
  return out;
}
