import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { Capgraph } from "../capgraph.js";

let histogram: IntervalHistogram | undefined;
/** Sampling interval of the delay histogram; every sample includes it, so it is subtracted. */
const RESOLUTION_MS = 10;

/** Event-loop delay of this process since it started answering (one histogram per process). */
function loop(): IntervalHistogram {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
  }
  return histogram;
}

/** A sample in ms beyond the sampling interval (the time the loop was blocked). */
const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

/**
 * What an operator (or a load balancer) asks of one process: is it answering, how big is its
 * catalog, how long has the event loop been blocked (p50/p99/max since start), and how the
 * write-behind match log is doing. Each worker of `serve --workers N` answers for itself.
 */
export async function health(core: Capgraph): Promise<Record<string, unknown>> {
  const h = loop();
  return {
    status: "ok",
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    artifacts: await core.catalogSize(),
    eventLoopDelayMs: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count },
    matchLog: core.matchLogStats(),
    rssBytes: process.memoryUsage.rss(),
  };
}

/** Starts measuring at once, so the first health answer covers the time since start-up. */
export function startHealth(): void {
  loop();
}
