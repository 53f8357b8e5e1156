import type { Server } from "node:http";
import { serve as nodeServe } from "@hono/node-server";
import { createApp } from "../app.js";
import type { RateLimit } from "../api/rate-limit.js";
import { Capgraph } from "../capgraph.js";
import { formatDiagnostic, loadManifestPaths } from "../catalog/manifest.js";
import type { Embedder } from "../match/embedder.js";
import { openStore } from "./db.js";

export interface ServeOptions { port: number; host: string; db: string; demo: boolean; demoDir: string; log: (s: string) => void; searchMode?: "memory" | "database"; embedder?: Embedder | undefined; shutdownGraceMs?: number; limits?: Record<string, RateLimit>; maxBodyBytes?: number }

/** Starts the HTTP server; with `demo`, loads the demo catalog into an empty store first. */
export async function serve(o: ServeOptions): Promise<void> {
  const store = await openStore(o.db);
  const core = new Capgraph(store, { searchMode: o.searchMode ?? "memory", embedder: o.embedder, log: o.log });
  if (o.demo) await loadDemoIfEmpty(core, o.demoDir, (s) => o.log(s.replace("%db", o.db)));
  // Embeds the catalog before the first request rather than inside it (a failure is logged and search stays lexical).
  await core.snapshot();
  await core.warmSemantic();
  const unfollow = await core.follow();
  const app = createApp(core, { ...(o.limits ? { limits: o.limits } : {}), ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}) });
  const server = nodeServe({ fetch: app.fetch, port: o.port, hostname: o.host }, (info) => {
    o.log(`capgraph serving http://${o.host}:${info.port} (catalog: ${o.db}, ${core.peekCount()} artifacts)\n`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => stopGracefully(server as Server, o.shutdownGraceMs ?? SHUTDOWN_GRACE_MS, () => { void unfollow().then(() => store.close()).then(resolve); });
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** How long requests in flight may finish after SIGTERM before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Stops accepting connections, closes idle ones at once and cuts the rest after `graceMs`:
 * one client that never finishes its request must not keep the process alive.
 */
export function stopGracefully(server: Server, graceMs: number, done: () => void): void {
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  cut.unref();
  server.close(() => { clearTimeout(cut); done(); });
  server.closeIdleConnections();
}


/** Loads the demo catalog only into an empty store, so a restart never overwrites edits. */
export async function loadDemoIfEmpty(core: Capgraph, dir: string, log: (s: string) => void): Promise<number> {
  if ((await core.store.countArtifacts()) > 0) return 0;
  const r = loadManifestPaths([dir], core.taxonomy);
  for (const d of r.diagnostics.filter((x) => x.severity === "error")) log(formatDiagnostic(d) + "\n");
  const sum = await core.add(r.manifests, r.diagnostics);
  log(`loaded the demo catalog: ${sum.created.length} artifacts into %db\n`);
  return sum.created.length;
}
