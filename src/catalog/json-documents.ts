/**
 * Manifest texts written as JSON (one object per document, `---` lines between them) are
 * what exporters, importers and bulk loads produce. The YAML parser reads them correctly but
 * at about 1 ms per document, which made `capgraph add` of a million capabilities take minutes;
 * JSON.parse reads the same text in microseconds. This module only splits and parses: a text
 * it cannot vouch for (not JSON, a repeated key) returns undefined and goes the YAML way, which
 * also locates every problem by line and column.
 */

/** One JSON document of a text: its value and where its `slug` value starts (for diagnostics). */
export interface JsonDocument {
  value: unknown;
  /** Offset in the whole text of the first `"slug"` key's value, or of the document when it has none. */
  slugOffset: number;
}

/** A line holding only the YAML document separator. */
const SEPARATOR = /^---[ \t]*\r?$/gm;
/**
 * Every JSON string in order, and whether a colon follows it (a key). Valid JSON has no quote
 * outside strings, so scanning from the first quote visits exactly the text's strings.
 */
const STRINGS = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/**
 * The documents of `text` when every one is a JSON object without repeated keys; undefined
 * when any is not (the caller then parses the text as YAML).
 */
export function jsonDocuments(text: string, maxDocuments: number): JsonDocument[] | undefined {
  if (!/^\s*(---[ \t]*\r?\n\s*)?\{/.test(text)) return undefined;
  const out: JsonDocument[] = [];
  let start = 0;
  for (const end of [...separators(text), text.length]) {
    const part = text.slice(start, end);
    const from = start;
    start = end === text.length ? end : text.indexOf("\n", end) + 1 || text.length;
    if (part.trim() === "") continue; // an empty document between separators, as in YAML
    if (out.length === maxDocuments) return undefined; // the YAML way reports the limit
    const doc = parseObject(part, from);
    if (!doc) return undefined;
    out.push(doc);
  }
  return out;
}

function separators(text: string): number[] {
  const at: number[] = [];
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) at.push(m.index);
  return at;
}

/** One document: a JSON object whose keys are all distinct, or undefined. */
function parseObject(part: string, offset: number): JsonDocument | undefined {
  const trimmed = part.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(part);
  } catch {
    return undefined;
  }
  const scan = scanKeys(part);
  // JSON.parse keeps the last of repeated keys silently; fewer keys parsed than written means a repeat.
  if (scan.keys !== countKeys(value)) return undefined;
  return { value, slugOffset: offset + (scan.slugAt ?? part.indexOf("{")) };
}

/** Keys written in a valid JSON text, and where the first `"slug"` key's value starts. */
function scanKeys(json: string): { keys: number; slugAt: number | undefined } {
  let keys = 0;
  let slugAt: number | undefined;
  let slugNext = false;
  STRINGS.lastIndex = 0;
  for (let m = STRINGS.exec(json); m; m = STRINGS.exec(json)) {
    if (slugNext) {
      slugAt = m.index;
      slugNext = false;
    }
    if (m[1] === undefined) continue;
    keys++;
    if (slugAt === undefined && m[0].startsWith('"slug"')) slugNext = true;
  }
  return { keys, slugAt };
}

/** Keys of every object in a parsed JSON value. */
function countKeys(v: unknown): number {
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) n += countKeys(x);
    return n;
  }
  if (v === null || typeof v !== "object") return 0;
  let n = 0;
  for (const k in v) {
    n++;
    n += countKeys((v as Record<string, unknown>)[k]);
  }
  return n;
}
