import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app.js";
import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { loadTaxonomy } from "../src/catalog/taxonomy.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";

// The server side of bench/http.ts: demo catalog in an in-memory store, a free loopback port.
const core = new Capgraph(openSqliteStore(":memory:"));
const r = loadManifestPaths([DEMO_CATALOG_DIR], loadTaxonomy());
await core.add(r.manifests, r.diagnostics);
await core.snapshot();
const server = serve({ fetch: createApp(core).fetch, port: 0, hostname: "127.0.0.1" }, () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
