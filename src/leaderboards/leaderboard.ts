import type { Artifact, ArtifactKind, PricingModel } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { priceHeadline } from "../catalog/price.js";
import { licenceMatches } from "../catalog/licence.js";
import { createError } from "../errors.js";
import { TIE_MARGIN } from "../rank/methodology.js";
import type { RankScore } from "../rank/scores.js";

/**
 * Leaderboards: artifacts in a published order that uses the uncertainty of CapRank, not
 * only its point estimate, so an artifact without external signals (a wide range) cannot
 * outrank a well-evidenced one on its point estimate alone; ties are shown as ties ("=3").
 */

/** Entries whose range lower bounds lie within this many points of their tie group's first entry share its place. */
export const LEADERBOARD_TIE_POINTS = TIE_MARGIN;
/** Rows per leaderboard by default and at most. */
export const LEADERBOARD_LIMITS = { defaultRows: 50, maxRows: 200, indexRows: 5, minCapabilityArtifacts: 2 } as const;

/** The ordering rule in words: rendered on /methodology and returned with every leaderboard. */
export const ORDERING_RULE =
  `Sorted by the lower end of the CapRank range (CapRank minus its uncertainty), then by CapRank, then by name. ` +
  `An entry whose lower end lies within ${LEADERBOARD_TIE_POINTS} points of the first entry of the tie group above it shares that entry's place, shown as "=N".`;

export interface Rankable {
  slug: string;
  name: string;
  capRank: number;
  lower: number;
}
export interface Placement {
  place: number;
  placeText: string;
  tied: boolean;
}

/** The one ordering rule: every list of artifacts (leaderboards, home page) calls it. */
export function rankByInterval<T extends Rankable>(items: readonly T[]): (T & Placement)[] {
  const sorted = [...items].sort(
    (x, y) =>
      y.lower - x.lower || y.capRank - x.capRank || x.name.localeCompare(y.name) || x.slug.localeCompare(y.slug),
  );
  const places: number[] = [];
  let head = 0;
  sorted.forEach((x, i) => {
    if (i > 0 && (sorted[head]?.lower ?? 0) - x.lower > LEADERBOARD_TIE_POINTS) head = i;
    places.push(head + 1);
  });
  const count = new Map<number, number>();
  for (const p of places) count.set(p, (count.get(p) ?? 0) + 1);
  return sorted.map((x, i) => {
    const place = places[i] ?? i + 1;
    const tied = (count.get(place) ?? 0) > 1;
    return { ...x, place, tied, placeText: `${tied ? "=" : ""}${place}` };
  });
}

export interface LeaderboardFilters {
  free?: boolean;
  /** A licence name (case-insensitive) or a licence class: open-source, open-weights, proprietary. */
  license?: string;
  pricing?: PricingModel;
}

export interface LeaderboardRow extends Placement {
  slug: string;
  name: string;
  kind: ArtifactKind;
  capRank: number;
  capRankInterval: [number, number];
  lowerBound: number;
  freeTier: boolean;
  license: string | null;
  pricingModel: PricingModel;
  prices: string | null;
  /** Slugs of the entries just above and below, for a one-click compare. */
  neighbours: string[];
  /** The compare page of this entry with its neighbours (null when it is alone). */
  compareUrl: string | null;
}

export interface Leaderboard {
  /** A capability leaderboard may also be narrowed to one kind. */
  scope:
    | { type: "kind"; kind: ArtifactKind }
    | { type: "capability"; uri: string; kind?: ArtifactKind }
    | { type: "all" };
  title: string;
  rule: string;
  filters: LeaderboardFilters;
  /** Entries before the row limit. */
  total: number;
  rows: LeaderboardRow[];
}

export interface LeaderboardInput {
  artifacts: readonly Artifact[];
  /** CapRank and range of every artifact (full cards will do): leaderboards read nothing else of a card. */
  cards: { get(slug: string): RankScore | undefined };
  taxonomy: Taxonomy;
}

export function passesFilters(a: Artifact, f: LeaderboardFilters): boolean {
  if (f.free && !a.pricing.freeTier) return false;
  if (f.pricing && a.pricing.model !== f.pricing) return false;
  if (f.license) {
    if (!licenceMatches(a.license ?? null, f.license)) return false;
  }
  return true;
}

/** A leaderboard by kind, by taxonomy node (the node and everything below it), or of the whole catalog. */
export function buildLeaderboard(
  input: LeaderboardInput,
  opts: {
    kind?: ArtifactKind | undefined;
    capability?: string | undefined;
    filters?: LeaderboardFilters;
    limit?: number | undefined;
  },
): Leaderboard {
  const filters = opts.filters ?? {};
  const node = opts.capability ? resolveNode(input.taxonomy, opts.capability) : undefined;
  const pool = input.artifacts.filter(
    (a) =>
      (!opts.kind || a.kind === opts.kind) &&
      (!node || a.capabilities.some((c) => input.taxonomy.isWithin(c.uri, node.uri))) &&
      passesFilters(a, filters),
  );
  const ranked = rankByInterval(
    pool.flatMap((a) => {
      const card = input.cards.get(a.slug);
      return card
        ? [{ slug: a.slug, name: a.name, capRank: card.capRank, lower: card.capRank - card.halfWidth, a, card }]
        : [];
    }),
  );
  const limit = Math.min(opts.limit ?? LEADERBOARD_LIMITS.defaultRows, LEADERBOARD_LIMITS.maxRows);
  const rows = ranked.slice(0, limit).map((r, i): LeaderboardRow => {
    const neighbours = [ranked[i - 1]?.slug, ranked[i + 1]?.slug].filter((s): s is string => s !== undefined);
    const group = [ranked[i - 1]?.slug, r.slug, ranked[i + 1]?.slug].filter((s): s is string => s !== undefined);
    return {
      place: r.place,
      placeText: r.placeText,
      tied: r.tied,
      slug: r.slug,
      name: r.name,
      kind: r.a.kind,
      capRank: r.capRank,
      capRankInterval: r.card.interval,
      lowerBound: r.lower,
      freeTier: r.a.pricing.freeTier,
      license: r.a.license ?? null,
      pricingModel: r.a.pricing.model,
      prices: priceHeadline(r.a.pricing.prices),
      neighbours,
      compareUrl: group.length >= 2 ? `/compare/${group.join("-vs-")}` : null,
    };
  });
  const scope: Leaderboard["scope"] = node
    ? { type: "capability", uri: node.uri, ...(opts.kind ? { kind: opts.kind } : {}) }
    : opts.kind
      ? { type: "kind", kind: opts.kind }
      : { type: "all" };
  const kindTitle = opts.kind ? KIND_TITLES[opts.kind] : undefined;
  const title = node
    ? kindTitle
      ? `${node.label} (${kindTitle.toLowerCase()})`
      : node.label
    : (kindTitle ?? "All artifacts");
  return { scope, title, rule: ORDERING_RULE, filters, total: ranked.length, rows };
}

function resolveNode(taxonomy: Taxonomy, raw: string) {
  const bare = raw.trim().replace(/\.\*$/, "");
  const node = taxonomy.resolve(bare) ?? taxonomy.resolve(`capability://${bare}`);
  if (!node) {
    const hint = taxonomy.suggest(bare.startsWith("capability://") ? bare : `capability://${bare}`);
    throw createError("UNKNOWN_CAPABILITY_URI", [raw, hint ? ` (did you mean ${hint}?)` : ""]);
  }
  return node;
}

/** Plural titles of kind leaderboards. */
export const KIND_TITLES: Record<ArtifactKind, string> = {
  model: "Models",
  repository: "Repositories",
  library: "Libraries",
  framework: "Frameworks",
  api: "APIs",
  "mcp-server": "MCP servers",
  agent: "Agents",
  product: "Products",
  webapp: "Web apps",
  extension: "Extensions",
  dataset: "Datasets",
  cli: "CLIs",
  other: "Other",
};

export interface LeaderboardIndex {
  rule: string;
  kinds: { kind: ArtifactKind; title: string; total: number; rows: LeaderboardRow[] }[];
  /** Taxonomy nodes with at least minCapabilityArtifacts artifacts, most first. */
  capabilities: { uri: string; label: string; artifacts: number }[];
}

/** Every kind's top entries and the capability leaderboards worth opening. */
export function buildLeaderboardIndex(input: LeaderboardInput, filters: LeaderboardFilters = {}): LeaderboardIndex {
  const kinds = [...new Set(input.artifacts.map((a) => a.kind))]
    .map((kind) => {
      const b = buildLeaderboard(input, { kind, filters, limit: LEADERBOARD_LIMITS.indexRows });
      return { kind, title: b.title, total: b.total, rows: b.rows };
    })
    .filter((k) => k.total > 0)
    .sort((x, y) => y.total - x.total || x.kind.localeCompare(y.kind));
  const perNode = new Map<string, Set<string>>();
  for (const a of input.artifacts) {
    if (!passesFilters(a, filters)) continue;
    for (const c of a.capabilities)
      for (const n of input.taxonomy.lineage(c.uri)) {
        const s = perNode.get(n.uri) ?? new Set<string>();
        s.add(a.slug);
        perNode.set(n.uri, s);
      }
  }
  const capabilities = [...perNode]
    .filter(([, s]) => s.size >= LEADERBOARD_LIMITS.minCapabilityArtifacts)
    .map(([uri, s]) => ({ uri, label: input.taxonomy.get(uri)?.label ?? uri, artifacts: s.size }))
    .sort((x, y) => y.artifacts - x.artifacts || x.uri.localeCompare(y.uri));
  return { rule: ORDERING_RULE, kinds, capabilities };
}

/** Where one artifact stands on a leaderboard it appears on ("=3 of 14 in Speech-to-text"). */
export interface Standing {
  title: string;
  href: string;
  place: number;
  placeText: string;
  total: number;
}

/** Most capability leaderboards listed for one artifact (its best places first). */
export const MAX_STANDINGS = 3;

/**
 * The artifact's place on its kind's leaderboard and on the capability leaderboards of its
 * taxonomy nodes (best places first), by the same ordering rule as the leaderboards themselves.
 */
export function standingsOf(input: LeaderboardInput, slug: string): Standing[] {
  const a = input.artifacts.find((x) => x.slug === slug);
  if (!a) return [];
  const place = (pool: readonly Artifact[]) => {
    const ranked = rankByInterval(
      pool.flatMap((x) => {
        const card = input.cards.get(x.slug);
        return card
          ? [{ slug: x.slug, name: x.name, capRank: card.capRank, lower: card.capRank - card.halfWidth }]
          : [];
      }),
    );
    const me = ranked.find((r) => r.slug === slug);
    return me ? { place: me.place, placeText: me.placeText, total: ranked.length } : undefined;
  };
  const out: Standing[] = [];
  const ofKind = place(input.artifacts.filter((x) => x.kind === a.kind));
  if (ofKind) out.push({ title: KIND_TITLES[a.kind], href: `/leaderboards/${a.kind}`, ...ofKind });
  const nodes = [...new Set(a.capabilities.map((c) => c.uri))].flatMap((uri) => {
    const n = input.taxonomy.get(uri);
    return n ? [n] : [];
  });
  const byNode = nodes.flatMap((n) => {
    const p = place(input.artifacts.filter((x) => x.capabilities.some((c) => input.taxonomy.isWithin(c.uri, n.uri))));
    return p && p.total >= LEADERBOARD_LIMITS.minCapabilityArtifacts
      ? [{ title: n.label, href: `/leaderboards/capability/${n.uri.replace(/^capability:\/\//, "")}`, ...p }]
      : [];
  });
  byNode.sort((x, y) => x.place - y.place || y.total - x.total || x.title.localeCompare(y.title));
  return [...out, ...byNode.slice(0, MAX_STANDINGS)];
}
