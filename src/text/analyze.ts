import { isStopWord, stem, STOP_WORDS } from "./words.js";

/**
 * The one text pipeline, in three modes (see match/DESIGN.md, "Analysis"):
 * - document (`analyze`): what the search index stores;
 * - query (`analyzeQueryParts`): the same, after first-person filler phrases are dropped and
 *   directed pairs ("text to speech") keep their direction;
 * - words (`tokenize`): the same words without the compounds read from hyphenated or
 *   letters-then-digits chunks, for taxonomy classification, alignment and quote checks, which
 *   compare bags of words.
 * All modes lowercase, strip accents, split on anything but a-z and 0-9, drop the one list of
 * filler words and single letters, and stem plain words with the same stemmer.
 * Written for speed: one pass over whitespace chunks and a fast path for plain words. Chunks
 * are cached (here for queries, in the build's own chunk table for the index), so a word is
 * stemmed once per distinct chunk and a stem cache of its own did not pay.
 */
const STOP = STOP_WORDS;

/** Filler phrases removed from queries before analysis; order matters (longest first). */
const QUERY_FILLER = [
  /\b(i|we)('d| would)? (really )?(like|love|want|need|wanna) (to have |to find |to get |to use )?(a |an |some )?(tool|library|service|model|way|something|solution|app|package) (that|which|to|for) (can |could |will )?/g,
  /\b(i'm|i am|we're|we are) (looking|searching) for (a |an |some )?(tool|library|service|model|way|something|solution)?( that| which| to| for)?/g,
  /\b(looking|searching) for (a |an |some )?(tool|library|service|way|something|solution)?( that| which| to| for)?/g,
  /\b(is there|are there|what is|what's|which is|recommend) (a |an |some |the best )?(good )?(tool|library|service|way|something)?( that| which| to| for)?/g,
  /\bhow (do|can|should) (i|we|you)\b/g,
];

const PLAIN = /^[a-z]+$/;
const NON_ALNUM = /[^a-z0-9]+/;
const LETTERS_THEN_DIGITS = /^([a-z]{2,})(\d[a-z0-9]*)$/;

function pushWord(w: string, out: string[]): void {
  if (w.length === 0 || STOP.has(w)) return;
  if (w.length === 1 && !(w >= "0" && w <= "9")) return;
  out.push(PLAIN.test(w) ? stem(w) : w);
}

/** Whitespace chunk → its analysed terms; chunks repeat heavily ("models,", "the"), so this is the hot path. */
const CHUNK_CACHE = new Map<string, readonly string[]>();
const CHUNK_CACHE_MAX = 1_000_000;
const EMPTY: readonly string[] = [];

/** The words of one non-empty chunk (words mode: no compounds). */
function chunkWords(chunk: string, out: string[]): void {
  if (PLAIN.test(chunk)) {
    pushWord(chunk, out);
    return;
  }
  for (const p of chunk.split(NON_ALNUM)) if (p.length > 0) pushWord(p, out);
}

/** Words mode: the analysed words of `text`, without compounds (see the modes above). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const chunk of chunks(text)) if (chunk.length > 0) chunkWords(chunk, out);
  return out;
}

/** The analysed terms of one non-empty chunk (uncached: the index build keeps its own table). */
export function analyzeChunk(chunk: string): readonly string[] {
  const out: string[] = [];
  if (PLAIN.test(chunk)) {
    pushWord(chunk, out);
    return out.length ? out : EMPTY;
  }
  const parts = chunk.split(NON_ALNUM).filter((p) => p.length > 0);
  for (const p of parts) {
    pushWord(p, out);
    const m = LETTERS_THEN_DIGITS.exec(p);
    if (m?.[1]) pushWord(m[1], out);
  }
  // "gpt-4o", "sd1.5", "text-to-image": the joined form meets "gpt4o", "sd15", "texttoimage".
  if (parts.length > 1) {
    const joined = parts.join("");
    if (joined.length <= 24 && !STOP.has(joined)) out.push(joined);
  }
  return out.length ? out : EMPTY;
}

/** Lowercased, accent-free whitespace chunks of `text` (step 1 of analysis). */
export function chunks(text: string): string[] {
  const lower = text.toLowerCase();
  const clean = /[^\x00-\x7f]/.test(lower) ? lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : lower;
  return clean.split(/\s+/);
}

/** The analysed terms of one chunk (cached). */
export function chunkTerms(chunk: string): readonly string[] {
  let terms = CHUNK_CACHE.get(chunk);
  if (terms === undefined) {
    terms = chunk.length === 0 ? EMPTY : analyzeChunk(chunk);
    if (CHUNK_CACHE.size >= CHUNK_CACHE_MAX) CHUNK_CACHE.clear();
    CHUNK_CACHE.set(chunk, terms);
  }
  return terms;
}

/** Appends the analysed terms of `text` to `out` (document side). */
export function analyze(text: string, out: string[] = []): string[] {
  for (const chunk of chunks(text)) {
    const terms = chunkTerms(chunk);
    for (let i = 0; i < terms.length; i++) out.push(terms[i] as string);
  }
  return out;
}

/**
 * "text to speech", "speech into text", "text2speech": two words joined by a direction word.
 * "to" is a stop word, so without help both directions analyse to the same bag of terms.
 */
const DIRECTED_PAIR = /\b([a-z]{2,})\s+(?:to|into)\s+([a-z]{2,})\b|\b([a-z]{2,})2([a-z]{2,})\b/g;

/**
 * Query weight of a compound read from a spaced pair ("text to speech" → "texttospeech"), where
 * a typed word weighs 1. It only has to break the tie between the two directions, whose other
 * terms are the same; at 1 it counted as a whole extra word and outweighed the rest of longer
 * queries (dev split: "difusers text to video" lost Diffusers). Range 0.25..0.9 measured on the
 * dev split and the direction pairs: at 0.2 "image to text" still ranks text-to-image first, at 1
 * the dev split loses that query.
 */
export const DIRECTED_PAIR_WEIGHT = 0.5;

/** A compound read from a directed pair, with the phrase it was read from. */
export interface DirectedCompound {
  term: string;
  phrase: string;
}

/**
 * Rewrites each directed pair whose joined compound is `known` (in the index vocabulary or the
 * synonym table) as the hyphenated form, so "text to speech" analyses like "text-to-speech":
 * the same words plus the compound "texttospeech", which only one direction indexes. Unknown
 * pairs stay as written, so no invented term reaches typo correction. "A2B" keeps its own chunk
 * too ("img2img" is indexed as written). Each compound used is appended to `found`.
 */
export function joinDirectedPairs(
  text: string,
  known: (compound: string) => boolean,
  found: DirectedCompound[] = [],
): string {
  return text.replace(DIRECTED_PAIR, (whole: string, a?: string, b?: string, a2?: string, b2?: string) => {
    const [x, y] = a !== undefined && b !== undefined ? [a, b] : [a2 ?? "", b2 ?? ""];
    if (isStopWord(x) || isStopWord(y)) return whole;
    // "images to text" meets the compound of "image-to-text".
    const pair = [
      [x, y],
      [stem(x), stem(y)],
    ].find(([p, q]) => known(`${p}to${q}`));
    if (!pair) return whole;
    found.push({ term: `${pair[0]}to${pair[1]}`, phrase: whole.replace(/\s+/g, " ") });
    const hyphenated = `${pair[0]}-to-${pair[1]}`;
    return a !== undefined ? hyphenated : `${whole} ${hyphenated}`;
  });
}

/** A query's analysed terms and the compounds among them that were read from directed pairs. */
export interface AnalyzedQuery {
  terms: string[];
  directed: DirectedCompound[];
}

/**
 * Query side: drops first-person filler phrases, then analyses like documents. With `known`,
 * directed pairs ("text to speech") keep their direction (see joinDirectedPairs).
 */
export function analyzeQueryParts(text: string, known?: (compound: string) => boolean): AnalyzedQuery {
  let t = text.toLowerCase();
  for (const re of QUERY_FILLER) t = t.replace(re, " ");
  const directed: DirectedCompound[] = [];
  if (known) t = joinDirectedPairs(t, known, directed);
  const terms = analyze(t);
  return terms.length > 0 ? { terms, directed } : { terms: analyze(text), directed: [] };
}

/** The analysed terms of a query (see analyzeQueryParts). */
export function analyzeQuery(text: string, known?: (compound: string) => boolean): string[] {
  return analyzeQueryParts(text, known).terms;
}
