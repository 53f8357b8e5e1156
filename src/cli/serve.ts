import cluster from "node:cluster";
import type { Server } from "node:http";
import type { Server as NetServer } from "node:net";
import os from "node:os";
import { serve as nodeServe } from "@hono/node-server";
import { createApp } from "../app.js";
import type { RateLimit } from "../http/rate-limit.js";
import { Capgraph } from "../capgraph.js";
import { formatDiagnostic, loadManifestPaths } from "../core/domain.js";
import type { Embedder } from "../core/domain.js";
import { recordSourceLinks } from "../core/operator.js";
import { openStore } from "./db.js";
import { createError } from "../errors.js";
import { flagError } from "./flags.js";

export interface ServeOptions {
  port: number;
  host: string;
  db: string;
  demo: boolean;
  demoDir: string;
  log: (s: string) => void;
  searchMode?: "memory" | "database";
  embedder?: Embedder | undefined;
  shutdownGraceMs?: number;
  limits?: Record<string, RateLimit>;
  maxBodyBytes?: number;
  /** Processes answering requests; each holds its own index (see README, "Serving"). */
  workers?: number;
}

/** How long requests in flight may finish after SIGTERM before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** Most worker processes `serve` starts; past the core count they only add memory. */
export const MAX_WORKERS = 64;

/** One worker per core, except for an in-memory database, which one process alone can see. */
export function defaultWorkers(db: string): number {
  return db === ":memory:" ? 1 : Math.max(1, os.availableParallelism());
}

/**
 * Starts the HTTP server; with `demo`, loads the demo catalog into an empty store first.
 * With more than one worker, this process loads the demo, then forks the workers, which
 * share the port (the cluster module hands connections out in turn), and restarts a worker
 * that dies.
 */
export async function serve(o: ServeOptions): Promise<void> {
  const workers = o.workers ?? 1;
  if (workers > 1 && o.db === ":memory:")
    throw flagError(
      "--workers",
      "above 1 needs a database file or PostgreSQL: each worker would see its own empty :memory: database",
      "FLAG_CONFLICT",
    );
  if (workers > 1 && cluster.isPrimary) return servePrimary(o, workers);
  try {
    return await serveOne(o);
  } finally {
    // A worker's channel to the primary would keep it alive after its server closed or failed to start.
    if (cluster.isWorker) process.disconnect?.();
  }
}

async function serveOne(o: ServeOptions): Promise<void> {
  const store = await openStore(o.db);
  const core = new Capgraph(store, { searchMode: o.searchMode ?? "memory", embedder: o.embedder, log: o.log });
  if (o.demo && cluster.isPrimary) await loadDemoIfEmpty(core, o.demoDir, (s) => o.log(s.replace("%db", o.db)));
  // Embeds the catalog before the first request rather than inside it (a failure is logged and search stays lexical).
  await core.catalogSize();
  await core.warmSemantic();
  await settleHeap();
  const unfollow = await core.follow();
  const app = createApp(core, {
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}),
  });
  const server = nodeServe({ fetch: app.fetch, port: o.port, hostname: o.host }, (info) => {
    // Workers stay quiet: the primary prints one line for all of them.
    if (cluster.isPrimary)
      o.log(`capgraph serving http://${o.host}:${info.port} (catalog: ${o.db}, ${core.peekCount()} artifacts)\n`);
  }) as Server;
  try {
    await listening(server, o.port, o.host);
  } catch (e) {
    await core.close();
    await unfollow();
    await store.close();
    throw e;
  }
  await new Promise<void>((resolve) => {
    // Buffered searches are written before the store closes (what kill -9 can lose: see MATCH_BUFFER).
    const stop = () => {
      void core.flush();
      stopGracefully(server, o.shutdownGraceMs ?? SHUTDOWN_GRACE_MS, () => {
        void core
          .close()
          .then(unfollow)
          .then(() => store.close())
          .then(resolve);
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function servePrimary(o: ServeOptions, workers: number): Promise<void> {
  if (o.demo) {
    const store = await openStore(o.db);
    const core = new Capgraph(store);
    try {
      await loadDemoIfEmpty(core, o.demoDir, (s) => o.log(s.replace("%db", o.db)));
    } finally {
      await core.close();
      await store.close();
    }
  }
  let stopping = false;
  const listened = new Set<number>();
  await new Promise<void>((resolve, reject) => {
    cluster.on("listening", (w, address) => {
      if (listened.size === 0)
        o.log(`capgraph serving http://${o.host}:${address.port} (catalog: ${o.db}, ${workers} workers)\n`);
      listened.add(w.id);
    });
    cluster.on("exit", (w, code, signal) => {
      if (stopping) return;
      // A worker that never listened would fail again (bad database, busy port): stop instead of looping.
      if (!listened.has(w.id)) {
        stop();
        reject(createError("WORKER_FAILED", [signal ?? code ?? "unknown"]));
        return;
      }
      o.log(`capgraph: worker ${w.process.pid} ended (${signal ?? code}); starting another\n`);
      cluster.fork();
    });
    // Workers may collect garbage on request: settleHeap() after loading, before they listen.
    cluster.setupPrimary({ execArgv: [...process.execArgv, "--expose-gc"] });
    for (let i = 0; i < workers; i++) cluster.fork();
    function stop() {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter(
        (w): w is NonNullable<typeof w> => w !== undefined && !w.isDead(),
      );
      if (alive.length === 0) return resolve();
      let left = alive.length;
      for (const w of alive) {
        w.once("exit", () => {
          if (--left === 0) resolve();
        });
        w.process.kill("SIGTERM");
      }
    }
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** How long a loaded worker waits between its two collections (V8 hands freed pages back in the meantime). */
export const SETTLE_MS = 1000;

/**
 * Hands back to the system the memory that loading freed, before the process listens. Building
 * the index and scoring every artifact leave about as much garbage as the catalog itself (at 1M
 * capabilities a worker's RSS stays near 3 GB after start-up against 1.9 GB after settling):
 * V8 keeps those pages until it runs out of work or is asked. Two full collections a moment
 * apart release them. Only where collection can be asked for (`--expose-gc`, which `serve`
 * gives its workers); elsewhere a no-op.
 */
export async function settleHeap(pauseMs = SETTLE_MS): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise((r) => setTimeout(r, pauseMs));
  gc();
}

/**
 * Stops accepting connections, closes idle ones at once and cuts the rest after `graceMs`:
 * one client that never finishes its request must not keep the process alive.
 */
export function stopGracefully(server: Server, graceMs: number, done: () => void): void {
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  cut.unref();
  server.close(() => {
    clearTimeout(cut);
    done();
  });
  server.closeIdleConnections();
}

/** Loads the demo catalog only into an empty store, so a restart never overwrites edits. */
export async function loadDemoIfEmpty(core: Capgraph, dir: string, log: (s: string) => void): Promise<number> {
  if ((await core.store.countArtifacts()) > 0) return 0;
  const r = loadManifestPaths([dir], core.taxonomy);
  for (const d of r.diagnostics.filter((x) => x.severity === "error")) log(formatDiagnostic(d) + "\n");
  const sum = await core.add(r.manifests, r.diagnostics, { actor: "cli", action: "add", detail: "the demo catalog" });
  await recordSourceLinks(core.store);
  log(`loaded the demo catalog: ${sum.created.length} artifacts into %db\n`);
  return sum.created.length;
}

/** Waits until the server listens; a busy or forbidden port becomes one clear error instead of a stack. */
export function listening(server: NetServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (server.listening) return resolve();
    const fail = (e: NodeJS.ErrnoException) => {
      server.off("listening", ok);
      if (e.code === "EADDRINUSE") reject(createError("PORT_IN_USE", [port, host, port + 1, port + 1]));
      else if (e.code === "EACCES") reject(createError("PORT_FORBIDDEN", [port, host]));
      else reject(e);
    };
    const ok = () => {
      server.off("error", fail);
      resolve();
    };
    server.once("error", fail);
    server.once("listening", ok);
  });
}
