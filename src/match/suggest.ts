import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import type { Taxonomy, TaxonomyNode } from "../catalog/taxonomy.js";
import { tokenize } from "../text/analyze.js";

/** Artifacts and taxonomy nodes offered per group while someone types. */
export const SUGGEST_PER_GROUP = 5;
/** Shortest input worth suggesting for: one letter matches half the catalog. */
export const SUGGEST_MIN_CHARS = 2;
/** Nodes the classifier ranks below this share of the best one are noise in a short list. */
const MEANING_MIN = 0.5;

export interface Suggestions {
  query: string;
  artifacts: { slug: string; name: string; kind: ArtifactKind; capRank: number; via: "name" | "capability" }[];
  nodes: { uri: string; label: string; count: number }[];
}

/** Lowercase words without accents; unlike search terms these are not stemmed, because the user is still typing them. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * How well typed words match a text: every typed word must start a word of the text (the
 * last one may be half typed). 3 when the text starts with the input, 2 when all words
 * prefix words, 0 when any is missing.
 */
function prefixScore(typed: readonly string[], text: string): number {
  const have = words(text);
  if (!typed.every((t) => have.some((h) => h.startsWith(t)))) return 0;
  return have.join(" ").startsWith(typed.join(" ")) ? 3 : 2;
}

/**
 * Type-ahead for the header search: artifacts whose name (or slug, provider) starts with
 * the typed words, then artifacts with a capability on a matching taxonomy node, and the
 * matching nodes themselves with the number of artifacts under them. A pure read: nothing
 * is recorded, so typing never moves "Times matched" or any score.
 */
export function suggest(
  q: string,
  artifacts: readonly Artifact[],
  capRank: (slug: string) => number,
  taxonomy: Taxonomy,
  per = SUGGEST_PER_GROUP,
): Suggestions {
  const typed = words(q);
  if (q.trim().length < SUGGEST_MIN_CHARS || typed.length === 0) return { query: q.trim(), artifacts: [], nodes: [] };
  // Areas nothing sits on yet would lead to an empty result page.
  const all = matchingNodes(q, typed, taxonomy);
  const counts = nodeCounts(
    all.map((n) => n.node),
    artifacts,
    taxonomy,
  );
  const nodes = all.filter((n) => (counts.get(n.node.uri) ?? 0) > 0);
  const byName = artifacts
    .map((a) => ({
      a,
      s: Math.max(
        prefixScore(typed, a.name),
        prefixScore(typed, a.slug),
        prefixScore(typed, `${a.provider ?? ""} ${a.name}`) && 1,
      ),
    }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s || capRank(y.a.slug) - capRank(x.a.slug) || x.a.name.localeCompare(y.a.name));
  const picked: Suggestions["artifacts"] = byName
    .slice(0, per)
    .map((x) => ({ slug: x.a.slug, name: x.a.name, kind: x.a.kind, capRank: capRank(x.a.slug), via: "name" as const }));
  if (picked.length < per && nodes.length > 0)
    picked.push(
      ...viaCapabilities(
        nodes.map((n) => n.node),
        artifacts,
        capRank,
        taxonomy,
        new Set(picked.map((p) => p.slug)),
        per - picked.length,
      ),
    );
  return {
    query: q.trim(),
    artifacts: picked,
    nodes: nodes
      .slice(0, per)
      .map((n) => ({ uri: n.node.uri, label: n.node.label, count: counts.get(n.node.uri) ?? 0 })),
  };
}

/**
 * Nodes whose label or alias starts with the typed words, broader ones first among equals
 * ("image" offers Image before Image upscaling); then, for whole intents such as "transcribe
 * audio", the nodes the search classifier ranks for the analysed words.
 */
function matchingNodes(q: string, typed: readonly string[], taxonomy: Taxonomy): { node: TaxonomyNode; s: number }[] {
  const byPrefix = taxonomy.nodes
    .map((node) => ({
      node,
      s: Math.max(prefixScore(typed, node.label), ...node.aliases.map((a) => prefixScore(typed, a) && 1), 0),
    }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s || x.node.depth - y.node.depth || x.node.label.localeCompare(y.node.label));
  const seen = new Set(byPrefix.map((x) => x.node.uri));
  const byMeaning = taxonomy.rankNodes(tokenize(q), SUGGEST_PER_GROUP).flatMap((r) => {
    const node = taxonomy.get(r.uri);
    return node && !seen.has(node.uri) && r.score >= MEANING_MIN ? [{ node, s: r.score }] : [];
  });
  return [...byPrefix, ...byMeaning];
}

/** Artifacts with a capability on (or below) the nodes: those of the first node first, best CapRank first within a node. */
function viaCapabilities(
  nodes: readonly TaxonomyNode[],
  artifacts: readonly Artifact[],
  capRank: (slug: string) => number,
  taxonomy: Taxonomy,
  skip: ReadonlySet<string>,
  want: number,
): Suggestions["artifacts"] {
  const index = areaIndex(artifacts, taxonomy);
  const seen = new Set(skip);
  const out: Suggestions["artifacts"] = [];
  for (const n of nodes) {
    if (out.length >= want) break;
    // Only the best few are shown, so pick them without sorting a large area.
    const best = topBy(
      (index.get(n.uri) ?? []).filter((a) => !seen.has(a.slug)),
      want - out.length,
      (x, y) => capRank(y.slug) - capRank(x.slug) || x.name.localeCompare(y.name),
    );
    for (const a of best) {
      seen.add(a.slug);
      out.push({ slug: a.slug, name: a.name, kind: a.kind, capRank: capRank(a.slug), via: "capability" });
    }
  }
  return out;
}

function topBy<T>(items: readonly T[], k: number, cmp: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const x of items) {
    if (top.length === k && cmp(x, top[k - 1] as T) >= 0) continue;
    let i = top.length;
    while (i > 0 && cmp(x, top[i - 1] as T) < 0) i--;
    top.splice(i, 0, x);
    if (top.length > k) top.pop();
  }
  return top;
}

const AREA_INDEX = new WeakMap<readonly Artifact[], Map<string, Artifact[]>>();

/**
 * The artifacts on or under each taxonomy node, built in one pass and kept for as long as the
 * catalog snapshot (its artifact array) lives, so counts and area lookups per keystroke or
 * page are map reads rather than scans of the catalog.
 */
export function areaIndex(artifacts: readonly Artifact[], taxonomy: Taxonomy): ReadonlyMap<string, Artifact[]> {
  const cached = AREA_INDEX.get(artifacts);
  if (cached) return cached;
  const index = new Map<string, Artifact[]>();
  for (const a of artifacts) {
    const areas = new Set<string>();
    for (const c of a.capabilities) for (const n of taxonomy.lineage(c.uri)) areas.add(n.uri);
    for (const uri of areas) {
      const list = index.get(uri);
      if (list) list.push(a);
      else index.set(uri, [a]);
    }
  }
  AREA_INDEX.set(artifacts, index);
  return index;
}

/** Distinct artifacts with at least one capability on or below each node. */
export function nodeCounts(
  nodes: readonly TaxonomyNode[],
  artifacts: readonly Artifact[],
  taxonomy: Taxonomy,
): Map<string, number> {
  const index = areaIndex(artifacts, taxonomy);
  return new Map(nodes.map((n) => [n.uri, index.get(n.uri)?.length ?? 0]));
}
