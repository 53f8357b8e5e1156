import type { ArtifactKind, Capability } from "../catalog/schema.js";
import { licenceClass, OPEN_SOURCE_LICENCE, OPEN_WEIGHTS_LICENCE, type LicenceClass } from "../catalog/licence.js";
export { licenceClass, OPEN_SOURCE_LICENCE, OPEN_WEIGHTS_LICENCE, type LicenceClass };
import type { ArtifactSummary } from "../rank/view.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { EVIDENCE_VALUE } from "../rank/methodology.js";

/**
 * What a verdict needs to know about one artifact beyond its scores: how it is deployed,
 * how open its licence is, how well its claims are evidenced and what it is for. Each is
 * computed from catalog fields, never typed in, so the verdict can say why.
 */

/** hosted: you call someone's service; self-hosted: you download and run it. */
export type Deployment = "hosted" | "self-hosted" | "unknown";

/** Kinds that are always a service someone else runs, and kinds that always run on your side. */
const HOSTED_KINDS: readonly ArtifactKind[] = ["api", "product", "webapp"];
const SELF_HOSTED_KINDS: readonly ArtifactKind[] = [
  "repository",
  "library",
  "framework",
  "cli",
  "mcp-server",
  "extension",
  "dataset",
];

/**
 * Capabilities per top-level area two artifacts must share (Σ over areas of the smaller
 * share) to count as substitutes; artifacts of different kinds must share more.
 */
export const SUBSTITUTE_MIN_OVERLAP = 0.4;
export const SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS = 0.6;
/** Evidence strength (mean evidence value of the capabilities) one artifact must lead by to be called better evidenced. */
export const EVIDENCE_LEAD = 0.15;
/** A price must be at least this much lower (as a share) to be called cheaper. */
export const PRICE_LEAD = 0.1;
/** How many taxonomy nodes name what an artifact is for. */
export const PURPOSE_NODES = 3;

export interface Profile {
  slug: string;
  deployment: Deployment;
  licenceClass: LicenceClass;
  /** Mean evidence value of the capabilities (0..1, methodology EVIDENCE_VALUE); null without capabilities. */
  evidenceStrength: number | null;
  /** Capabilities documented, verified or observed (more than the curator's word). */
  evidenceBacked: number;
  /** Share of capabilities per top-level taxonomy area ("capability://image": 0.25). */
  areas: Record<string, number>;
  /** Every second-level taxonomy node its capabilities fall on, most capabilities first. */
  nodes: { uri: string; label: string; count: number }[];
  /** The first PURPOSE_NODES of `nodes`: what it is for. */
  purpose: { uri: string; label: string; count: number }[];
}

/** Hosted for services; self-hosted for code; a model is self-hosted when its weights are released under an open licence. */
export function deploymentOf(s: Pick<ArtifactSummary, "kind" | "license" | "pricing">): Deployment {
  if (HOSTED_KINDS.includes(s.kind)) return "hosted";
  if (SELF_HOSTED_KINDS.includes(s.kind)) return "self-hosted";
  const lc = licenceClass(s.license);
  if (lc === "open-source" || lc === "open-weights") return "self-hosted";
  if (lc === "proprietary" || s.pricing.model === "paid" || s.pricing.model === "usage-based") return "hosted";
  return "unknown";
}

/** The second-level node of a URI ("capability://training.fine-tuning.peft" → "capability://training.fine-tuning"). */
export function nodeAtDepth(uri: string, depth: number): string {
  const parts = uri.slice("capability://".length).split(".");
  return `capability://${parts.slice(0, depth).join(".")}`;
}

export function profileOf(s: ArtifactSummary, caps: readonly Capability[], taxonomy: Taxonomy): Profile {
  const areas: Record<string, number> = {};
  const nodes = new Map<string, number>();
  for (const c of caps) {
    const area = nodeAtDepth(c.uri, 1);
    areas[area] = (areas[area] ?? 0) + 1 / caps.length;
    const node = nodeAtDepth(c.uri, 2);
    nodes.set(node, (nodes.get(node) ?? 0) + 1);
  }
  // Map keeps first-appearance order, so equal counts keep the manifest's order (stable sort).
  const ranked = [...nodes]
    .map(([uri, count]) => ({ uri, label: taxonomy.get(uri)?.label ?? uri.slice("capability://".length), count }))
    .sort((x, y) => y.count - x.count);
  const counted = caps.filter((c) => c.evidence !== "inferred");
  const evidenceStrength = counted.length
    ? Math.round((100 * counted.reduce((t, c) => t + EVIDENCE_VALUE[c.evidence], 0)) / counted.length) / 100
    : null;
  return {
    slug: s.slug,
    deployment: deploymentOf(s),
    licenceClass: licenceClass(s.license),
    evidenceStrength,
    evidenceBacked: caps.filter(
      (c) => c.evidence === "documented" || c.evidence === "verified" || c.evidence === "observed",
    ).length,
    areas,
    nodes: ranked,
    purpose: ranked.slice(0, PURPOSE_NODES),
  };
}

/** Σ over top-level areas of the smaller share: 1 when two artifacts spread their capabilities alike, 0 when they share no area. */
export function areaOverlap(a: Profile, b: Profile): number {
  let t = 0;
  for (const [area, share] of Object.entries(a.areas)) t += Math.min(share, b.areas[area] ?? 0);
  return Math.round(t * 100) / 100;
}

export function areSubstitutes(a: Profile, b: Profile, sameKind: boolean): boolean {
  return areaOverlap(a, b) >= (sameKind ? SUBSTITUTE_MIN_OVERLAP : SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS);
}
