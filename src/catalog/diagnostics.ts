import { visit, isScalar, type Document } from "yaml";
import type { z } from "zod";
import { closest } from "../text/distance.js";
import type { ManifestInput } from "./schema.js";
import type { Taxonomy } from "./taxonomy.js";
import { describe, formatPath, getPath, hasPath, knownKeysAt } from "./yaml-paths.js";
import { slugify } from "./normalize.js";

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

/**
 * Collects diagnostics up to MAX_DIAGNOSTICS and counts the rest, so callers can stop
 * locating problems nobody will read (`room()` is how many more are wanted).
 */
export class DiagnosticSink {
  private readonly kept: Diagnostic[] = [];
  private dropped = 0;
  constructor(private readonly file: string) {}
  room(): number {
    return MAX_DIAGNOSTICS - this.kept.length;
  }
  push(...ds: Diagnostic[]): void {
    for (const d of ds)
      if (this.kept.length < MAX_DIAGNOSTICS) this.kept.push(d);
      else this.dropped++;
  }
  /** Counts problems that were found but not described. */
  skip(n: number): void {
    this.dropped += n;
  }
  done(): Diagnostic[] {
    if (this.dropped === 0) return this.kept;
    const more: Diagnostic = {
      file: this.file,
      line: 1,
      column: 1,
      severity: "error",
      code: "MANIFEST_TOO_MANY_PROBLEMS",
      path: "",
      message: `${this.dropped} more problem(s) not listed; fix the ones above and validate again`,
    };
    return [...this.kept, more];
  }
}

export function syntaxDiagnostics(doc: Document.Parsed, file: string, at: At, sink: DiagnosticSink): void {
  const shown = doc.errors.slice(0, Math.max(0, sink.room()));
  for (const e of shown) {
    const p = at(e.pos[0]);
    // The parser reports its own stack overflow as an error: say what it means instead.
    const message =
      e.code === "RESOURCE_EXHAUSTION"
        ? "the YAML is nested too deeply or too large to read. Flatten it"
        : `${e.message.split("\n")[0]}. Fix the YAML syntax here`;
    sink.push({
      file,
      line: p.line,
      column: p.col,
      severity: "error",
      code: e.code === "RESOURCE_EXHAUSTION" ? "MANIFEST_TOO_COMPLEX" : "MANIFEST_YAML_SYNTAX",
      path: "",
      message: `${message}.`,
    });
  }
  sink.skip(doc.errors.length - shown.length);
}

/** Reports every key repeated within one mapping; true when there was one. */
export function duplicateKeys(doc: Document.Parsed, file: string, at: At, sink: DiagnosticSink): boolean {
  let found = false;
  visit(doc, {
    Map(_, node) {
      const seen = new Set<string>();
      for (const it of node.items) {
        if (!isScalar(it.key)) continue;
        const k = String(it.key.value);
        if (!seen.has(k)) {
          seen.add(k);
          continue;
        }
        found = true;
        const p = at(it.key.range?.[0] ?? 0);
        sink.push({
          file,
          line: p.line,
          column: p.col,
          severity: "error",
          code: "MANIFEST_DUPLICATE_KEY",
          path: "",
          message: `key '${k.slice(0, 100)}' appears more than once in this mapping; keep one`,
        });
      }
    },
  });
  return found;
}

/** A document that exhausts the parser (deep nesting, alias expansion) becomes one diagnostic. */
export function tooDeep(file: string, e: unknown): Diagnostic {
  const aliases = e instanceof Error && /alias/i.test(e.message);
  return {
    file,
    line: 1,
    column: 1,
    severity: "error",
    code: "MANIFEST_TOO_COMPLEX",
    path: "",
    message: aliases
      ? "expands too many YAML aliases (*name); write the values out or use fewer aliases"
      : "is nested too deeply to read; flatten it",
  };
}

export type At = (offset: number) => { line: number; col: number };

export type Locate = (p: ReadonlyArray<PropertyKey>, key?: string) => { line: number; column: number };

export function issueToDiagnostics(
  issue: z.core.$ZodIssue,
  raw: unknown,
  file: string,
  locate: Locate,
  sink: DiagnosticSink,
): Diagnostic[] {
  const p = issue.path;
  const pathStr = formatPath(p);
  const base = { file, severity: "error" as const, path: pathStr };
  if (sink.room() <= 0) {
    sink.skip(issue.code === "unrecognized_keys" ? issue.keys.length : 1);
    return [];
  }
  if (issue.code === "unrecognized_keys") {
    // Only the keys that will be listed are located; the rest are counted.
    const listed = issue.keys.slice(0, sink.room());
    sink.skip(issue.keys.length - listed.length);
    return listed.map((k) => {
      const known = knownKeysAt(p);
      const hint = closest(k, known, 3);
      return {
        ...base,
        ...locate(p, k),
        path: formatPath([...p, k]),
        code: "MANIFEST_UNKNOWN_KEY",
        message: `unknown key '${k}'${hint ? `; did you mean '${hint}'?` : `; allowed keys here: ${known.join(", ")}`}`,
      };
    });
  }
  const last = p[p.length - 1];
  const missing = !hasPath(raw, p);
  if (missing) {
    const parent = p.slice(0, -1);
    const code = parent.includes("prices") && last === "unit" ? "MANIFEST_PRICE_NO_UNIT" : "MANIFEST_MISSING_FIELD";
    const hint =
      code === "MANIFEST_PRICE_NO_UNIT"
        ? "add what the amount is charged per, e.g. unit: prompt-token or unit: month"
        : `add '${String(last)}'`;
    return [{ ...base, ...locate(parent), code, message: `required field '${String(last)}' is missing: ${hint}` }];
  }
  const here = locate(p);
  if (issue.code === "invalid_value") {
    const allowed = issue.values.map(String);
    const got = String(getPath(raw, p));
    const code = last === "capgraph" ? "MANIFEST_VERSION" : "MANIFEST_BAD_ENUM";
    const hint = closest(got, allowed, 3);
    return [
      {
        ...base,
        ...here,
        code,
        message: `'${got}' is not allowed; use one of: ${allowed.join(", ")}${hint ? ` (did you mean '${hint}'?)` : ""}`,
      },
    ];
  }
  if (issue.code === "invalid_type") {
    return [
      {
        ...base,
        ...here,
        code: "MANIFEST_WRONG_TYPE",
        message: `expected ${issue.expected}, got ${describe(getPath(raw, p))}`,
      },
    ];
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

/** Checks that need more than the schema: distinct capability ids, taxonomy URIs, sources, dates, prices. */
export function semanticChecks(m: ManifestInput, file: string, taxonomy: Taxonomy, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (severity: Diagnostic["severity"], code: string, p: PropertyKey[], message: string) =>
    out.push({ file, severity, code, path: formatPath(p), message, ...locate(p) });
  const ids = new Map<string, number>();
  (m.capabilities ?? []).forEach((c, i) => {
    const id = c.id ?? slugify(c.name);
    const prev = ids.get(id);
    if (prev !== undefined)
      add(
        "error",
        "MANIFEST_DUPLICATE_CAPABILITY_ID",
        ["capabilities", i, c.id ? "id" : "name"],
        `capability id '${id}' is already used by capabilities[${prev}]; give each capability a distinct id`,
      );
    ids.set(id, i);
    if (c.uri && !taxonomy.resolve(c.uri)) {
      const hint = taxonomy.suggest(c.uri);
      add(
        "error",
        "MANIFEST_UNKNOWN_URI",
        ["capabilities", i, "uri"],
        `'${c.uri}' is not in taxonomy v${taxonomy.version}${hint ? `; did you mean '${hint}'?` : ""} (list nodes with \`capgraph taxonomy\`, or omit uri to classify automatically)`,
      );
    }
    if (c.evidence && c.evidence !== "declared" && (c.sources ?? []).length === 0)
      add(
        "warning",
        "MANIFEST_EVIDENCE_NO_SOURCE",
        ["capabilities", i, "evidence"],
        `evidence '${c.evidence}' without sources; add sources: [{ url: ... }] so readers can check it`,
      );
  });
  if ((m.capabilities ?? []).length === 0)
    add(
      "warning",
      "MANIFEST_NO_CAPABILITIES",
      ["artifact"],
      "declares no capabilities, so search can only find it by name; add a capabilities list",
    );
  const tomorrow = Date.now() + 86_400_000;
  (m.signals ?? []).forEach((sg, i) => {
    if (Date.parse(sg.observedAt) > tomorrow)
      add(
        "warning",
        "MANIFEST_FUTURE_DATE",
        ["signals", i, "observedAt"],
        `observedAt ${sg.observedAt} is in the future; use the date the value was observed`,
      );
  });
  const prices = m.pricing?.prices ?? [];
  if (m.pricing?.model === "free" && prices.some((p) => p.amount > 0))
    add(
      "warning",
      "MANIFEST_PRICE_ON_FREE",
      ["pricing", "model"],
      "pricing model is 'free' but a price above 0 is listed; use 'freemium', 'paid' or 'usage-based'",
    );
  return out;
}
