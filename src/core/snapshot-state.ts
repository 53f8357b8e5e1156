import type { Artifact } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import type { SegmentedIndex } from "../match/segments.js";
import { runSteps, STEP_ITEMS, type Steps } from "../match/steps.js";
import { summarizeOutcomes, type OutcomeSummary } from "../outcomes/feedback.js";
import type { ScoringBasis } from "../rank/scores.js";
import { latestPerMetric } from "../rank/subscores.js";
import type { MatchCount, Store, StoredSignal } from "../store/store.js";
import { ScoreCards } from "./cards.js";
/* The snapshot a process serves, and how the next one is derived from it when only some artifacts or outcomes changed (the service that keeps it is core/snapshot.ts). */

/**
 * Changed artifacts a replica applies one by one (a delta segment, see match/DESIGN.md
 * "Incremental updates"); a larger batch, such as a bulk import, reloads the whole catalog.
 */
export const INCREMENTAL_MAX = 1000;
/** CapRank's share of the search prior; the rest is the outcome success posterior. */
export const PRIOR_CAPRANK = 0.6;

/** The scored, indexed catalog every operation reads; one generation at a time. */
export interface Snapshot {
  revision: number;
  /** `revision − outcomeRevision` when loaded: changes only when artifacts or signals changed. */
  catalogRevision: number;
  /** Outcomes up to this outcome revision are in `outcomes` and `cards`. */
  outcomeRevision: number;
  /** Catalog changes up to this revision are applied (Store.catalogChanges is read from here). */
  changeRevision: number;
  artifacts: Artifact[];
  signals: StoredSignal[];
  bySlug: Map<string, Artifact>;
  /** Position of each artifact in `artifacts` (and in the index). */
  ordinal: Map<string, number>;
  /** Times matched per artifact (shown, never scored): loaded once, then followed incrementally. */
  counts: Map<string, MatchCount>;
  /** Peers and priors the cards were computed with: re-scoring one artifact reuses them. */
  basis: ScoringBasis;
  /** CapRank and range of every artifact; full cards built for what a request shows (core/cards.ts). */
  cards: ScoreCards;
  outcomes: OutcomeSummary;
  /** Laid out like `artifacts` (ordinal i is artifacts[i]); artifacts changed since the last full build are in its delta segment. */
  index: SegmentedIndex;
}

/**
 * The next snapshot from the artifacts changed since `prev` (the store's change log): only
 * those are loaded, indexed in the delta segment and re-scored with the existing basis. Undefined
 * when the log cannot say (nothing logged, too many changes, an artifact gone): the caller
 * reloads everything.
 */
export async function withCatalogChanges(
  store: Store,
  prev: Snapshot,
  act: { revision: number; outcomeRevision: number },
  taxonomy: Taxonomy,
  max: number,
): Promise<Snapshot | undefined> {
  const changes = await store.catalogChanges(prev.changeRevision);
  if (changes.slugs.length === 0 || changes.slugs.length > max) return undefined;
  const loaded = await Promise.all(
    changes.slugs.map(async (slug) => ({
      artifact: await store.getArtifact(slug),
      signals: await store.listSignals(slug),
    })),
  );
  const changed: Artifact[] = [];
  for (const l of loaded) if (l.artifact) changed.push(l.artifact);
  if (changed.length < loaded.length) return undefined;
  const index = prev.index.apply(changed, [], taxonomy);
  const artifacts = prev.artifacts.slice();
  const bySlug = new Map(prev.bySlug),
    ordinal = new Map(prev.ordinal);
  for (const a of changed) {
    const slot = index.slotOf(a.slug) as number;
    artifacts[slot] = a;
    bySlug.set(a.slug, a);
    ordinal.set(a.slug, slot);
  }
  const slugs = new Set(changes.slugs);
  const fresh = loaded.flatMap((l) => l.signals);
  const signals = prev.signals.filter((x) => !slugs.has(x.slug)).concat(fresh);
  // Peers and priors stay those of the last full load (bounded drift until the next one); the changed artifacts' own signals are current.
  const latest = new Map(prev.basis.signals);
  for (const slug of slugs)
    latest.set(
      slug,
      latestPerMetric(
        fresh.filter((x) => x.slug === slug),
        prev.basis.asOf,
      ),
    );
  const next: Snapshot = {
    ...prev,
    revision: act.revision,
    catalogRevision: act.revision - act.outcomeRevision,
    changeRevision: changes.revision,
    artifacts,
    signals,
    bySlug,
    ordinal,
    basis: { ...prev.basis, signals: latest },
    index,
  };
  next.cards = prev.cards.derive(next);
  for (const a of changed) rescoreOne(next, a);
  return next;
}

/** Re-scores only the artifacts whose outcomes changed since the snapshot's outcome revision. */
export async function applyOutcomeChanges(store: Store, s: Snapshot): Promise<void> {
  const changed = await store.outcomeChanges(s.outcomeRevision);
  for (const slug of changed.slugs) {
    const a = s.bySlug.get(slug);
    if (!a) continue;
    const sum = summarizeOutcomes(await store.listOutcomes(slug), s.basis.asOf);
    for (const c of a.capabilities) s.outcomes.capabilities.delete(`${slug}#${c.id}`);
    for (const [k, v] of sum.capabilities) s.outcomes.capabilities.set(k, v);
    const stats = sum.artifacts.get(slug);
    if (stats) s.outcomes.artifacts.set(slug, stats);
    else s.outcomes.artifacts.delete(slug);
    rescoreOne(s, a);
  }
  s.outcomeRevision = Math.max(s.outcomeRevision, changed.revision);
}

/**
 * A snapshot with every artifact scored from `base`'s basis and outcomes (a full load, or a new
 * day's re-score): CapRank and range kept for all, full cards left to be built on demand.
 */
export function scoredSnapshot(base: Omit<Snapshot, "cards">): Snapshot {
  return runSteps(scoredSnapshotSteps(base));
}

/**
 * scoredSnapshot as steps (a serving replica's full reload runs them in slices): every card
 * first, a pause every STEP_ITEMS artifacts, then every search prior at once, so an index the
 * previous snapshot still serves never has half of its priors moved.
 */
export function* scoredSnapshotSteps(base: Omit<Snapshot, "cards">): Steps<Snapshot> {
  const s: Snapshot = { ...base, cards: new ScoreCards(base) };
  for (let i = 0; i < s.artifacts.length; i++) {
    s.cards.set(s.cards.score(s.artifacts[i] as Artifact));
    if (i % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  for (const a of s.artifacts) setSearchPrior(s, a, s.cards.rank(a.slug)?.capRank ?? 0);
  return s;
}

/** One artifact's card from the snapshot's basis and its outcomes (its CapRank and range kept), and its search prior. */
export function rescoreOne(s: Snapshot, a: Artifact): void {
  const card = s.cards.score(a);
  s.cards.set(card);
  setSearchPrior(s, a, card.capRank);
}

/** The prior search gives an artifact: CapRank and its outcomes' success rate. */
function setSearchPrior(s: Snapshot, a: Artifact, capRank: number): void {
  const i = s.ordinal.get(a.slug);
  if (i === undefined) return;
  const success = s.outcomes.artifacts.get(a.slug)?.mean ?? 0.5;
  s.index.setPrior(i, PRIOR_CAPRANK * (capRank / 100) + (1 - PRIOR_CAPRANK) * success);
}

/** Same artifacts, timestamps and capability ids: the index can be reused as it is. */
export function sameCatalog(a: readonly Artifact[], b: readonly Artifact[]): boolean {
  const ids = (x: Artifact | undefined) => x?.capabilities.map((c) => c.id).join("\u0000");
  return (
    a.length === b.length &&
    a.every((x, i) => x.slug === b[i]?.slug && x.updatedAt === b[i]?.updatedAt && ids(x) === ids(b[i]))
  );
}
