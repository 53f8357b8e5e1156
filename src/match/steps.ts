/**
 * A computation written as a generator that yields now and then (every few hundred
 * capabilities, terms or postings), so one piece of code serves two callers: start-up runs it
 * to the end at once, a serving process runs it in slices between which the event loop answers
 * requests (match/DESIGN.md, "Whole-catalog builds while serving"). A yield carries no value and costs about
 * a function call.
 */
export type Steps<T> = Generator<void, T, void>;

/**
 * Longest synchronous stretch of a sliced build before it gives the event loop a turn. A few
 * milliseconds keep a request's wait far below a search's p99 target (10 ms); each turn costs
 * one `setImmediate` (microseconds). Range: 1 … 50 ms.
 */
export const BUILD_SLICE_MS = 5;

/** Items (capabilities, terms, artifacts) processed between two yields: well under a millisecond of work at every stage. */
export const STEP_ITEMS = 32;

/** Runs `steps` to the end in one synchronous stretch (start-up: nothing to serve yet, so nothing to wait for). */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs `steps` in slices of about `sliceMs`, giving the event loop a turn (`setImmediate`: after
 * pending I/O callbacks, so arrived requests are answered) between two slices. Infinity runs it
 * in one stretch, like runSteps. Undefined when `cancelled()` said so at a turn (work dropped).
 */
export function runSliced<T>(steps: Steps<T>, sliceMs?: number): Promise<T>;
export function runSliced<T>(
  steps: Steps<T>,
  sliceMs: number | undefined,
  cancelled: () => boolean,
): Promise<T | undefined>;
export async function runSliced<T>(
  steps: Steps<T>,
  sliceMs = BUILD_SLICE_MS,
  cancelled: () => boolean = () => false,
): Promise<T | undefined> {
  let until = performance.now() + sliceMs;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled()) return undefined;
      until = performance.now() + sliceMs;
    }
  }
}
