import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Taxonomy } from "../src/catalog/taxonomy.js";
import { normalize } from "../src/catalog/normalize.js";
import { type ParsedManifest } from "../src/catalog/manifest.js";
import type { ManifestInput } from "../src/catalog/schema.js";
import type { LabelledQuery } from "../src/match/eval.js";
import { ROOT } from "../src/paths.js";

/**
 * The MetaTool (ToolE) tool-selection set, vendored in `bench/metatool/` (MIT, see its
 * README.md and LICENSE): 199 tools and intents written by people outside this project.
 * Tools become manifests with a name and a description only; intents are split by the
 * first byte of SHA-1 of their UTF-8 text, so the split never depends on file order.
 */
export const METATOOL_DIR = path.join(ROOT, "bench", "metatool");

export const METATOOL_SPLITS = ["stream", "dev", "test"] as const;
export type MetatoolSplit = (typeof METATOOL_SPLITS)[number] | "multi";

/** < 128: stream (outcomes are learned from it); 128–191: dev (tuned on); ≥ 192: test (report only). */
export function splitOf(query: string): (typeof METATOOL_SPLITS)[number] {
  const b = createHash("sha1").update(query, "utf8").digest()[0] as number;
  return b < 128 ? "stream" : b < 192 ? "dev" : "test";
}

/**
 * The stream in arrival order: the vendored file lists intents tool by tool, so read in file order
 * the first 10 % of the stream names 10 of the 199 tools (25 %: 44, 50 %: 147) and the curve
 * measures which tools came first, not how fast outcomes teach. People ask about every tool at
 * once; this order interleaves them deterministically (by SHA-256 of the intent, independent of
 * the SHA-1 split).
 */
export function arrivalOrder(stream: readonly LabelledQuery[]): LabelledQuery[] {
  const key = (q: string) => createHash("sha256").update(q, "utf8").digest("hex");
  return stream
    .map((q) => ({ q, k: key(q.query) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.q);
}

/** "ResearchHelper" → "Research Helper", "PDF&URLTool" → "PDF URL Tool", "total_query_meta" → "total query meta". */
export function splitName(name: string): string {
  return name
    .replace(/[_&\-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/\s+/g, " ")
    .trim();
}

export const toolSlug = (name: string): string =>
  splitName(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "tool";

/** Tool key → description, as shipped. */
export function metatoolTools(): Map<string, string> {
  const raw = JSON.parse(fs.readFileSync(path.join(METATOOL_DIR, "tools.json"), "utf8")) as Record<string, string>;
  return new Map(Object.entries(raw));
}

/** One manifest per tool: the artifact and one capability, each with the tool's name and description. */
export function metatoolManifestInputs(): ManifestInput[] {
  return [...metatoolTools()].map(
    ([key, description]) =>
      ({
        capgraph: 1,
        artifact: { slug: toolSlug(key), name: key, kind: "api", description, categories: [], tags: [] },
        capabilities: [{ id: "main", name: splitName(key), description }],
      }) as ManifestInput,
  );
}

export function metatoolManifests(taxonomy: Taxonomy): ParsedManifest[] {
  return metatoolManifestInputs().map((m, i) => ({
    file: `metatool/${m.artifact.slug}.json`,
    line: 1,
    column: i + 1,
    manifest: normalize(m, taxonomy),
  }));
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = "",
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The single-tool intents of each split and the multi-tool intents, labelled with tool slugs. */
export function metatoolQueries(): Record<MetatoolSplit, LabelledQuery[]> {
  const slugOf = new Map([...metatoolTools().keys()].map((k) => [k.toLowerCase(), toolSlug(k)]));
  const out: Record<MetatoolSplit, LabelledQuery[]> = { stream: [], dev: [], test: [], multi: [] };
  const rows = parseCsv(fs.readFileSync(path.join(METATOOL_DIR, "queries.csv"), "utf8"));
  for (const [query, tool] of rows.slice(1)) {
    const slug = slugOf.get((tool ?? "").trim().toLowerCase());
    if (!query || !slug) continue;
    out[splitOf(query)].push({ query, slugs: [slug] });
  }
  const multi = JSON.parse(fs.readFileSync(path.join(METATOOL_DIR, "multi_tool_queries.json"), "utf8")) as {
    query: string;
    tool: string[];
  }[];
  for (const m of multi) {
    const slugs = m.tool.map((t) => slugOf.get(t.toLowerCase())).filter((s): s is string => s !== undefined);
    if (slugs.length === m.tool.length) out.multi.push({ query: m.query, slugs });
  }
  return out;
}
