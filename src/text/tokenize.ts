/**
 * Text normalisation shared by search, taxonomy classification and alignment.
 * Deliberately small: lowercase, split on anything that is not a letter or digit,
 * drop filler words, and a light suffix stemmer so "images"/"image" and
 * "training"/"train" meet. Version-like tokens ("gpt-4o", "sd1.5") survive as parts.
 */
/**
 * The one list of filler words, for search (match/analyzer.ts), taxonomy classification,
 * alignment and quote checks alike.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an and any are as at be been but by can could do does for from get got had has have how i i'd i'm i've if in into is it its " +
    "just let lets like me might more most my need needs no not of on one or our out over please should so some something " +
    "such than that the their them then there these they thing things this those to too tool tools up us use used using " +
    "very via want wanted wants was way we what when where which while who why will with without would you your " +
    // What is left of contractions once the apostrophe splits them ("I've" → "i", "ve", "ive").
    "ve ll re im ive youre weve theyre thats whats don dont doesn doesnt isn isnt aren arent cant wont").split(" "),
);

export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith("ies") && token.length > 4) return token.slice(0, -3) + "y";
  if (token.endsWith("es") && /(ss|x|ch|sh)es$/.test(token)) return token.slice(0, -2);
  // A plural is stripped first, so "embeddings" and "embedding" both become "embed".
  if (token.endsWith("s") && !token.endsWith("ss") && !token.endsWith("us") && !token.endsWith("is")) return verbal(token.slice(0, -1));
  return verbal(token);
}

function verbal(token: string): string {
  if (token.endsWith("ing") && token.length > 5) return undouble(token.slice(0, -3));
  // "speed", "feed", "proceed" are not past tenses.
  if (token.endsWith("ed") && !token.endsWith("eed") && token.length > 4) return undouble(token.slice(0, -2));
  return token;
}

function undouble(t: string): string {
  return /([^aeiouls])\1$/.test(t) ? t.slice(0, -1) : t;
}

/** Splits text into normalised, stemmed terms, filler words removed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().normalize("NFKD").split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length === 0 || STOP_WORDS.has(raw)) continue;
    out.push(stem(raw));
  }
  return out;
}

/** Levenshtein distance, bounded: returns max+1 as soon as the distance exceeds max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The closest candidate within `max` edits, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase(), max);
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}
