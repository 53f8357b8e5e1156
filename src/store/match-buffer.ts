import type { MatchCount, MatchRecord, Store } from "./store.js";

/**
 * How searches reach the match log without a write on the request path. A search appends
 * its record here and answers at once; the buffer writes batches in one transaction when it
 * holds `batchSize` records, `flushMs` after the first unwritten one, and on close (SIGTERM,
 * SIGINT). A crash (kill -9) loses at most the records not yet written: those of the last
 * `flushMs` plus one batch in flight, never more than `maxPending`.
 */
export const MATCH_BUFFER = {
  /** Write as soon as this many records wait. */
  batchSize: 256,
  /** Longest a record waits before its batch is written. */
  flushMs: 100,
  /** Records held at most (waiting plus in flight); beyond it new records are dropped and counted. */
  maxPending: 10_000,
} as const;

export interface MatchBufferOptions {
  topK: number;
  /** New totals of Times matched after a batch is written. */
  onCounts: (counts: readonly MatchCount[]) => void;
  log: (line: string) => void;
  batchSize?: number;
  flushMs?: number;
  maxPending?: number;
}

export class MatchBuffer {
  private waiting: MatchRecord[] = [];
  private inFlight: Promise<void> | undefined;
  private inFlightCount = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly maxPending: number;
  /** Records written, and records dropped because the buffer was full (the store too slow or down). */
  readonly stats = { written: 0, dropped: 0, failedBatches: 0 };

  constructor(
    private readonly store: Store,
    private readonly opts: MatchBufferOptions,
  ) {
    this.batchSize = opts.batchSize ?? MATCH_BUFFER.batchSize;
    this.flushMs = opts.flushMs ?? MATCH_BUFFER.flushMs;
    this.maxPending = opts.maxPending ?? MATCH_BUFFER.maxPending;
  }

  /** Queues one search; never waits for the store. Returns false when the buffer is full and the record was dropped. */
  add(rec: MatchRecord): boolean {
    if (this.waiting.length + this.inFlightCount >= this.maxPending) {
      this.stats.dropped++;
      return false;
    }
    this.waiting.push(rec);
    if (this.waiting.length >= this.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.flushMs).unref();
    return true;
  }

  /** Whether a record with this id is still waiting or being written (feedback must then wait for it). */
  holds(id: string): boolean {
    return this.inFlightCount > 0 || this.waiting.some((r) => r.id === id);
  }

  /** Writes everything queued so far; resolves when it is in the store, or after a failed write (logged, kept queued). */
  async flush(): Promise<void> {
    const failures = this.stats.failedBatches;
    while ((this.inFlight || this.waiting.length) && this.stats.failedBatches === failures) {
      if (!this.inFlight) this.kick();
      await this.inFlight;
    }
  }

  /** Flushes and stops the timer: call before closing the store. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.batchSize);
    this.inFlightCount = batch.length;
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = undefined;
      this.inFlightCount = 0;
      if (this.waiting.length >= this.batchSize) this.kick();
      else if (this.waiting.length) this.timer ??= setTimeout(() => this.kick(), this.flushMs).unref();
    });
  }

  private async write(batch: MatchRecord[]): Promise<void> {
    try {
      const counts = await this.store.recordMatches(batch, this.opts.topK);
      this.stats.written += batch.length;
      if (counts.length) this.opts.onCounts(counts);
    } catch (e) {
      // Requeued in front while there is room: a store that is briefly away loses nothing.
      this.stats.failedBatches++;
      const room = this.maxPending - this.waiting.length;
      const keep = batch.slice(0, Math.max(0, room));
      this.stats.dropped += batch.length - keep.length;
      this.waiting.unshift(...keep);
      this.opts.log(
        `match log: a batch of ${batch.length} searches could not be written (${(e as Error).message}); ${keep.length} kept for the next try\n`,
      );
    }
  }
}
