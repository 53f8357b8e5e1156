import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import { createError } from "../errors.js";
import type { RankScore, ScoreCard } from "../rank/scores.js";
import { summarize, type ArtifactSummary } from "../rank/view.js";
import { rankByInterval, type Placement } from "./leaderboard.js";

/**
 * Artifacts and their scores for lists: `rank` is read for every artifact the list considers,
 * `get` (a full card, possibly built on demand) only for the entries it returns.
 */
export interface ListInput {
  artifacts: readonly Artifact[];
  cards: { get(slug: string): ScoreCard | undefined; rank(slug: string): RankScore | undefined };
}

export interface ListQuery {
  kind?: ArtifactKind | undefined;
  category?: string | undefined;
  free?: boolean;
  sort: "rank" | "recent";
  updatedSince?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ListPage {
  artifacts: ArtifactSummary[];
  nextCursor: string | null;
  total: number;
}

/**
 * Artifacts with filters, sorted by CapRank or recency, in pages. The cursor is opaque
 * (base64url of the last item's sort key and slug), so pages stay stable while scores move little.
 */
export function listArtifacts(input: ListInput, o: ListQuery): ListPage {
  const since = o.updatedSince ? Date.parse(o.updatedSince) : undefined;
  const rows = input.artifacts
    .filter(
      (a) =>
        (!o.kind || a.kind === o.kind) &&
        (!o.category || a.categories.includes(o.category)) &&
        (!o.free || a.pricing.freeTier) &&
        (since === undefined || Date.parse(a.updatedAt ?? "") >= since),
    )
    // "rank" follows the published list rule: the lower end of the CapRank range, then CapRank (one number, so cursors stay simple).
    .map((a) => ({
      a,
      key: o.sort === "rank" ? rankKey(input.cards.rank(a.slug)) : Date.parse(a.updatedAt ?? "") || 0,
    }))
    .sort((x, y) => y.key - x.key || x.a.slug.localeCompare(y.a.slug));
  let start = 0;
  if (o.cursor) {
    const c = decodeCursor(o.cursor);
    start = rows.findIndex((r) => r.key < c.key || (r.key === c.key && r.a.slug > c.slug));
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + o.limit);
  const last = page[page.length - 1];
  const more = start + o.limit < rows.length && last;
  return {
    artifacts: page.map((r) => summarize(r.a, input.cards.get(r.a.slug) as ScoreCard)),
    nextCursor: more ? Buffer.from(JSON.stringify({ k: last.key, s: last.a.slug })).toString("base64url") : null,
    total: rows.length,
  };
}

/** Top artifacts per kind in the leaderboard order (lower end of the CapRank range, ties as "=N"), for the home page. */
export function leadersByKind(
  input: ListInput,
  perKind: number,
): { kind: ArtifactKind; items: (ArtifactSummary & Placement)[] }[] {
  const byKind = new Map<ArtifactKind, { slug: string; name: string; capRank: number; lower: number; a: Artifact }[]>();
  for (const a of input.artifacts) {
    const r = input.cards.rank(a.slug);
    if (!r) continue;
    const l = byKind.get(a.kind) ?? [];
    l.push({ slug: a.slug, name: a.name, capRank: r.capRank, lower: r.capRank - r.halfWidth, a });
    byKind.set(a.kind, l);
  }
  // Ordered on CapRank and range alone; only the entries shown are summarized (their full cards built).
  return [...byKind]
    .map(([kind, items]) => ({
      kind,
      items: rankByInterval(items)
        .slice(0, perKind)
        .map((r) => ({
          ...summarize(r.a, input.cards.get(r.slug) as ScoreCard),
          place: r.place,
          tied: r.tied,
          placeText: r.placeText,
        })),
    }))
    .sort(
      (x, y) =>
        (y.items[0]?.capRankInterval[0] ?? 0) - (x.items[0]?.capRankInterval[0] ?? 0) || x.kind.localeCompare(y.kind),
    );
}

/** Lower end of the CapRank range first, CapRank second, as one sortable number. */
function rankKey(card: RankScore | undefined): number {
  return card ? Math.round((card.capRank - card.halfWidth) * 1000) + card.capRank / 1000 : 0;
}

function decodeCursor(c: string): { key: number; slug: string } {
  try {
    const v = JSON.parse(Buffer.from(c, "base64url").toString("utf8")) as { k?: unknown; s?: unknown };
    if (typeof v.k === "number" && typeof v.s === "string") return { key: v.k, slug: v.s };
  } catch {
    /* fall through */
  }
  throw createError("BAD_QUERY_PARAM", ["cursor", "is not a cursor returned by this endpoint; start again without it"]);
}
