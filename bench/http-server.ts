import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app.js";
import { Capgraph } from "../src/capgraph.js";
import { openStore } from "../src/cli/db.js";
import { loadDemoIfEmpty } from "../src/cli/serve.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";

// The server side of bench/http.ts: the demo catalog in the store named by argv[2]
// (default: in-memory SQLite) on a free loopback port, without rate limits (one client sends everything).
const store = await openStore(process.argv[2] ?? ":memory:");
const core = new Capgraph(store);
await loadDemoIfEmpty(core, DEMO_CATALOG_DIR, () => {});
await core.snapshot();
const unfollow = await core.follow();
const server = serve({ fetch: createApp(core, { limits: {} }).fetch, port: 0, hostname: "127.0.0.1" }, () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => void core.close().then(unfollow).then(() => store.close()).then(() => process.exit(0))));
