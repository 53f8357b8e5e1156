import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../paths.js";
import type { QueryTerm } from "./index-data.js";

/**
 * Learned word → word translations (match/DESIGN.md, "Translation model"): for an analysed
 * intent word, the analysed catalog words people who typed it were looking for, with
 * P(catalog word | intent word). Word → word, never word → tool, so one table serves any
 * catalog: a query word is expanded only to the words the catalog being searched holds.
 */
export type TranslationTable = Readonly<Record<string, readonly (readonly [string, number])[]>>;

/** The committed model, built by `npm run translation:build` (bench/translation.ts). */
export const TRANSLATION_FILE = path.join(ROOT, "src", "match", "translation.json");

/** What the committed file holds besides the table: where it comes from and how it was built. */
export interface TranslationFile {
  about: string;
  source: string;
  licence: string;
  options: Readonly<Record<string, number>>;
  translations: TranslationTable;
}

const NONE: readonly (readonly [string, number])[] = [];

export class Translations {
  private readonly table = new Map<string, readonly (readonly [string, number])[]>();

  constructor(table: TranslationTable = {}) {
    // Filtered once here, not on every query: a word never translates to itself.
    for (const [word, targets] of Object.entries(table))
      this.table.set(
        word,
        targets.filter(([t]) => t !== word),
      );
  }

  /** Intent words the model knows. */
  get size(): number {
    return this.table.size;
  }

  /** The catalog words `word` translates to, most probable first (never `word` itself). */
  of(word: string): readonly (readonly [string, number])[] {
    return this.table.get(word) ?? NONE;
  }
}

let shipped: Translations | undefined;

/** The committed model, read once on first use; an absent file is an empty model (nothing is expanded). */
export function shippedTranslations(): Translations {
  if (!shipped) {
    const file = fs.existsSync(TRANSLATION_FILE)
      ? (JSON.parse(fs.readFileSync(TRANSLATION_FILE, "utf8")) as TranslationFile)
      : undefined;
    shipped = new Translations(file?.translations ?? {});
  }
  return shipped;
}

/**
 * Adds each word's translations that the catalog holds to `out`, at `weight` × P(target | word)
 * summed over the words, shown as `related` words of the typed words. `idf` gives a target's idf in the
 * searched catalog (undefined: not in it). A target whose summed weight × idf stays below `minScore`
 * is dropped: it could move a capability by at most that much, and it would cost its postings (the
 * words every capability has are the longest lists). A target already in the query keeps its own
 * weight: a translation only adds words the intent did not use.
 */
export function addTranslations(
  words: readonly string[],
  model: Translations,
  o: { weight: number; minScore: number },
  idf: (t: string) => number | undefined,
  out: Map<string, QueryTerm>,
): void {
  if (o.weight <= 0) return;
  const added = new Map<string, QueryTerm & { idf: number }>();
  for (const w of new Set(words)) {
    for (const [t, p] of model.of(w)) {
      const prev = added.get(t);
      if (prev) {
        prev.weight += o.weight * p;
        prev.via = `${prev.via} ${w}`;
        continue;
      }
      const i = out.has(t) ? undefined : idf(t);
      if (i !== undefined) added.set(t, { term: t, weight: o.weight * p, kind: "related", via: w, idf: i });
    }
  }
  for (const { idf: i, ...qt } of added.values()) if (qt.weight * i >= o.minScore) out.set(qt.term, qt);
}
