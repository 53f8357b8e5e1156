import cluster from "node:cluster";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../src/app.js";
import { Capgraph } from "../src/capgraph.js";
import { openStore } from "../src/cli/db.js";
import { loadDemoIfEmpty, settleHeap } from "../src/cli/serve.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { fts5Retriever } from "./baselines/fts5.js";
import { syntheticCorpus } from "./synthetic.js";

/**
 * The server side of bench/http.ts, one of:
 * - `capgraph DB [WORKERS]`: capgraph on the store DB (the demo catalog when it is empty),
 *   WORKERS processes sharing the port, without rate limits (one client sends everything);
 * - `fts5 N|FILE`: SQLite FTS5 over the same N synthetic capabilities (or the table in FILE,
 *   see writeFts5File) behind a bare node:http server (`/search?q=` → the top 10 artifact slugs as JSON);
 * - `hello`: a bare node:http route, the ceiling of this machine's HTTP stack.
 * Prints `listening PORT` once every process listens.
 */
const [mode = "capgraph", arg = ":memory:", workersArg = "1"] = process.argv.slice(2);
const announce = (port: number) => process.stdout.write(`listening ${port}\n`);

if (mode === "hello") {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("hello");
  });
  server.listen(0, "127.0.0.1", () => announce((server.address() as AddressInfo).port));
  process.on("SIGTERM", () => process.exit(0));
} else if (mode === "fts5") {
  // A file written by the bench (the catalog generated once for both systems), else N synthetic capabilities built here.
  const fts = /^\d+$/.test(arg) ? fts5Retriever() : fts5Retriever(arg);
  if (/^\d+$/.test(arg)) fts.build(syntheticCorpus(Number(arg)));
  const server = http.createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams.get("q") ?? "";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ results: fts.search(q, 10) }));
  });
  server.listen(0, "127.0.0.1", () => announce((server.address() as AddressInfo).port));
  process.on("SIGTERM", () => process.exit(0));
} else {
  const workers = Number(workersArg);
  if (workers > 1 && cluster.isPrimary) {
    // The demo is loaded once, before the workers start, so they never race to fill an empty store.
    const store = await openStore(arg);
    await loadDemoIfEmpty(new Capgraph(store), DEMO_CATALOG_DIR, () => {});
    await store.close();
    cluster.setupPrimary({ execArgv: [...process.execArgv, "--expose-gc"] });
    for (let i = 0; i < workers; i++) cluster.fork();
    // Announced once every worker listens: at 1M a worker takes a minute or more to load, and
    // measuring while one still loads would charge its start-up to the requests.
    let listening = 0;
    cluster.on("listening", (_w, a) => {
      if (++listening === workers) announce(a.port);
    });
    process.on("SIGTERM", () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      process.exit(0);
    });
  } else {
    const store = await openStore(arg);
    const core = new Capgraph(store);
    await loadDemoIfEmpty(core, DEMO_CATALOG_DIR, () => {});
    await core.snapshot();
    // As `serve` does before its workers listen.
    await settleHeap();
    const unfollow = await core.follow();
    // Port 0 in a cluster worker: the primary hands every worker the same free port.
    const server = serve({ fetch: createApp(core, { limits: {} }).fetch, port: 0, hostname: "127.0.0.1" }, () => {
      if (cluster.isPrimary) announce((server.address() as AddressInfo).port);
    });
    process.on("SIGTERM", () => {
      server.close();
      void core
        .close()
        .then(unfollow)
        .then(() => store.close())
        .then(() => process.exit(0));
    });
  }
}
