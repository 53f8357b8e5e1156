import type { Artifact } from "../catalog/schema.js";
import { parentOf, type Taxonomy } from "../catalog/taxonomy.js";
import { tokenize } from "../text/analyze.js";

export interface SharedGroup {
  uri: string;
  label: string;
  /** same-node: identical taxonomy node; related-node: siblings under one parent; similar-text: names/descriptions overlap. */
  basis: "same-node" | "related-node" | "similar-text";
  capabilities: Record<string, string[]>;
}

export interface Alignment {
  shared: SharedGroup[];
  only: Record<string, string[]>;
}

/** Token-set Jaccard above which two capabilities count as the same thing described differently. */
export const SIMILAR_TEXT_THRESHOLD = 0.35;

/**
 * Aligns capabilities across artifacts: first by identical taxonomy node, then by sibling
 * nodes below a non-root parent, then by overlapping names. What is left is "only in".
 */
export function align(artifacts: readonly Artifact[], taxonomy: Taxonomy): Alignment {
  const used = new Map<string, Set<string>>(artifacts.map((a) => [a.slug, new Set<string>()]));
  const shared: SharedGroup[] = [];
  const group = (key: (uri: string) => string | null, basis: SharedGroup["basis"]) => {
    const groups = new Map<string, Record<string, string[]>>();
    for (const a of artifacts)
      for (const c of a.capabilities) {
        if (used.get(a.slug)?.has(c.id)) continue;
        const k = key(c.uri);
        if (!k) continue;
        const g = groups.get(k) ?? {};
        (g[a.slug] ??= []).push(c.id);
        groups.set(k, g);
      }
    for (const [uri, caps] of groups) {
      if (Object.keys(caps).length < 2) continue;
      for (const [slug, ids] of Object.entries(caps)) for (const id of ids) used.get(slug)?.add(id);
      shared.push({ uri, label: taxonomy.get(uri)?.label ?? uri, basis, capabilities: caps });
    }
  };
  group((u) => u, "same-node");
  group((u) => {
    const p = parentOf(u);
    return p && parentOf(p) ? p : null;
  }, "related-node");
  shared.push(...similarText(artifacts, used, taxonomy));
  const only: Record<string, string[]> = {};
  for (const a of artifacts) only[a.slug] = a.capabilities.filter((c) => !used.get(a.slug)?.has(c.id)).map((c) => c.id);
  return { shared, only };
}

function similarText(
  artifacts: readonly Artifact[],
  used: Map<string, Set<string>>,
  taxonomy: Taxonomy,
): SharedGroup[] {
  const out: SharedGroup[] = [];
  for (let i = 0; i < artifacts.length; i++)
    for (let j = i + 1; j < artifacts.length; j++) {
      const a = artifacts[i],
        b = artifacts[j];
      if (!a || !b) continue;
      for (const ca of a.capabilities) {
        if (used.get(a.slug)?.has(ca.id)) continue;
        const ta = new Set(tokenize(ca.name));
        for (const cb of b.capabilities) {
          if (used.get(b.slug)?.has(cb.id)) continue;
          if (jaccard(ta, new Set(tokenize(cb.name))) < SIMILAR_TEXT_THRESHOLD) continue;
          used.get(a.slug)?.add(ca.id);
          used.get(b.slug)?.add(cb.id);
          out.push({
            uri: ca.uri,
            label: taxonomy.get(ca.uri)?.label ?? ca.name,
            basis: "similar-text",
            capabilities: { [a.slug]: [ca.id], [b.slug]: [cb.id] },
          });
          break;
        }
      }
    }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
