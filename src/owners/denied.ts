import { isCapgraphError } from "../errors.js";
import type { Store } from "../store/store.js";

/** Denied writes (401/403) logged per client and minute; the rest are counted into the next row. */
export const DENIED_AUDIT_PER_MINUTE = 10;
/** Clients tracked at once; the table is emptied beyond it so a flood of addresses cannot grow it. */
const MAX_CLIENTS = 10_000;
const WINDOW_MS = 60_000;

/**
 * Writes an audit row for each refused write (no key, bad key, wrong scope, another owner's
 * slug), at most DENIED_AUDIT_PER_MINUTE per client and minute so that a client cannot fill
 * the log; the next row written for that client says how many were left out.
 */
export class DeniedAudit {
  private readonly windows = new Map<string, { start: number; logged: number; skipped: number }>();
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `e` if it is a 401 or 403; never throws (the caller answers with `e` anyway). */
  async note(e: unknown, client: string, action: string, target: string): Promise<void> {
    if (!isCapgraphError(e) || (e.status !== 401 && e.status !== 403)) return;
    const t = this.now();
    if (this.windows.size >= MAX_CLIENTS && !this.windows.has(client)) this.windows.clear();
    let w = this.windows.get(client);
    if (!w || t - w.start >= WINDOW_MS)
      this.windows.set(client, (w = { start: t, logged: 0, skipped: w?.skipped ?? 0 }));
    if (w.logged >= DENIED_AUDIT_PER_MINUTE) {
      w.skipped++;
      return;
    }
    w.logged++;
    const skipped = w.skipped ? `; ${w.skipped} earlier denied attempt(s) from this client not logged` : "";
    w.skipped = 0;
    try {
      await this.store.appendAudit({
        at: new Date(t).toISOString(),
        actor: client.slice(0, 100),
        action: `${action}.denied`,
        target: target.slice(0, 200),
        detail: `${e.status} ${e.code}: ${e.message.slice(0, 300)}${skipped}`,
      });
    } catch {
      // The refusal stands whether or not it could be logged.
    }
  }
}
