import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { ManifestSchema, type NormalizedManifest } from "./schema.js";
import type { Taxonomy } from "./taxonomy.js";
import { kindOf, readRegularFile } from "../files.js";
import { nodeOffset } from "./yaml-paths.js";
import { jsonDocuments } from "./json-documents.js";
import {
  DiagnosticSink,
  duplicateKeys,
  hasErrors,
  issueToDiagnostics,
  semanticChecks,
  syntaxDiagnostics,
  tooDeep,
  type At,
  type Diagnostic,
  type Locate,
} from "./diagnostics.js";
import { normalize } from "./normalize.js";

export interface ParsedManifest {
  file: string;
  /** Position of the artifact's slug, for cross-document diagnostics. */
  line: number;
  column: number;
  manifest: NormalizedManifest;
}

export interface LoadResult {
  manifests: ParsedManifest[];
  diagnostics: Diagnostic[];
}

/** Limits that keep one bad file from exhausting memory. */
export const MANIFEST_LIMITS = { maxFileBytes: 1_000_000, maxDocumentsPerFile: 200, maxFiles: 5_000 } as const;

/** Parses every document of one YAML/JSON text, validating and normalising each. */
export function parseManifestText(
  text: string,
  file: string,
  taxonomy: Taxonomy,
  opts: { json?: boolean } = {},
): LoadResult {
  // Valid JSON documents take the fast way; anything it cannot vouch for is parsed as YAML below.
  const fast = opts.json === false ? undefined : parseJsonText(text, file, taxonomy);
  if (fast) return fast;
  const lc = new LineCounter();
  const out: LoadResult = { manifests: [], diagnostics: [] };
  const sink = new DiagnosticSink(file);
  let list: Document.Parsed[];
  try {
    // Duplicate keys are found below in one pass: the parser's own check is quadratic.
    const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
    list = Array.isArray(docs) ? docs : [];
  } catch (e) {
    sink.push(tooDeep(file, e));
    return { ...out, diagnostics: sink.done() };
  }
  if (list.length > MANIFEST_LIMITS.maxDocumentsPerFile) {
    out.diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: "error",
      code: "MANIFEST_TOO_LARGE",
      path: "",
      message: `has ${list.length} documents; the limit is ${MANIFEST_LIMITS.maxDocumentsPerFile}. Split it into several files.`,
    });
    return out;
  }
  const at = (offset: number) => lc.linePos(offset);
  for (const doc of list) {
    if (doc.errors.length > 0) {
      syntaxDiagnostics(doc, file, at, sink);
      continue;
    }
    if (doc.contents === null) continue; // an empty document between separators
    if (duplicateKeys(doc, file, at, sink)) continue;
    const slugAt = at(nodeOffset(doc, ["artifact", "slug"]));
    const r = validateDocument(doc, file, taxonomy, at, sink);
    if (r.manifest) out.manifests.push({ file, line: slugAt.line, column: slugAt.col, manifest: r.manifest });
  }
  return { ...out, diagnostics: sink.done() };
}

/**
 * `text` as JSON documents that are all valid and draw no warning, or undefined: then the YAML
 * way parses it again and places every diagnostic at its line and column.
 */
function parseJsonText(text: string, file: string, taxonomy: Taxonomy): LoadResult | undefined {
  const docs = jsonDocuments(text, MANIFEST_LIMITS.maxDocumentsPerFile);
  if (!docs) return undefined;
  const manifests: ParsedManifest[] = [];
  const nowhere: Locate = () => ({ line: 0, column: 0 });
  const position = linePositions(text);
  for (const d of docs) {
    const res = ManifestSchema.safeParse(d.value);
    if (!res.success || semanticChecks(res.data, file, taxonomy, nowhere).length > 0) return undefined;
    const at = position(d.slugOffset);
    manifests.push({ file, line: at.line, column: at.col, manifest: normalize(res.data, taxonomy) });
  }
  return { manifests, diagnostics: [] };
}

/** Line and column (1-based) of increasing offsets in `text`, as the YAML parser counts them. */
function linePositions(text: string): (offset: number) => { line: number; col: number } {
  let line = 1,
    lineStart = 0;
  return (offset) => {
    // Jumps from newline to newline: a character loop was a fifth of reading a JSON file.
    for (let nl = text.indexOf("\n", lineStart); nl !== -1 && nl < offset; nl = text.indexOf("\n", lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    return { line, col: offset - lineStart + 1 };
  };
}

function validateDocument(
  doc: Document.Parsed,
  file: string,
  taxonomy: Taxonomy,
  at: At,
  sink: DiagnosticSink,
): { manifest?: NormalizedManifest } {
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    sink.push(tooDeep(file, e));
    return {};
  }
  const locate = (p: ReadonlyArray<PropertyKey>, key?: string) => {
    const off = nodeOffset(doc, p, key);
    const pos = at(off);
    return { line: pos.line, column: pos.col };
  };
  const res = ManifestSchema.safeParse(raw);
  if (!res.success) {
    for (const issue of res.error.issues) sink.push(...issueToDiagnostics(issue, raw, file, locate, sink));
    return {};
  }
  const manifest = res.data;
  const diagnostics = semanticChecks(manifest, file, taxonomy, locate);
  sink.push(...diagnostics);
  if (hasErrors(diagnostics)) return {};
  return { manifest: normalize(manifest, taxonomy) };
}

/** Reads files and folders (recursively: .yml, .yaml, .json), then checks slugs across all documents. */
export function loadManifestPaths(paths: readonly string[], taxonomy: Taxonomy): LoadResult {
  const out: LoadResult = { manifests: [], diagnostics: [] };
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) collectFiles(p, files, out.diagnostics, seen);
  for (const file of files.slice(0, MANIFEST_LIMITS.maxFiles)) {
    // Devices, FIFOs and link loops are refused and every read is bounded (never /dev/zero to the end).
    const read = readRegularFile(file, MANIFEST_LIMITS.maxFileBytes);
    if ("reason" in read) {
      out.diagnostics.push({
        file,
        line: 1,
        column: 1,
        severity: "error",
        code: /bytes/.test(read.reason) ? "MANIFEST_TOO_LARGE" : "MANIFEST_UNREADABLE",
        path: "",
        message: /bytes/.test(read.reason) ? `${read.reason}. Split it into several files.` : read.reason,
      });
      continue;
    }
    const r = parseManifestText(read.bytes.toString("utf8"), file, taxonomy);
    out.manifests.push(...r.manifests);
    out.diagnostics.push(...r.diagnostics);
  }
  out.diagnostics.push(...duplicateSlugs(out.manifests));
  return out;
}

export function duplicateSlugs(manifests: readonly ParsedManifest[]): Diagnostic[] {
  const first = new Map<string, ParsedManifest>();
  const out: Diagnostic[] = [];
  for (const m of manifests) {
    const slug = m.manifest.artifact.slug;
    const prev = first.get(slug);
    if (prev)
      out.push({
        file: m.file,
        line: m.line,
        column: m.column,
        severity: "error",
        code: "MANIFEST_DUPLICATE_SLUG",
        path: "artifact.slug",
        message: `slug '${slug}' is already used at ${prev.file}:${prev.line}; slugs must be unique`,
      });
    else first.set(slug, m);
  }
  return out;
}

function collectFiles(p: string, files: string[], diagnostics: Diagnostic[], seen: Set<string>): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
    diagnostics.push({
      file: p,
      line: 1,
      column: 1,
      severity: "error",
      code: loop ? "MANIFEST_UNREADABLE" : "MANIFEST_FILE_NOT_FOUND",
      path: "",
      message: loop ? "is a loop of symbolic links" : "no such file or folder; check the path",
    });
    return;
  }
  if (st.isDirectory()) {
    // A folder reached twice (a link to a parent) is walked once.
    const real = fs.realpathSync(p);
    if (seen.has(real) || files.length >= MANIFEST_LIMITS.maxFiles) return;
    seen.add(real);
    for (const e of fs.readdirSync(p).sort()) {
      const child = path.join(p, e);
      let dir = false;
      try {
        dir = fs.statSync(child).isDirectory();
      } catch {
        /* a broken link or loop: reported below if it looks like a manifest */
      }
      if (dir || /\.(ya?ml|json)$/i.test(e)) collectFiles(child, files, diagnostics, seen);
    }
  } else if (st.isFile()) files.push(p);
  else
    diagnostics.push({
      file: p,
      line: 1,
      column: 1,
      severity: "error",
      code: "MANIFEST_UNREADABLE",
      path: "",
      message: `is not a regular file (${kindOf(st)}); give manifest files or folders`,
    });
}
