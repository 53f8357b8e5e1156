/**
 * The words of the one text pipeline (text/analyze.ts): the filler words every mode drops and a
 * light suffix stemmer, so "images"/"image" and "training"/"train" meet.
 */
/**
 * The one list of filler words, for search (match/analyzer.ts), taxonomy classification,
 * alignment and quote checks alike.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and any are as at be been but by can could do does for from get got had has have how i i'd i'm i've if in into is it its " +
    "just let lets like me might more most my need needs no not of on one or our out over please should so some something " +
    "such than that the their them then there these they thing things this those to too tool tools up us use used using " +
    "very via want wanted wants was way we what when where which while who why will with without would you your " +
    // What is left of contractions once the apostrophe splits them ("I've" → "i", "ve", "ive").
    "ve ll re im ive youre weve theyre thats whats don dont doesn doesnt isn isnt aren arent cant wont"
  ).split(" "),
);

export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith("ies") && token.length > 4) return token.slice(0, -3) + "y";
  if (token.endsWith("es") && /(ss|x|ch|sh)es$/.test(token)) return token.slice(0, -2);
  // A plural is stripped first, so "embeddings" and "embedding" both become "embed".
  if (token.endsWith("s") && !token.endsWith("ss") && !token.endsWith("us") && !token.endsWith("is"))
    return verbal(token.slice(0, -1));
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

/** True for the filler words analysis drops ("the", "want", "tool"…). */
export const isStopWord = (w: string): boolean => STOP_WORDS.has(w);
