import fc from "fast-check";
import { analyze, analyzeQuery } from "../text/analyze.js";
import {
  FIELD_NAMES,
  FIELD_WEIGHTS,
  type FieldName,
  type FieldText,
  type IndexArtifact,
  type IndexCapability,
} from "./engine.js";

/** What the engine's property tests share: a small vocabulary, plain parameters, random corpora and the brute-force oracle. */
export const WORDS = [
  "vector",
  "search",
  "image",
  "model",
  "train",
  "audio",
  "agent",
  "code",
  "serve",
  "index",
  "prompt",
  "store",
];
export const PARAMS = {
  synonyms: false,
  typos: false,
  joins: false,
  nameWeight: 0,
  taxonomyWeight: 0,
  k1: 1.2,
  b: 0.75,
  aggregateDecay: 0.35,
  aggregateDepth: 3,
  translationWeight: 0,
};

/** Each distinct typed word at weight 1. */
export const typed = (query: string): Map<string, number> => new Map(analyzeQuery(query).map((t) => [t, 1]));

/** The formulas of DESIGN.md computed the slow, obvious way, for query terms with weights q_t. */
export function oracle(
  arts: IndexArtifact[],
  caps: IndexCapability[],
  weights: Map<string, number>,
): Map<number, number> {
  const docs = caps.map((c) => {
    const tf = new Map<string, number>();
    let len = 0;
    // A list-valued field reads as its items joined by whitespace.
    const joined = (v: FieldText) => (typeof v === "string" ? v : v.join(" "));
    for (const f of FIELD_NAMES)
      for (const t of analyze(joined(c.fields[f]))) {
        tf.set(t, (tf.get(t) ?? 0) + FIELD_WEIGHTS[f]);
        len += FIELD_WEIGHTS[f];
      }
    return { tf, len, artifact: c.artifact };
  });
  const avg = docs.reduce((s, d) => s + d.len, 0) / docs.length;
  const perArtifact = new Map<number, number[]>();
  for (const d of docs) {
    let s = 0;
    for (const [t, q] of weights) {
      const f = d.tf.get(t);
      if (!f) continue;
      const df = docs.filter((x) => x.tf.has(t)).length;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      const tfn = f / (1 - PARAMS.b + (PARAMS.b * d.len) / avg);
      s += q * idf * (tfn / (PARAMS.k1 + tfn));
    }
    if (s > 0) perArtifact.set(d.artifact, [...(perArtifact.get(d.artifact) ?? []), s]);
  }
  const out = new Map<number, number>();
  for (const [a, ss] of perArtifact)
    out.set(
      a,
      ss
        .sort((x, y) => y - x)
        .slice(0, 3)
        .reduce((sum, v, i) => sum + v * 0.35 ** i, 0),
    );
  void arts;
  return out;
}

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 6 }).map((ws) => ws.join(" "));
export const fieldText: fc.Arbitrary<FieldText> = fc.oneof(text, fc.array(text, { maxLength: 3 }));
export const corpus = fc.array(
  fc.record({
    artifact: fc.nat(5),
    fields: fc.record(
      Object.fromEntries(FIELD_NAMES.map((f) => [f, fieldText])) as Record<FieldName, fc.Arbitrary<FieldText>>,
    ),
  }),
  { minLength: 1, maxLength: 25 },
);
