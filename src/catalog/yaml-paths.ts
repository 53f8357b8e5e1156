import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import { ManifestSchema } from "./schema.js";

/**
 * Where a manifest problem is: paths into the parsed YAML, their byte offsets (for line and
 * column), and the keys known at a path (for "did you mean").
 */
export function nodeOffset(doc: Document.Parsed, p: ReadonlyArray<PropertyKey>, key?: string): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const seg of p) {
    const next = childOf(node, seg);
    if (!next) break;
    node = next.value;
    offset = next.offset;
  }
  if (key !== undefined && isMap(node)) {
    const k = keyIndex(node).get(key)?.key as YamlNode | undefined;
    if (k?.range) offset = k.range[0];
  }
  return offset;
}

type YamlPair = Pair<unknown, unknown>;
const KEY_INDEX = new WeakMap<object, Map<string, YamlPair>>();

/** Each mapping's keys, indexed once: locating n keys by scanning the map was n² work. */
export function keyIndex(node: YAMLMap<unknown, unknown>): Map<string, YamlPair> {
  let index = KEY_INDEX.get(node);
  if (!index) {
    index = new Map();
    for (const it of node.items)
      if (isScalar(it.key) && !index.has(String(it.key.value))) index.set(String(it.key.value), it);
    KEY_INDEX.set(node, index);
  }
  return index;
}

export function childOf(node: unknown, seg: PropertyKey): { value: unknown; offset: number } | undefined {
  if (isMap(node)) {
    const pair = keyIndex(node).get(String(seg));
    if (!pair) return undefined;
    const v = pair.value as YamlNode | null;
    const k = pair.key as YamlNode;
    return { value: v, offset: v?.range?.[0] ?? k.range?.[0] ?? 0 };
  }
  if (isSeq(node) && typeof seg === "number") {
    const v = node.items[seg] as YamlNode | undefined;
    return v ? { value: v, offset: v.range?.[0] ?? 0 } : undefined;
  }
  return undefined;
}

export function formatPath(p: ReadonlyArray<PropertyKey>): string {
  return p.map((s, i) => (typeof s === "number" ? `[${s}]` : `${i ? "." : ""}${String(s)}`)).join("");
}

export function hasPath(raw: unknown, p: ReadonlyArray<PropertyKey>): boolean {
  let cur: unknown = raw;
  for (const s of p) {
    if (cur === null || typeof cur !== "object" || !(String(s) in (cur as object))) return false;
    cur = (cur as Record<string, unknown>)[String(s)];
  }
  return true;
}

export function getPath(raw: unknown, p: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = raw;
  for (const s of p) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[String(s)] : undefined;
  return cur;
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}

const KNOWN_KEYS: Record<string, string[]> = {
  "": Object.keys(ManifestSchema.shape),
  artifact: Object.keys(ManifestSchema.shape.artifact.shape),
  pricing: ["model", "freeTier", "prices"],
  prices: ["amount", "currency", "unit", "note"],
  capabilities: Object.keys(ManifestSchema.shape.capabilities.unwrap().element.shape),
  sources: ["url", "excerpt", "retrievedAt"],
  signals: ["metric", "value", "unit", "source", "observedAt"],
  trust: ["permissions", "dataAccess", "failureModes"],
  failureModes: ["mode", "frequency", "mitigation"],
  gaps: ["metric", "source", "reason"],
};

export function knownKeysAt(p: ReadonlyArray<PropertyKey>): string[] {
  const named = [...p].reverse().find((s) => typeof s === "string");
  return KNOWN_KEYS[named === undefined ? "" : String(named)] ?? [];
}
