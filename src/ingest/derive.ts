import type { CatalogPort } from "./common.js";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { hasErrors, formatDiagnostic } from "../catalog/diagnostics.js";
import type { Signal } from "../catalog/schema.js";
import { createError } from "../errors.js";
import { issueSummary, issuesFromZod } from "../issues.js";
import { ROOT } from "../paths.js";
import type { Store } from "../store/store.js";
import { linkRecordKey } from "../store/write.js";
import { recordedFetcher } from "./recorded.js";
import { importerFor, SOURCE_FORMS } from "./sources.js";

/** Recorded source documents of the demo catalog and their index (`sources/index.yml`). */
export const SOURCES_DIR = path.join(ROOT, "sources");

/** Metrics the demo catalog takes from its recorded sources; the rest stay curated. */
export const DERIVED_METRIC = /^releases\./;

const Entry = z.strictObject({
  slug: z.string().min(1),
  source: z.string().regex(/^[a-z]+:.+$/),
  recording: z.string().min(1),
  recordedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type SourceEntry = z.infer<typeof Entry>;

export function readSourceIndex(dir = SOURCES_DIR): SourceEntry[] {
  const file = path.join(dir, "index.yml");
  const r = z.array(Entry).safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!r.success) {
    const issues = issuesFromZod(r.error, () => "BAD_INDEX_ENTRY");
    throw createError("SOURCES_INDEX_INVALID", [file, issueSummary(issues)], issues);
  }
  return r.data;
}

/**
 * Records, as the operator, which curated entry each indexed source feeds, so that a later
 * `capgraph import npm:ollama` updates the demo's `ollama` in place instead of creating a twin.
 */
export async function recordSourceLinks(
  store: Store,
  entries: readonly SourceEntry[] = fs.existsSync(path.join(SOURCES_DIR, "index.yml")) ? readSourceIndex() : [],
): Promise<void> {
  for (const e of entries) await store.putSettingIfAbsent(linkRecordKey(e.source.toLowerCase()), e.slug);
}

/**
 * The signals an importer derives from a recorded document, exactly as `capgraph import
 * <source> --from-file <recording>` would on the day it was recorded.
 */
export async function deriveSignals(entry: SourceEntry, core: CatalogPort, dir = SOURCES_DIR): Promise<Signal[]> {
  const found = importerFor(entry.source);
  if (!found) throw createError("UNKNOWN_SOURCE", [entry.source, SOURCE_FORMS.join(", ")]);
  const fetcher = recordedFetcher(path.join(dir, entry.recording), found.importer.recordings);
  const r = await found.importer.import(found.id, fetcher, core, new Date(`${entry.recordedAt}T12:00:00Z`));
  if (hasErrors(r.diagnostics))
    throw createError(
      "IMPORT_INVALID",
      [
        entry.source,
        r.diagnostics
          .filter((d) => d.severity === "error")
          .map(formatDiagnostic)
          .join("; "),
      ],
      r.diagnostics.map((d) => ({ ...d })),
    );
  return (r.manifests[0]?.manifest.signals ?? []).filter((s) => DERIVED_METRIC.test(s.metric));
}

const signalLine = (s: Signal) =>
  `  - { metric: ${s.metric}, value: ${s.value}, ${s.unit ? `unit: ${s.unit}, ` : ""}source: ${JSON.stringify(s.source)}, observedAt: ${s.observedAt} }`;

/**
 * Rewrites the derived signals of one manifest's text: lines for DERIVED_METRIC metrics are
 * replaced, every other line (curated signals, comments) is kept as written.
 */
export function withDerivedSignals(manifest: string, signals: readonly Signal[]): string {
  const lines = manifest
    .replace(/\n+$/, "")
    .split("\n")
    .filter((l) => !/^\s+- \{ metric: releases\./.test(l));
  const at = lines.findIndex((l) => /^signals:\s*$/.test(l));
  const add = signals.map(signalLine);
  if (at >= 0) lines.splice(at + 1, 0, ...add);
  else if (add.length) lines.push("signals:", ...add);
  return lines.join("\n") + "\n";
}
