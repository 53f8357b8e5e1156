import { serve as nodeServe } from "@hono/node-server";
import { createApp } from "../app.js";
import { Capgraph } from "../capgraph.js";
import { formatDiagnostic, loadManifestPaths } from "../catalog/manifest.js";
import type { Embedder } from "../match/embedder.js";
import { openStore } from "./db.js";

export interface ServeOptions { port: number; host: string; db: string; demo: boolean; demoDir: string; log: (s: string) => void; searchMode?: "memory" | "database"; embedder?: Embedder | undefined }

/** Starts the HTTP server; with `demo`, loads the demo catalog into an empty store first. */
export async function serve(o: ServeOptions): Promise<void> {
  const store = await openStore(o.db);
  const core = new Capgraph(store, { searchMode: o.searchMode ?? "memory", embedder: o.embedder, log: o.log });
  if (o.demo) await loadDemoIfEmpty(core, o.demoDir, (s) => o.log(s.replace("%db", o.db)));
  // Embeds the catalog before the first request rather than inside it (a failure is logged and search stays lexical).
  await core.snapshot();
  await core.warmSemantic();
  const unfollow = await core.follow();
  const app = createApp(core);
  const server = nodeServe({ fetch: app.fetch, port: o.port, hostname: o.host }, (info) => {
    o.log(`capgraph serving http://${o.host}:${info.port} (catalog: ${o.db}, ${core.peekCount()} artifacts)\n`);
  });
  await new Promise<void>((resolve) => {
    // Buffered searches are written before the store closes (what kill -9 can lose: see MATCH_BUFFER).
    const stop = () => {
      void core.flush();
      server.close(() => { void core.close().then(unfollow).then(() => store.close()).then(resolve); });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
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
