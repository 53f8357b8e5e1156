import type { ArtifactKind } from "../catalog/schema.js";
import type { ScoreCard } from "../rank/scores.js";
import { summarize, type ArtifactSummary } from "../rank/view.js";
import type { Snapshot } from "./snapshot.js";

/** One catalog entry as pickers and compare paths need it. */
export interface CatalogEntry {
  slug: string;
  name: string;
  kind: ArtifactKind;
}
export interface CatalogEntries {
  list: readonly CatalogEntry[];
  slugs: ReadonlySet<string>;
}

/** Catalog entries per snapshot: pickers ask on every page, the list changes only with the catalog. */
const ENTRIES = new WeakMap<Snapshot, CatalogEntries>();

/** Every artifact's slug, name and kind, by name (pickers, compare paths); computed once per snapshot. */
export function entries(s: Snapshot): CatalogEntries {
  let e = ENTRIES.get(s);
  if (!e) {
    e = {
      list: s.artifacts
        .map((a) => ({ slug: a.slug, name: a.name, kind: a.kind }))
        .sort((x, y) => x.name.localeCompare(y.name)),
      slugs: new Set(s.bySlug.keys()),
    };
    ENTRIES.set(s, e);
  }
  return e;
}

/** Summaries of the artifacts named (unknown slugs are left out). */
export function summaries(s: Snapshot, slugs: readonly string[]): Map<string, ArtifactSummary> {
  const out = new Map<string, ArtifactSummary>();
  for (const slug of slugs) {
    const a = s.bySlug.get(slug),
      card = s.cards.get(slug);
    if (a && card) out.set(slug, summarize(a, card));
  }
  return out;
}

/** The worked example on /methodology: the seed comparison's first artifact, else the first one. */
export function methodologyExample(s: Snapshot): { summary: ArtifactSummary; card: ScoreCard } | undefined {
  const first = s.bySlug.get("gpt-5-4-pro") ?? s.artifacts[0];
  const card = first ? s.cards.get(first.slug) : undefined;
  return first && card ? { summary: summarize(first, card), card } : undefined;
}
