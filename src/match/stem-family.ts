import { stemmer } from "stemmer";
import { runSteps, STEP_ITEMS, type Steps } from "./steps.js";

/** Shortest word a stem family joins: short words share Porter stems by accident ("us", "use"). */
const MIN_LENGTH = 4;

/**
 * Vocabulary words grouped by their Porter stem, so a query word meets the catalog's forms of it
 * ("generate" → "generation", "generator"; "generating" → "generation") that the light stemmer
 * keeps apart. It only backs the light stemmer with weighted extra terms: replacing it conflated
 * words the light stemmer keeps apart (match/DESIGN.md, "Cold quality"). Built once with the index.
 * A stem with one word is kept as a bare string: most stems have one, and a query word the
 * catalog lacks still meets it.
 */
export class StemFamilies {
  private constructor(private readonly groups: Map<string, string | string[]>) {}

  static of(terms: readonly string[]): StemFamilies {
    return runSteps(StemFamilies.steps(terms));
  }

  /** StemFamilies.of as steps: a yield every STEP_ITEMS terms (stemming is the slow part, ~2 µs a word). */
  static *steps(terms: readonly string[]): Steps<StemFamilies> {
    const groups = new Map<string, string | string[]>();
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i] as string;
      if (i % STEP_ITEMS === STEP_ITEMS - 1) yield;
      if (!eligible(t)) continue;
      const key = familyKey(t);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, t);
      else if (typeof group === "string") groups.set(key, [group, t]);
      else group.push(t);
    }
    return new StemFamilies(groups);
  }

  /** The other vocabulary words sharing `word`'s Porter stem (empty for short or non-letter words). */
  of(word: string): string[] {
    if (!eligible(word)) return [];
    const group = this.groups.get(familyKey(word));
    if (group === undefined) return [];
    return (typeof group === "string" ? [group] : group).filter((w) => w !== word);
  }
}

/**
 * The Porter stem of a light stem. The light stemmer drops "-ing" and "-ed" without restoring a
 * final "e" ("generating" → "generat"), where Porter would strip "-ate" ("generate" → "gener"):
 * the shorter of the two stems with and without that "e" puts both in one family.
 */
function familyKey(t: string): string {
  const plain = stemmer(t);
  const key = t.endsWith("e") ? plain : shorter(stemmer(`${t}e`), plain);
  const guarded = GUARDED.find((p) => key === p);
  // A guarded prefix keeps two more letters: "generat" (generate, generation, generator) stays apart from "general".
  return guarded ? t.slice(0, guarded.length + 2) : key;
}

const shorter = (a: string, b: string): string => (a.length < b.length ? a : b);

/**
 * Prefixes the Snowball English stemmer never strips into (its R1 exceptions): Porter's own
 * stemmer, used here, reduces "general" and "generate" both to "gener", "community" and
 * "communicate" both to "commun".
 */
const GUARDED = ["gener", "commun", "arsen"];

const eligible = (w: string): boolean => w.length >= MIN_LENGTH && /^[a-z]+$/.test(w);
