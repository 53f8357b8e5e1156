import { serve as nodeServe } from "@hono/node-server";
import { createApp } from "../app.js";
import { Capgraph } from "../capgraph.js";
import { formatDiagnostic, loadManifestPaths } from "../catalog/manifest.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { openStore } from "./db.js";

export interface ServeOptions { port: number; host: string; db: string; demo: boolean; demoDir: string; log: (s: string) => void }

/** Starts the HTTP server; with `demo`, loads the demo catalog into an empty store first. */
export async function serve(o: ServeOptions): Promise<void> {
  const store = await openStore(o.db);
  const core = new Capgraph(store);
  if (o.demo && (await store.countArtifacts()) === 0) {
    const r = loadManifestPaths([o.demoDir], core.taxonomy ?? loadTaxonomy());
    for (const d of r.diagnostics.filter((x) => x.severity === "error")) o.log(formatDiagnostic(d) + "\n");
    const sum = await core.add(r.manifests, r.diagnostics);
    o.log(`loaded the demo catalog: ${sum.created.length} artifacts into ${o.db}\n`);
  }
  await core.snapshot();
  const app = createApp(core);
  const server = nodeServe({ fetch: app.fetch, port: o.port, hostname: o.host }, (info) => {
    o.log(`capgraph serving http://${o.host}:${info.port} (catalog: ${o.db}, ${core.peekCount()} artifacts)\n`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => { void store.close().then(resolve); });
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

