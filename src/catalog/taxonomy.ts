import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { createError } from "../errors.js";
import { TAXONOMY_FILE } from "../paths.js";
import { CAPABILITY_URI } from "./schema.js";
import { closest } from "../text/distance.js";
import { tokenize } from "../text/analyze.js";

const NodeSchema = z.strictObject({
  uri: z.string().regex(CAPABILITY_URI),
  label: z.string().min(1),
  description: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  examples: z.array(z.string()).default([]),
  formerly: z.array(z.string().regex(CAPABILITY_URI)).default([]),
});
const FileSchema = z.strictObject({ version: z.number().int(), released: z.string(), nodes: z.array(NodeSchema) });

export interface TaxonomyNode {
  uri: string;
  label: string;
  description: string;
  parent: string | null;
  depth: number;
  aliases: string[];
  examples: string[];
  formerly: string[];
}

export interface Classification {
  uri: string;
  confidence: number;
}

/** Field weights used when classifying free text onto a node: labels and aliases speak loudest. */
const CLASSIFY_WEIGHTS = { label: 3, alias: 2, example: 1, description: 0.5 } as const;
/**
 * Words README prose uses around any capability ("This example shows how to create…"): they
 * say nothing about which capability it is, so classification ignores them.
 */
const CLASSIFY_STOP = new Set(
  tokenize(
    "create creates creating example examples show shows how use uses using get gets new support supports allow allows provide provides enable enables",
  ),
);
/** Below this score a capability is filed under the root "other"-like parent with low confidence. */
const MIN_CLASSIFY_SCORE = 1;

export function parentOf(uri: string): string | null {
  const body = uri.slice("capability://".length);
  const cut = body.lastIndexOf(".");
  return cut < 0 ? null : `capability://${body.slice(0, cut)}`;
}

/** A curated, versioned tree of capability URIs with aliases for renames and synonyms. */
export class Taxonomy {
  readonly version: number;
  readonly released: string;
  readonly nodes: readonly TaxonomyNode[];
  private readonly byUri = new Map<string, TaxonomyNode>();
  private readonly byAlias = new Map<string, TaxonomyNode>();
  private readonly termWeights = new Map<string, Map<string, number>>();
  private readonly idf = new Map<string, number>();

  constructor(version: number, released: string, nodes: TaxonomyNode[]) {
    this.version = version;
    this.released = released;
    this.nodes = nodes;
    for (const n of nodes) this.byUri.set(n.uri, n);
    for (const n of nodes) {
      for (const old of n.formerly) this.byAlias.set(old, n);
      for (const a of n.aliases) this.byAlias.set(a.toLowerCase(), n);
    }
    this.buildClassifier();
  }

  get(uri: string): TaxonomyNode | undefined {
    return this.byUri.get(uri);
  }

  /** Resolves a URI, a former URI or an alias ("ASR") to its node. */
  resolve(uriOrAlias: string): TaxonomyNode | undefined {
    return this.byUri.get(uriOrAlias) ?? this.byAlias.get(uriOrAlias) ?? this.byAlias.get(uriOrAlias.toLowerCase());
  }

  children(uri: string): TaxonomyNode[] {
    return this.nodes.filter((n) => n.parent === uri);
  }

  /** True when `uri` is `root` or lies below it. */
  isWithin(uri: string, root: string): boolean {
    return uriWithin(uri, root);
  }

  /** Path from the root to the node, inclusive. */
  lineage(uri: string): TaxonomyNode[] {
    const out: TaxonomyNode[] = [];
    for (let u: string | null = uri; u; u = parentOf(u)) {
      const n = this.byUri.get(u);
      if (n) out.unshift(n);
    }
    return out;
  }

  suggest(uri: string): string | undefined {
    return closest(uri, this.byUri.keys(), 8);
  }

  /** A node whose label or alias is exactly `name` (case-insensitive), if any. */
  byName(name: string): TaxonomyNode | undefined {
    const k = name.trim().toLowerCase();
    return this.nodes.find((n) => n.label.toLowerCase() === k) ?? this.byAlias.get(k);
  }

  /** Places free text on the best-matching node, with a confidence in 0..1. */
  classify(text: string): Classification {
    const ranked = this.scoreNodes(
      tokenize(text).filter((t) => !CLASSIFY_STOP.has(t)),
      2,
    );
    const best = ranked[0];
    if (!best || best.s < MIN_CLASSIFY_SCORE)
      return { uri: this.nodes[0]?.uri ?? "capability://other", confidence: 0.1 };
    const second = ranked[1]?.s ?? 0;
    const margin = best.s / (best.s + second);
    return { uri: best.uri, confidence: round2(Math.min(0.9, 0.3 + 0.6 * margin * Math.min(1, best.s / 8))) };
  }

  /**
   * The `n` best nodes for already-analysed terms, scores relative to the best (1).
   * Used by search to reach capabilities through the taxonomy when words differ.
   */
  rankNodes(terms: readonly string[], n: number, minScore = MIN_CLASSIFY_SCORE): { uri: string; score: number }[] {
    const ranked = this.scoreNodes(terms, n);
    const top = ranked[0]?.s ?? 0;
    if (top < minScore) return [];
    return ranked
      .slice(0, n)
      .filter((r) => r.s >= minScore)
      .map((r) => ({ uri: r.uri, score: r.s / top }));
  }

  /** The `k` best-scoring nodes, best first (ties: URI order); what sorting every scored node and taking `k` gives. */
  private scoreNodes(terms: readonly string[], k: number): { uri: string; s: number }[] {
    const scores = new Map<string, number>();
    for (const term of new Set(terms)) {
      const idf = this.idf.get(term);
      const postings = this.termWeights.get(term);
      if (!idf || !postings) continue;
      for (const [uri, w] of postings) scores.set(uri, (scores.get(uri) ?? 0) + w * idf);
    }
    // A query touches dozens of nodes and keeps a few: an insertion into the k best, not a sort of all.
    const before = (a: { uri: string; s: number }, b: { uri: string; s: number }) =>
      a.s > b.s || (a.s === b.s && a.uri.localeCompare(b.uri) < 0);
    const best: { uri: string; s: number }[] = [];
    if (k <= 0) return best;
    for (const [uri, raw] of scores) {
      const row = { uri, s: raw * (1 + 0.1 * (this.byUri.get(uri)?.depth ?? 0)) };
      if (best.length === k && !before(row, best[k - 1] as { uri: string; s: number })) continue;
      let j = best.length < k ? best.length : k - 1;
      while (j > 0 && before(row, best[j - 1] as { uri: string; s: number })) {
        best[j] = best[j - 1] as { uri: string; s: number };
        j--;
      }
      best[j] = row;
    }
    return best;
  }

  private buildClassifier(): void {
    const add = (term: string, uri: string, w: number) => {
      let m = this.termWeights.get(term);
      if (!m) this.termWeights.set(term, (m = new Map()));
      m.set(uri, Math.max(m.get(uri) ?? 0, w));
    };
    for (const n of this.nodes) {
      for (const t of tokenize(n.label)) add(t, n.uri, CLASSIFY_WEIGHTS.label);
      for (const a of n.aliases) for (const t of tokenize(a)) add(t, n.uri, CLASSIFY_WEIGHTS.alias);
      for (const e of n.examples) for (const t of tokenize(e)) add(t, n.uri, CLASSIFY_WEIGHTS.example);
      for (const t of tokenize(n.description)) add(t, n.uri, CLASSIFY_WEIGHTS.description);
    }
    const N = this.nodes.length;
    for (const [term, m] of this.termWeights) this.idf.set(term, Math.log(1 + N / m.size));
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Validates taxonomy data: schema, unique URIs and aliases, every parent present. */
export function buildTaxonomy(data: unknown): Taxonomy {
  const parsed = FileSchema.safeParse(data);
  if (!parsed.success)
    throw createError("TAXONOMY_INVALID", [
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    ]);
  const seen = new Set<string>();
  const aliases = new Map<string, string>();
  const nodes: TaxonomyNode[] = [];
  for (const n of parsed.data.nodes) {
    if (seen.has(n.uri)) throw createError("TAXONOMY_INVALID", [`duplicate uri ${n.uri}`]);
    const parent = parentOf(n.uri);
    if (parent && !seen.has(parent))
      throw createError("TAXONOMY_INVALID", [
        `${n.uri} is listed before its parent ${parent} (or the parent is missing)`,
      ]);
    for (const a of n.aliases) {
      const k = a.toLowerCase();
      const other = aliases.get(k);
      if (other) throw createError("TAXONOMY_INVALID", [`alias '${a}' is on both ${other} and ${n.uri}`]);
      aliases.set(k, n.uri);
    }
    seen.add(n.uri);
    nodes.push({ ...n, parent, depth: n.uri.split(".").length - 1 });
  }
  return new Taxonomy(parsed.data.version, parsed.data.released, nodes);
}

let cached: Taxonomy | undefined;

/** The shipped taxonomy (taxonomy/v1.yaml), parsed once per process. */
export function loadTaxonomy(): Taxonomy {
  cached ??= buildTaxonomy(parse(fs.readFileSync(TAXONOMY_FILE, "utf8")));
  return cached;
}

/** True when `uri` is `root` or lies below it: the one rule for "under this node". */
export function uriWithin(uri: string, root: string): boolean {
  return uri === root || uri.startsWith(root + ".");
}
