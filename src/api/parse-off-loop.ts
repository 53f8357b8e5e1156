import { Worker } from "node:worker_threads";
import type { Diagnostic, LoadResult } from "../core/domain.js";
import { createError } from "../errors.js";

/** Bounds of the manifest parsing thread: one job at a time, a deadline each, a short queue. */
export const PARSE_LIMITS = { timeoutMs: 10_000, maxQueued: 8 } as const;

interface Job {
  id: number;
  text: string;
  file: string;
  resolve: (r: LoadResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Parses manifest texts on one worker thread, in arrival order. A job past its deadline
 * kills the worker (a fresh one takes the next job) and is answered with a diagnostic;
 * a full queue is refused with SERVER_BUSY. The event loop only pays for copying results.
 */
export class ManifestParser {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  parse(text: string, file: string): Promise<LoadResult> {
    if (this.queue.length >= PARSE_LIMITS.maxQueued) return Promise.reject(createError("SERVER_BUSY", [1]));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, text, file, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.spawn();
    const timer = setTimeout(() => {
      void this.kill();
      this.finish(
        tooComplex(
          job.file,
          `took more than ${PARSE_LIMITS.timeoutMs / 1000} s to read; simplify it or split it into several files`,
        ),
      );
    }, PARSE_LIMITS.timeoutMs);
    this.current = { job, timer };
    worker.ref();
    worker.postMessage({ id: job.id, text: job.text, file: job.file });
  }

  private finish(result: LoadResult | Error): void {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    this.worker?.unref();
    if (result instanceof Error) cur.job.reject(result);
    else cur.job.resolve(result);
    this.pump();
  }

  private async kill(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker();
    w.on("message", (m: { id: number; result: LoadResult }) => {
      if (this.current?.job.id === m.id) this.finish(m.result);
    });
    w.on("error", (e) => {
      if (this.worker === w) this.worker = undefined;
      this.finish(e);
    });
    w.on("exit", () => {
      if (this.worker === w) {
        this.worker = undefined;
        this.finish(new Error("manifest parser exited"));
      }
    });
    this.worker = w;
    return w;
  }
}

function tooComplex(file: string, message: string): LoadResult {
  const d: Diagnostic = {
    file,
    line: 1,
    column: 1,
    severity: "error",
    code: "MANIFEST_TOO_COMPLEX",
    path: "",
    message,
  };
  return { manifests: [], diagnostics: [d] };
}

/**
 * The compiled worker, or under the TypeScript test runner the .ts source through tsx's
 * loader (a worker does not inherit the runner's transform).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./manifest-worker.js", import.meta.url));
  const target = JSON.stringify(new URL("./manifest-worker.ts", import.meta.url).href);
  return new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${target}); })`, { eval: true });
}
