import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseAllDocuments, visit, isScalar, type Document } from "yaml";
import type { z } from "zod";
import { closest } from "../text/distance.js";
import { ManifestSchema, type Artifact, type Capability, type ManifestInput, type NormalizedManifest } from "./schema.js";
import type { Taxonomy } from "./taxonomy.js";
import { kindOf, readRegularFile } from "../files.js";
import { describe, formatPath, getPath, hasPath, knownKeysAt, nodeOffset } from "./yaml-paths.js";
import { jsonDocuments } from "./json-documents.js";

/** One problem found in a manifest, positioned at the offending YAML node. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  code: string;
  message: string;
  path: string;
}

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

/** Confidence of a capability that states none, by evidence level. */
export const DEFAULT_CONFIDENCE = { declared: 0.6, documented: 0.8, verified: 0.95, observed: 0.9, inferred: 0.4 } as const;

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `file:line:col: error CODE message (at path)` — the CLI's line format. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}${d.path ? ` (at ${d.path})` : ""}`;
}

/**
 * Diagnostics kept per text: the first ones plus a count of the rest. A hostile text can hold
 * tens of thousands of problems; listing them all cost minutes of CPU and megabytes of reply.
 */
export const MAX_DIAGNOSTICS = 100;

/** Parses every document of one YAML/JSON text, validating and normalising each. */
export function parseManifestText(text: string, file: string, taxonomy: Taxonomy, opts: { json?: boolean } = {}): LoadResult {
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
    out.diagnostics.push({ file, line: 1, column: 1, severity: "error", code: "MANIFEST_TOO_LARGE", path: "", message: `has ${list.length} documents; the limit is ${MANIFEST_LIMITS.maxDocumentsPerFile}. Split it into several files.` });
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
  let line = 1, lineStart = 0;
  return (offset) => {
    // Jumps from newline to newline: a character loop was a fifth of reading a JSON file.
    for (let nl = text.indexOf("\n", lineStart); nl !== -1 && nl < offset; nl = text.indexOf("\n", lineStart)) { line++; lineStart = nl + 1; }
    return { line, col: offset - lineStart + 1 };
  };
}

/**
 * Collects diagnostics up to MAX_DIAGNOSTICS and counts the rest, so callers can stop
 * locating problems nobody will read (`room()` is how many more are wanted).
 */
class DiagnosticSink {
  private readonly kept: Diagnostic[] = [];
  private dropped = 0;
  constructor(private readonly file: string) {}
  room(): number { return MAX_DIAGNOSTICS - this.kept.length; }
  push(...ds: Diagnostic[]): void {
    for (const d of ds) if (this.kept.length < MAX_DIAGNOSTICS) this.kept.push(d); else this.dropped++;
  }
  /** Counts problems that were found but not described. */
  skip(n: number): void { this.dropped += n; }
  done(): Diagnostic[] {
    if (this.dropped === 0) return this.kept;
    const more: Diagnostic = { file: this.file, line: 1, column: 1, severity: "error", code: "MANIFEST_TOO_MANY_PROBLEMS", path: "", message: `${this.dropped} more problem(s) not listed; fix the ones above and validate again` };
    return [...this.kept, more];
  }
}

function syntaxDiagnostics(doc: Document.Parsed, file: string, at: At, sink: DiagnosticSink): void {
  const shown = doc.errors.slice(0, Math.max(0, sink.room()));
  for (const e of shown) {
    const p = at(e.pos[0]);
    // The parser reports its own stack overflow as an error: say what it means instead.
    const message = e.code === "RESOURCE_EXHAUSTION" ? "the YAML is nested too deeply or too large to read. Flatten it" : `${e.message.split("\n")[0]}. Fix the YAML syntax here`;
    sink.push({ file, line: p.line, column: p.col, severity: "error", code: e.code === "RESOURCE_EXHAUSTION" ? "MANIFEST_TOO_COMPLEX" : "MANIFEST_YAML_SYNTAX", path: "", message: `${message}.` });
  }
  sink.skip(doc.errors.length - shown.length);
}

/** Reports every key repeated within one mapping; true when there was one. */
function duplicateKeys(doc: Document.Parsed, file: string, at: At, sink: DiagnosticSink): boolean {
  let found = false;
  visit(doc, {
    Map(_, node) {
      const seen = new Set<string>();
      for (const it of node.items) {
        if (!isScalar(it.key)) continue;
        const k = String(it.key.value);
        if (!seen.has(k)) { seen.add(k); continue; }
        found = true;
        const p = at(it.key.range?.[0] ?? 0);
        sink.push({ file, line: p.line, column: p.col, severity: "error", code: "MANIFEST_DUPLICATE_KEY", path: "", message: `key '${k.slice(0, 100)}' appears more than once in this mapping; keep one` });
      }
    },
  });
  return found;
}

/** A document that exhausts the parser (deep nesting, alias expansion) becomes one diagnostic. */
function tooDeep(file: string, e: unknown): Diagnostic {
  const aliases = e instanceof Error && /alias/i.test(e.message);
  return { file, line: 1, column: 1, severity: "error", code: "MANIFEST_TOO_COMPLEX", path: "",
    message: aliases ? "expands too many YAML aliases (*name); write the values out or use fewer aliases" : "is nested too deeply to read; flatten it" };
}

type At = (offset: number) => { line: number; col: number };

function validateDocument(doc: Document.Parsed, file: string, taxonomy: Taxonomy, at: At, sink: DiagnosticSink): { manifest?: NormalizedManifest } {
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

type Locate = (p: ReadonlyArray<PropertyKey>, key?: string) => { line: number; column: number };

function issueToDiagnostics(issue: z.core.$ZodIssue, raw: unknown, file: string, locate: Locate, sink: DiagnosticSink): Diagnostic[] {
  const p = issue.path;
  const pathStr = formatPath(p);
  const base = { file, severity: "error" as const, path: pathStr };
  if (sink.room() <= 0) { sink.skip(issue.code === "unrecognized_keys" ? issue.keys.length : 1); return []; }
  if (issue.code === "unrecognized_keys") {
    // Only the keys that will be listed are located; the rest are counted.
    const listed = issue.keys.slice(0, sink.room());
    sink.skip(issue.keys.length - listed.length);
    return listed.map((k) => {
      const known = knownKeysAt(p);
      const hint = closest(k, known, 3);
      return { ...base, ...locate(p, k), path: formatPath([...p, k]), code: "MANIFEST_UNKNOWN_KEY",
        message: `unknown key '${k}'${hint ? `; did you mean '${hint}'?` : `; allowed keys here: ${known.join(", ")}`}` };
    });
  }
  const last = p[p.length - 1];
  const missing = !hasPath(raw, p);
  if (missing) {
    const parent = p.slice(0, -1);
    const code = parent.includes("prices") && last === "unit" ? "MANIFEST_PRICE_NO_UNIT" : "MANIFEST_MISSING_FIELD";
    const hint = code === "MANIFEST_PRICE_NO_UNIT" ? "add what the amount is charged per, e.g. unit: prompt-token or unit: month" : `add '${String(last)}'`;
    return [{ ...base, ...locate(parent), code, message: `required field '${String(last)}' is missing: ${hint}` }];
  }
  const here = locate(p);
  if (issue.code === "invalid_value") {
    const allowed = issue.values.map(String);
    const got = String(getPath(raw, p));
    const code = last === "capgraph" ? "MANIFEST_VERSION" : "MANIFEST_BAD_ENUM";
    const hint = closest(got, allowed, 3);
    return [{ ...base, ...here, code, message: `'${got}' is not allowed; use one of: ${allowed.join(", ")}${hint ? ` (did you mean '${hint}'?)` : ""}` }];
  }
  if (issue.code === "invalid_type") {
    return [{ ...base, ...here, code: "MANIFEST_WRONG_TYPE", message: `expected ${issue.expected}, got ${describe(getPath(raw, p))}` }];
  }
  if (issue.code === "custom") {
    const code = (issue.params as { code?: string } | undefined)?.code ?? "MANIFEST_INVALID_VALUE";
    return [{ ...base, ...here, code, message: `${String(last)} ${issue.message}` }];
  }
  if (issue.code === "too_big" || issue.code === "too_small") {
    return [{ ...base, ...here, code: "MANIFEST_OUT_OF_RANGE", message: `${String(last)} ${issue.message}` }];
  }
  return [{ ...base, ...here, code: "MANIFEST_INVALID_VALUE", message: `${String(last)} ${issue.message}` }];
}

function semanticChecks(m: ManifestInput, file: string, taxonomy: Taxonomy, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (severity: Diagnostic["severity"], code: string, p: PropertyKey[], message: string) =>
    out.push({ file, severity, code, path: formatPath(p), message, ...locate(p) });
  const ids = new Map<string, number>();
  (m.capabilities ?? []).forEach((c, i) => {
    const id = c.id ?? slugify(c.name);
    const prev = ids.get(id);
    if (prev !== undefined) add("error", "MANIFEST_DUPLICATE_CAPABILITY_ID", ["capabilities", i, c.id ? "id" : "name"], `capability id '${id}' is already used by capabilities[${prev}]; give each capability a distinct id`);
    ids.set(id, i);
    if (c.uri && !taxonomy.resolve(c.uri)) {
      const hint = taxonomy.suggest(c.uri);
      add("error", "MANIFEST_UNKNOWN_URI", ["capabilities", i, "uri"], `'${c.uri}' is not in taxonomy v${taxonomy.version}${hint ? `; did you mean '${hint}'?` : ""} (list nodes with \`capgraph taxonomy\`, or omit uri to classify automatically)`);
    }
    if (c.evidence && c.evidence !== "declared" && (c.sources ?? []).length === 0) add("warning", "MANIFEST_EVIDENCE_NO_SOURCE", ["capabilities", i, "evidence"], `evidence '${c.evidence}' without sources; add sources: [{ url: ... }] so readers can check it`);
  });
  if ((m.capabilities ?? []).length === 0) add("warning", "MANIFEST_NO_CAPABILITIES", ["artifact"], "declares no capabilities, so search can only find it by name; add a capabilities list");
  const tomorrow = Date.now() + 86_400_000;
  (m.signals ?? []).forEach((sg, i) => {
    if (Date.parse(sg.observedAt) > tomorrow) add("warning", "MANIFEST_FUTURE_DATE", ["signals", i, "observedAt"], `observedAt ${sg.observedAt} is in the future; use the date the value was observed`);
  });
  const prices = m.pricing?.prices ?? [];
  if (m.pricing?.model === "free" && prices.some((p) => p.amount > 0)) add("warning", "MANIFEST_PRICE_ON_FREE", ["pricing", "model"], "pricing model is 'free' but a price above 0 is listed; use 'freemium', 'paid' or 'usage-based'");
  return out;
}

/** Turns valid input into the stored shape: ids, uris (classified when absent), defaults. */
export function normalize(m: ManifestInput, taxonomy: Taxonomy): NormalizedManifest {
  const capabilities: Capability[] = (m.capabilities ?? []).map((c) => {
    const evidence = c.evidence ?? "declared";
    const declared = c.uri ? taxonomy.resolve(c.uri) : undefined;
    // A capability named exactly like a node ("Summarization", "ASR") is placed there with high confidence.
    const named = declared ? undefined : taxonomy.byName(c.name);
    const cls = declared ? { uri: declared.uri, confidence: 1 } : named ? { uri: named.uri, confidence: 0.95 } : taxonomy.classify([c.name, c.name, c.description, ...(c.intents ?? [])].join(" "));
    return {
      id: c.id ?? slugify(c.name), uri: cls.uri, uriSource: declared ? "declared" : "classified", uriConfidence: cls.confidence,
      name: c.name.trim(), description: c.description.trim(),
      ...(c.unique ? { unique: c.unique.trim() } : {}), ...(c.vsAlternatives ? { vsAlternatives: c.vsAlternatives.trim() } : {}),
      intents: c.intents ?? [], bestFor: c.bestFor ?? [], limitations: c.limitations ?? [], requires: c.requires ?? [],
      inputTypes: c.inputTypes ?? [], outputTypes: c.outputTypes ?? [], evidence,
      confidence: c.confidence ?? DEFAULT_CONFIDENCE[evidence], sources: c.sources ?? [],
    };
  });
  const a = m.artifact;
  const artifact: Artifact = {
    slug: a.slug, name: a.name.trim(), kind: a.kind, description: a.description.trim(),
    ...(a.provider ? { provider: a.provider } : {}), ...(a.url ? { url: a.url } : {}),
    ...(a.repository ? { repository: a.repository } : {}), ...(a.license ? { license: a.license } : {}), ...(a.primarySource ? { primarySource: a.primarySource } : {}),
    categories: a.categories ?? [], tags: a.tags ?? [], status: a.status ?? "active",
    pricing: { model: m.pricing?.model ?? "unknown", freeTier: m.pricing?.freeTier ?? (m.pricing?.model === "free" || m.pricing?.model === "open-source"), prices: m.pricing?.prices ?? [] },
    capabilities, ...(m.trust ? { trust: m.trust } : {}), ...(m.gaps?.length ? { gaps: m.gaps } : {}),
  };
  const signals = (m.signals ?? []).map((s) => ({ metric: s.metric, value: s.value, source: s.source, observedAt: s.observedAt, ...(s.unit ? { unit: s.unit } : {}) }));
  return { artifact, signals };
}

/**
 * A capability id from its name. Ids are stored and outcomes refer to them (`slug#id`), so this
 * rule may never change output for any input; import slugs (`ingest/common.ts toSlug`) follow
 * their own, equally frozen, rule for the same reason.
 */
export function slugify(s: string): string {
  return s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "capability";
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
      out.diagnostics.push({ file, line: 1, column: 1, severity: "error", code: /bytes/.test(read.reason) ? "MANIFEST_TOO_LARGE" : "MANIFEST_UNREADABLE", path: "", message: /bytes/.test(read.reason) ? `${read.reason}. Split it into several files.` : read.reason });
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
    if (prev) out.push({ file: m.file, line: m.line, column: m.column, severity: "error", code: "MANIFEST_DUPLICATE_SLUG", path: "artifact.slug", message: `slug '${slug}' is already used at ${prev.file}:${prev.line}; slugs must be unique` });
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
    diagnostics.push({ file: p, line: 1, column: 1, severity: "error", code: loop ? "MANIFEST_UNREADABLE" : "MANIFEST_FILE_NOT_FOUND", path: "", message: loop ? "is a loop of symbolic links" : "no such file or folder; check the path" });
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
      try { dir = fs.statSync(child).isDirectory(); } catch { /* a broken link or loop: reported below if it looks like a manifest */ }
      if (dir || /\.(ya?ml|json)$/i.test(e)) collectFiles(child, files, diagnostics, seen);
    }
  } else if (st.isFile()) files.push(p);
  else diagnostics.push({ file: p, line: 1, column: 1, severity: "error", code: "MANIFEST_UNREADABLE", path: "", message: `is not a regular file (${kindOf(st)}); give manifest files or folders` });
}
