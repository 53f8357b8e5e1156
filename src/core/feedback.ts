import { createError } from "../errors.js";
import { clientIdentity, describeOutcomes } from "../outcomes/feedback.js";
import type { CoreParts } from "./parts.js";

export interface FeedbackInput {
  matchId: string;
  slug: string;
  capabilityId?: string | undefined;
  outcome: "success" | "failure";
  reporter?: string | undefined;
}
export interface FeedbackResult {
  recorded: boolean;
  matchId: string;
  slug: string;
  outcome: string;
  artifact: { successes: number; failures: number; text: string };
}

/** Records an outcome for a result of a match; re-sending the same outcome changes nothing. */
export async function feedback(parts: CoreParts, input: FeedbackInput): Promise<FeedbackResult> {
  const match = await parts.matches.find(input.matchId);
  if (!match) throw createError("MATCH_NOT_FOUND", [input.matchId]);
  const result = match.results.find((r) => r.slug === input.slug);
  if (!result)
    throw createError("FEEDBACK_NOT_A_RESULT", [
      input.slug,
      input.matchId,
      match.results.map((r) => r.slug).join(", ") || "none",
    ]);
  const artifact = await parts.store.getArtifact(input.slug);
  if (input.capabilityId && !artifact?.capabilities.some((c) => c.id === input.capabilityId)) {
    throw createError("FEEDBACK_UNKNOWN_CAPABILITY", [input.capabilityId, input.slug, input.slug]);
  }
  const r = await parts.store.recordOutcome(
    {
      matchId: input.matchId,
      slug: input.slug,
      capabilityId: input.capabilityId ?? null,
      outcome: input.outcome,
      reporter: clientIdentity(input.reporter ?? "anonymous"),
    },
    parts.now(),
  );
  // Re-scores this artifact only (the snapshot sees that just the outcome revision moved).
  parts.snapshots.invalidate();
  const s = await parts.snapshots.get();
  const stats = s.outcomes.artifacts.get(input.slug);
  return {
    recorded: r.recorded,
    matchId: input.matchId,
    slug: input.slug,
    outcome: input.outcome,
    artifact: {
      successes: stats?.countedSuccesses ?? 0,
      failures: stats?.countedFailures ?? 0,
      text: describeOutcomes(stats),
    },
  };
}
