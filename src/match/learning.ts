import type { Artifact } from "../catalog/schema.js";
import type { LearnedOutcome } from "../outcomes/feedback.js";
import type { CapabilityMatch } from "./engine.js";
import type { SearchIndex } from "./segments.js";
import { LearnedIndex, type LearnedHit, type LearnedIntentSummary } from "./learned.js";
import { LearnedOutcomes } from "./learned-outcomes.js";

/** What a search result says about learned intents: "asked this way by N people". */
export interface LearnedNote {
  /** Distinct reporters whose reported intents, close to this one, this result answered. */
  people: number;
  /** The closest of those intents. */
  intent: string;
  text: string;
}

/** The note for a result whose capabilities the learned intents raised; null when they did not. */
export function learnedNote(
  index: SearchIndex,
  query: string,
  hits: readonly LearnedHit[],
  caps: readonly CapabilityMatch[],
): LearnedNote | null {
  let best: LearnedHit | undefined;
  for (const c of caps)
    for (const h of hits)
      if (h.ordinal === c.ordinal && h.score > 0 && h.voters.length > 0 && (!best || h.score > best.score)) best = h;
  const learned = index.learnedIndex;
  if (!best || !learned) return null;
  const { people, intent } = learned.explain(best, query);
  return { people, intent, text: `asked this way by ${people} ${people === 1 ? "person" : "people"}` };
}

/** Where learned outcomes come from: a port the stores implement. */
export interface LearnedOutcomeSource {
  listLearnedOutcomes(afterSeq: number): Promise<LearnedOutcome[]>;
}

/**
 * Rows are re-read from this many sequence numbers before the last one seen: on PostgreSQL a
 * transaction can commit a lower sequence number after a higher one became visible.
 */
export const SEQ_LOOKBACK = 1000;
/** Longest the side index lags new outcomes while they keep arriving (a rebuild costs ~25 ms per 1,000 learned intents here). */
export const LEARN_REBUILD_MS = 250;

/**
 * The learned side index of one process: follows the outcome log in the store incrementally
 * and rebuilds the small LearnedIndex (never the catalog index) when something changed.
 */
export class Learning {
  private readonly log = new LearnedOutcomes();
  private built: { layout: object; learned: LearnedIndex; at: number } | undefined;
  private dirty = true;

  constructor(private readonly rebuildMs = LEARN_REBUILD_MS) {}

  /** Reads outcomes recorded since the last call (the snapshot reload calls it). */
  async refresh(store: LearnedOutcomeSource): Promise<void> {
    const rows = await store.listLearnedOutcomes(Math.max(0, this.log.seq - SEQ_LOOKBACK));
    if (this.log.add(rows)) this.dirty = true;
  }

  /**
   * Attaches an up-to-date side index to `index` (a new catalog index, or new outcomes once
   * `rebuildMs` has passed since the last rebuild). `artifacts` are in index order.
   */
  attach(index: SearchIndex, artifacts: readonly Artifact[], now: Date): LearnedIndex {
    const wall = Date.now();
    const b = this.built;
    // A new generation of a segmented index whose ordinals did not move keeps the side index (no rebuild per catalog change).
    const layout = index.layout ?? index;
    if (b && b.layout === layout && (!this.dirty || wall - b.at < this.rebuildMs)) {
      if (index.learnedIndex !== b.learned) index.setLearned(b.learned);
      return b.learned;
    }
    const learned = new LearnedIndex(this.log.rows(), ordinals(artifacts), now);
    index.setLearned(learned);
    this.built = { layout, learned, at: wall };
    this.dirty = false;
    return learned;
  }

  /** The intents an artifact's capabilities answered (for "People asked for this"). */
  intentsFor(
    index: SearchIndex,
    artifacts: readonly Artifact[],
    slug: string,
    limit: number,
    now: Date,
  ): LearnedIntentSummary[] {
    const learned = this.attach(index, artifacts, now);
    let first = 0;
    for (const a of artifacts) {
      if (a.slug === slug) {
        return a.capabilities
          .flatMap((c, i) => learned.intentsOf(first + i, limit).map((x) => ({ ...x, capabilityId: c.id })))
          .sort((x, y) => y.people - x.people || y.lastAt.localeCompare(x.lastAt))
          .slice(0, limit);
      }
      first += a.capabilities.length;
    }
    return [];
  }
}

const ORDINALS = new WeakMap<readonly Artifact[], Map<string, number>>();

/**
 * (slug, capability id) → ordinal in an index built from `artifacts` (capabilities laid out
 * artifact by artifact). Built on the first lookup and kept per catalog: with nothing learned
 * it is never built (a million capabilities took a second), and side-index rebuilds reuse it.
 */
function ordinals(artifacts: readonly Artifact[]): (slug: string, capabilityId: string) => number | undefined {
  return (slug, id) => {
    let m = ORDINALS.get(artifacts);
    if (!m) {
      m = new Map();
      let n = 0;
      for (const a of artifacts) for (const c of a.capabilities) m.set(`${a.slug}#${c.id}`, n++);
      ORDINALS.set(artifacts, m);
    }
    return m.get(`${slug}#${id}`);
  };
}
