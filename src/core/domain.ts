/**
 * What the surfaces (pages, JSON API, MCP, HTTP plumbing) use of the domain besides the
 * `Capgraph` facade: the types they render and the pure presenters and rules they share. The
 * surfaces import the domain only through here and `wire/`, so this file is the list of what the
 * core publishes to them (checked in src/architecture.test.ts).
 */
export { type Diagnostic, formatDiagnostic, hasErrors } from "../catalog/diagnostics.js";
export { duplicateSlugs, loadManifestPaths, type LoadResult, parseManifestText } from "../catalog/manifest.js";
export {
  type Artifact,
  ARTIFACT_KINDS,
  type ArtifactKind,
  type EvidenceLevel,
  ManifestSchema,
  PRICING_MODELS,
} from "../catalog/schema.js";
export { type Taxonomy, type TaxonomyNode } from "../catalog/taxonomy.js";
export { type Alternative } from "../compare/alternatives.js";
export { type Profile } from "../compare/profile.js";
export { decisionRulesDocument } from "../compare/rules.js";
export { type Claim } from "../compare/claim.js";
export {
  type Leaderboard,
  type LeaderboardFilters,
  type LeaderboardIndex,
  type LeaderboardRow,
  type Placement,
  type Standing,
} from "../leaderboards/leaderboard.js";
export { type Embedder, meaningText } from "../match/embedder.js";
export { type LearnedIntentSummary, MIN_REPORTERS } from "../match/learned.js";
export { DeniedAudit } from "../owners/denied.js";
export { authenticate, createKey, type Scope, SCOPES } from "../owners/keys.js";
export { type OwnerView } from "../owners/owner-view.js";
export { publishManifests, startClaim, verifyClaim } from "../owners/publish.js";
export { METHODOLOGY_VERSION, methodologyDocument, SUB_SCORE_LABELS, SUB_SCORES } from "../rank/methodology.js";
export { type ScoreCard, shrinkText, type SubScore } from "../rank/scores.js";
export { type ArtifactSummary, formatPrice } from "../rank/view.js";
