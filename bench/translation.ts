import { analyze, analyzeQuery } from "../src/text/analyze.js";
import type { TranslationFile } from "../src/match/translation.js";
import { metatoolQueries, metatoolTools, splitName, toolSlug } from "./metatool.js";

/**
 * Trains the word → word translation model (match/DESIGN.md, "Translation model") with IBM
 * Model 1: each (intent, labelled tool) pair is an intent "translated" into the tool's name and
 * description; EM learns t(doc word | intent word). A null intent word takes part in every
 * alignment, so doc words that go with every intent ("provide", "information") are explained
 * by it rather than by some real intent word.
 */

/** One training pair: the analysed words of an intent and of the text of the tool it was labelled with. */
export interface TranslationPair {
  intent: readonly string[];
  doc: readonly string[];
}

export interface TrainOptions {
  /** EM iterations. */
  iterations: number;
  /** An intent word must occur in at least this many intents to be kept. */
  minIntents: number;
  /** A translation must co-occur with its intent word in at least this many pairs. */
  minPairs: number;
  /** Smallest t(doc word | intent word) kept. */
  minProb: number;
  /** Most translations kept per intent word. */
  topK: number;
  /**
   * A translation must occur in at least this many distinct tool texts: a word only one tool uses
   * ("midjourney") stands for that tool, not for a meaning another catalog could share.
   */
  minDocs: number;
}

export const TRAIN_OPTIONS: TrainOptions = {
  iterations: 10,
  minIntents: 5,
  minPairs: 3,
  minProb: 0.02,
  topK: 8,
  minDocs: 1,
};

const NULL = "";

/** IBM Model 1 (with a null source word) over the pairs; only co-occurring (intent word, doc word) pairs carry mass. */
export function trainModel1(pairs: readonly TranslationPair[], iterations: number): Map<string, Map<string, number>> {
  const sets = pairs.map((p) => ({ intent: [NULL, ...new Set(p.intent)], doc: [...new Set(p.doc)] }));
  // Uniform start over the doc words each intent word ever meets.
  let t = new Map<string, Map<string, number>>();
  for (const p of sets)
    for (const s of p.intent) {
      const row = t.get(s) ?? new Map<string, number>();
      for (const d of p.doc) row.set(d, 1);
      t.set(s, row);
    }
  for (const row of t.values()) for (const d of row.keys()) row.set(d, 1 / row.size);
  for (let it = 0; it < iterations; it++) {
    const counts = new Map<string, Map<string, number>>();
    for (const p of sets) {
      const rows = p.intent.map((s) => t.get(s) as Map<string, number>);
      const outRows = p.intent.map((s) => counts.get(s) ?? (counts.set(s, new Map()).get(s) as Map<string, number>));
      for (const d of p.doc) {
        let z = 0;
        for (const row of rows) z += row.get(d) as number;
        rows.forEach((row, i) => {
          const c = outRows[i] as Map<string, number>;
          c.set(d, (c.get(d) ?? 0) + (row.get(d) as number) / z);
        });
      }
    }
    for (const row of counts.values()) {
      let total = 0;
      for (const v of row.values()) total += v;
      for (const [d, v] of row) row.set(d, v / total);
    }
    t = counts;
  }
  return t;
}

/**
 * The kept translations: intent words seen in at least `minIntents` intents, their doc words with
 * t ≥ `minProb` seen together in at least `minPairs` pairs, at most `topK` each, identity dropped
 * (a typed word already matches itself). Sorted and rounded, so equal input gives a byte-identical file.
 */
export function trainTranslation(
  pairs: readonly TranslationPair[],
  o: TrainOptions = TRAIN_OPTIONS,
): Record<string, [string, number][]> {
  const t = trainModel1(pairs, o.iterations);
  const intents = new Map<string, number>(),
    together = new Map<string, number>();
  const docSets = new Map<string, Set<string>>();
  for (const p of pairs) docSets.set(p.doc.join(" "), new Set(p.doc));
  const docs = new Map<string, number>();
  for (const set of docSets.values()) for (const d of set) docs.set(d, (docs.get(d) ?? 0) + 1);
  for (const p of pairs) {
    const doc = new Set(p.doc);
    for (const s of new Set(p.intent)) {
      intents.set(s, (intents.get(s) ?? 0) + 1);
      for (const d of doc) together.set(`${s} ${d}`, (together.get(`${s} ${d}`) ?? 0) + 1);
    }
  }
  const out: Record<string, [string, number][]> = {};
  for (const s of [...t.keys()].filter((w) => w !== NULL).sort()) {
    if ((intents.get(s) ?? 0) < o.minIntents || !WORD.test(s)) continue;
    const kept = [...(t.get(s) as Map<string, number>)]
      .filter(
        ([d, p]) =>
          d !== s &&
          WORD.test(d) &&
          p >= o.minProb &&
          (docs.get(d) ?? 0) >= o.minDocs &&
          (together.get(`${s} ${d}`) ?? 0) >= o.minPairs,
      )
      .map(([d, p]): [string, number] => [d, round(p)])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, o.topK);
    if (kept.length) out[s] = kept;
  }
  return out;
}

/** Words only: digits and version parts ("3", "gpt4") carry no meaning another catalog shares. */
const WORD = /^[a-z]{3,}$/;

const round = (p: number): number => Math.round(p * 1e3) / 1e3;

/** The MetaTool stream split as training pairs: analysed intent words, and the tool's analysed name and description. */
export function metatoolStreamPairs(): TranslationPair[] {
  const docs = new Map(
    [...metatoolTools()].map(([key, description]) => [toolSlug(key), analyze(`${splitName(key)} ${description}`)]),
  );
  return metatoolQueries().stream.map((q) => ({
    intent: analyzeQuery(q.query),
    doc: docs.get(q.slugs[0] as string) ?? [],
  }));
}

/** The committed file's content: the model trained on the MetaTool stream, with its source and options. */
export function translationFile(o: TrainOptions = TRAIN_OPTIONS): string {
  const file: TranslationFile = {
    about:
      "Word → word translations P(catalog word | intent word), IBM Model 1 with a null word; built by `npm run translation:build` (bench/translation.ts).",
    source:
      "MetaTool (ToolE) single-tool intents of the stream split (first SHA-1 byte < 128) and the 199 tool names and descriptions, bench/metatool/",
    licence: "MIT (bench/metatool/LICENSE)",
    options: { ...o },
    translations: trainTranslation(metatoolStreamPairs(), o),
  };
  return formatTranslationFile(file);
}

/** JSON with one intent word per line, so a rebuilt model diffs word by word. */
export function formatTranslationFile(file: TranslationFile): string {
  const head = (["about", "source", "licence", "options"] as const).map(
    (k) => `  ${JSON.stringify(k)}: ${JSON.stringify(file[k])}`,
  );
  const rows = Object.entries(file.translations).map(([w, ts]) => `    ${JSON.stringify(w)}: ${JSON.stringify(ts)}`);
  return `{\n${head.join(",\n")},\n  "translations": {\n${rows.join(",\n")}\n  }\n}\n`;
}
