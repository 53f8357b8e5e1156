import type { Capability } from "../catalog/schema.js";
import type { ScoreCard } from "../rank/scores.js";
import type { ArtifactSummary } from "../rank/view.js";
import { nodeAtDepth, type Profile } from "./profile.js";

/** The verdict's sentences: the Claim and Reason shapes, the placed sides they are built from, and the words they share. */

export type ClaimKind =
  | "substitutes"
  | "purpose"
  | "choose"
  | "rank"
  | "tie"
  | "lead"
  | "level"
  | "no-data"
  | "pricing"
  | "coverage"
  | "change";

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** One sentence of the verdict and the numbers behind it. Surfaces render `text` or build their own from `data`; none parses `text`. */
export interface Claim {
  kind: ClaimKind;
  text: string;
  data: Record<string, Json>;
}

/** One reason to choose an artifact, with the numbers behind it. */
export interface Reason {
  kind: "capabilities" | "price" | "free-tier" | "licence" | "deployment" | "evidence" | "caprank";
  /** A phrase that completes "Choose X if …". */
  text: string;
  data: Record<string, Json>;
}

export interface Side {
  s: ArtifactSummary;
  card: ScoreCard;
  capabilities: readonly Capability[];
}

export interface Placed extends Side {
  p: Profile;
}

const DEPLOYMENT_WORDS = { hosted: "hosted", "self-hosted": "self-hosted", unknown: "" } as const;

/** "a hosted model", "a self-hosted repository" */
export function whatItIs(x: Placed): string {
  const kind = x.s.kind.replace(/-/g, " ");
  const dep = DEPLOYMENT_WORDS[x.p.deployment];
  const phrase = dep ? `${dep} ${kind}` : kind;
  return `${/^[aeiou]/.test(phrase) ? "an" : "a"} ${phrase}`;
}

export const secondLevel = (uri: string) => nodeAtDepth(uri, 2);

export const nameOf = (xs: readonly Placed[], slug: string | undefined) =>
  xs.find((x) => x.s.slug === slug)?.s.name ?? slug ?? "";

export const pct = (x: number) => `${Math.round(x * 100)}%`;

export function joinWords(xs: readonly string[], last = "and"): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} ${last} ${xs[xs.length - 1]}`;
}

/** Clauses that may contain commas: "a; b; or c". */
export function joinClauses(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join("; ")}; or ${xs[xs.length - 1]}`;
}
