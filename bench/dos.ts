import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "../src/app.js";
import { demoCore } from "../test/helpers.js";
import { HOSTILE, send, startAttack, warmUp } from "./hostile.js";

/**
 * Denial of service: the probe's hostile requests against a server with the default limits on
 * loopback. First each request alone (status, reply size, wall time, longest event-loop stall),
 * then 120 of them at once from 127.0.0.2 while 127.0.0.1 reads /api/v1/methodology 40 times.
 */
export async function dosTables(): Promise<{
  single: Record<string, string | number>[];
  burst: Record<string, string | number>[];
}> {
  const core = await demoCore();
  const app = createApp(core, { logError: () => {} });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    await warmUp(base);
    const single: Record<string, string | number>[] = [];
    for (const [name, req] of HOSTILE) {
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      const r = await send(base, req);
      h.disable();
      single.push({
        request: name,
        status: r.status,
        "reply KB": Math.round(r.bytes / 100) / 10,
        "wall ms": Math.round(r.ms),
        "loop stall ms": Math.round(h.max / 1e6),
      });
    }
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const attack = await startAttack(
      base,
      Array.from({ length: 120 }, (_, i) => HOSTILE[i % HOSTILE.length]![1]),
    );
    const ms: number[] = [];
    while (ms.length < 40) ms.push((await send(base, { method: "GET", path: "/api/v1/methodology" })).ms);
    const statuses = await attack.done;
    h.disable();
    ms.sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.ceil(ms.length * q) - 1)] ?? 0);
    const burst = [
      {
        scenario: "120 hostile requests from 127.0.0.2",
        "methodology p50 ms": at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        max: at(1),
        "loop stall max ms": Math.round(h.max / 1e6),
        statuses: Object.entries(statuses)
          .map(([k, v]) => `${k}×${v}`)
          .join(" "),
      },
    ];
    return { single, burst };
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await core.store.close();
  }
}
