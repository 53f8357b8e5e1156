import type { z } from "zod";
import { createError } from "../errors.js";
import { issueSummary, issuesFromZod } from "../issues.js";

/** Validates a JSON or form body against a schema; every problem becomes one 400 detail (an `Issue`). */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  code: "BAD_BODY" | "FEEDBACK_INVALID" = "BAD_BODY",
): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = issuesFromZod(r.error, () => "BAD_BODY_FIELD");
  throw createError(code, [issueSummary(issues)], issues);
}

/** Parses query parameters with a schema; every problem becomes one 400 detail. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const r = schema.safeParse(query);
  if (r.success) return r.data;
  const details = issuesFromZod(r.error, (i) => (i.code === "unrecognized_keys" ? "UNKNOWN_PARAM" : "BAD_QUERY_PARAM"));
  const first = details[0];
  throw createError("BAD_QUERY_PARAM", [first?.path ?? "?", first?.message ?? "invalid"], details);
}
