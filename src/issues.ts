import type { z } from "zod";
import type { Issue } from "./errors.js";

/**
 * Validation problems as data. Every validator (query parameters, bodies, CLI flags, index
 * files) collects `Issue`s; only the edges turn them into text: an HTTP 400's `details`, one CLI
 * line each, an MCP tool error's structured content.
 */

/** Where a zod issue points: its field path, or the unknown keys it names, or "" for the whole input. */
function zodPath(i: z.core.$ZodIssue): string {
  return i.path.join(".") || (i.code === "unrecognized_keys" ? i.keys.join(",") : "");
}

/** Every problem zod found, one `Issue` each; `code` names the kind of input (BAD_BODY_FIELD…). */
export function issuesFromZod(error: z.ZodError, code: (i: z.core.$ZodIssue) => string): Issue[] {
  return error.issues.map((i) => ({ code: code(i), path: zodPath(i), message: i.message }));
}

/** One line per issue, as the command line prints it: `  --limit: must be …` or `  file:3:1: CODE …`. */
export function issueLine(i: Issue & { file?: string }): string {
  if (i.file) return `${i.file}:${i.line ?? 1}:${i.column ?? 1}: ${i.code} ${i.message}`;
  return `${i.path || "(input)"}: ${i.message}`;
}

/** The issues in one sentence for an error message: `limit: too big; kind: invalid`. */
export function issueSummary(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ");
}
