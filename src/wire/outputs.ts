import { z } from "zod";
import {
  ARTIFACT_KINDS,
  EVIDENCE_LEVELS,
  PRICING_MODELS,
  PriceSchema,
  SourceSchema,
  STATUSES,
} from "../catalog/schema.js";
import { FIELD_NAMES } from "../match/params.js";
import { SUB_SCORES } from "../rank/methodology.js";

/**
 * The output contract of every operation: MCP tools declare these as `outputSchema`, the
 * OpenAPI document derives its response schemas from them, and a test parses what the core
 * returns against them (strict objects: a field added without its contract fails it).
 */
const num = z.number();
const range = z.tuple([num, num]);
const kind = z.enum(ARTIFACT_KINDS);
const evidence = z.enum(EVIDENCE_LEVELS);
/** The numbers behind a verdict claim: JSON values that differ by claim kind (one flat level keeps $refs out of OpenAPI). */
const claimData = z.record(z.string(), z.unknown()).describe("The numbers behind the claim, by name");
const bySubScore = <T extends z.ZodType>(t: T) =>
  z.strictObject(Object.fromEntries(SUB_SCORES.map((k) => [k, t])) as Record<(typeof SUB_SCORES)[number], T>);

export const SuccessStatsOut = z.strictObject({
  successes: num,
  failures: num,
  reporters: num,
  countedSuccesses: num,
  countedFailures: num,
  weightedSuccesses: num,
  weightedFailures: num,
  priorMean: num,
  mean: num,
  interval: range,
});

const NormalizedPriceOut = z.strictObject({
  amount: num,
  currency: z.string(),
  unit: z.string(),
  common: z.boolean(),
  text: z.string(),
  note: z.string().nullable(),
  raw: PriceSchema,
});

export const SummaryOut = z.strictObject({
  slug: z.string(),
  name: z.string(),
  kind,
  provider: z.string().nullable(),
  license: z.string().nullable(),
  url: z.string().nullable(),
  repository: z.string().nullable(),
  description: z.string(),
  categories: z.array(z.string()),
  status: z.enum(STATUSES),
  capRank: num,
  capRankInterval: range,
  scores: bySubScore(num.nullable()),
  pricing: z.strictObject({
    model: z.enum(PRICING_MODELS),
    freeTier: z.boolean(),
    startingPrice: z
      .strictObject({ amount: num, currency: z.string(), unit: z.string(), text: z.string(), raw: PriceSchema })
      .nullable(),
    prices: z.array(PriceSchema),
    normalized: z.array(NormalizedPriceOut),
    headline: z.string().nullable(),
  }),
  capabilityCount: num,
  timesMatched: num,
  evidenceMix: z.record(z.string(), num),
});

const ScoreInputOut = z.strictObject({
  label: z.string(),
  value: z.union([num, z.string()]),
  points: num,
  source: z.string().optional(),
  observedAt: z.string().optional(),
  detail: z.string().optional(),
});
export const SubScoreOut = z.strictObject({
  value: num.nullable(),
  raw: num.nullable(),
  confidence: num,
  prior: num,
  interval: range,
  inputs: z.array(ScoreInputOut),
  note: z.string(),
});

const QueryTermOut = z.strictObject({
  term: z.string(),
  weight: num,
  kind: z.enum(["typed", "synonym", "typo", "related"]),
  via: z.string().optional(),
});
const MatchedTermOut = z.strictObject({
  term: z.string(),
  fields: z.array(z.enum(FIELD_NAMES as [string, ...string[]])),
  kind: z.enum(["typed", "synonym", "typo", "related"]),
  via: z.string().optional(),
});

export const SearchCapabilityOut = z.strictObject({
  id: z.string(),
  uri: z.string(),
  name: z.string(),
  score: num,
  matchedTerms: z.array(z.string()),
  evidence,
  description: z.string(),
  taxonomyLabel: z.string().nullable(),
  why: z.array(MatchedTermOut).optional().describe("The term dump: present with explain=full"),
  similarity: num.nullable(),
});

export const SearchHitOut = z.strictObject({
  slug: z.string(),
  name: z.string(),
  kind,
  score: num,
  relevance: num,
  capRank: num,
  freeTier: z.boolean(),
  description: z.string(),
  outcomes: SuccessStatsOut.nullable(),
  outcomesText: z.string(),
  nameMatched: z.boolean(),
  learned: z.strictObject({ people: num, intent: z.string(), text: z.string() }).nullable(),
  capabilities: z.array(SearchCapabilityOut),
});

const MatchFiltersOut = z.strictObject({
  kind: kind.optional(),
  category: z.string().optional(),
  free: z.boolean().optional(),
  pricing: z.enum(PRICING_MODELS).optional(),
  license: z.string().optional(),
  subtree: z.string().optional(),
});

export const SearchOut = z.strictObject({
  query: z.string(),
  matchId: z.string(),
  results: z.array(SearchHitOut),
  explain: z
    .enum(["compact", "full"])
    .optional()
    .describe("compact (default over HTTP and MCP) leaves out each capability's why and the typed terms"),
  interpretation: z.strictObject({
    terms: z
      .array(QueryTermOut)
      .describe("explain=full: every term the query was read as; compact: only corrections and synonyms"),
    taxonomy: z.array(z.strictObject({ uri: z.string(), label: z.string(), score: num })),
    semantic: z.enum(["off", "on", "unavailable"]),
  }),
  filters: MatchFiltersOut,
});

const ResolvedOut = z.strictObject({
  slug: z.string(),
  name: z.string(),
  kind,
  capRank: num,
  score: num,
  capabilities: z.array(
    z.strictObject({ id: z.string(), uri: z.string(), name: z.string(), evidence, confidence: num }),
  ),
});

export const ResolveOut = z.strictObject({
  uri: z.string(),
  label: z.string(),
  description: z.string(),
  matchId: z.string(),
  results: z.array(ResolvedOut),
});
export const RiskResolveOut = ResolveOut.extend({
  risk: z.string(),
  excluded: z.array(z.strictObject({ slug: z.string(), capabilityId: z.string(), reason: z.string() })),
});

const CompareCapabilityOut = z.strictObject({
  id: z.string(),
  uri: z.string(),
  uriSource: z.enum(["declared", "classified"]),
  taxonomyLabel: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  unique: z.string().nullable(),
  vsAlternatives: z.string().nullable(),
  evidence,
  confidence: num,
  sources: z.array(SourceSchema),
});

const ProfileNodeOut = z.strictObject({ uri: z.string(), label: z.string(), count: num });
const ProfileOut = z.strictObject({
  slug: z.string(),
  deployment: z.enum(["hosted", "self-hosted", "unknown"]),
  licenceClass: z.enum(["open-source", "open-weights", "proprietary", "unstated"]),
  evidenceStrength: num.nullable(),
  evidenceBacked: num,
  areas: z.record(z.string(), num),
  nodes: z.array(ProfileNodeOut),
  purpose: z.array(ProfileNodeOut),
});

export const VerdictOut = z.strictObject({
  text: z.string(),
  claims: z.array(z.strictObject({ kind: z.string(), text: z.string(), data: claimData })),
  profiles: z.array(ProfileOut),
  margins: z.strictObject({ lead: num, tie: num, substitute: num, substituteAcrossKinds: num }),
});

export const AlignmentOut = z.strictObject({
  shared: z.array(
    z.strictObject({
      uri: z.string(),
      label: z.string(),
      basis: z.enum(["same-node", "related-node", "similar-text"]),
      capabilities: z.record(z.string(), z.array(z.string())),
    }),
  ),
  only: z.record(z.string(), z.array(z.string())),
});

export const CompareOut = z.strictObject({
  artifacts: z.array(
    SummaryOut.extend({ capabilities: z.array(CompareCapabilityOut), scoreDetails: bySubScore(SubScoreOut) }),
  ),
  alignment: AlignmentOut,
  verdict: VerdictOut,
});

const OwnerOut = z.strictObject({
  namespace: z.string().nullable(),
  verified: z.boolean(),
  proofUrl: z.string().nullable(),
  since: z.string().nullable(),
  text: z.string(),
});
const declared = z.literal("declared");

export const PassportOut = z.strictObject({
  artifact: SummaryOut.pick({
    slug: true,
    name: true,
    kind: true,
    provider: true,
    license: true,
    url: true,
    repository: true,
    status: true,
    description: true,
  }),
  owner: OwnerOut,
  capabilities: z.array(
    z.strictObject({
      id: z.string(),
      uri: z.string(),
      name: z.string(),
      description: z.string(),
      evidence,
      confidence: num,
      sources: z.array(SourceSchema),
      outcomes: SuccessStatsOut.nullable(),
    }),
  ),
  outcomes: z.strictObject({
    matches: num,
    successes: num,
    failures: num,
    posterior: SuccessStatsOut.nullable(),
    text: z.string(),
  }),
  trust: z.strictObject({
    permissions: z.array(z.strictObject({ value: z.string(), basis: declared })),
    dataAccess: z.strictObject({ value: z.string(), basis: declared }).nullable(),
    failureModes: z.array(
      z.strictObject({
        mode: z.string(),
        frequency: z.string().nullable(),
        mitigation: z.string().nullable(),
        basis: declared,
      }),
    ),
  }),
  scores: z.strictObject({
    capRank: num,
    interval: range,
    breakdown: bySubScore(SubScoreOut),
    weights: bySubScore(num),
  }),
  issuedAt: z.string(),
  signature: z
    .strictObject({
      alg: z.literal("EdDSA"),
      kid: z.string(),
      value: z.string(),
      publicKey: z.strictObject({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string(),
        kid: z.string(),
        alg: z.literal("EdDSA"),
        use: z.literal("sig"),
      }),
    })
    .nullable(),
});

const LeaderboardFiltersOut = z.strictObject({
  free: z.boolean().optional(),
  license: z.string().optional(),
  pricing: z.enum(PRICING_MODELS).optional(),
});
export const LeaderboardRowOut = z.strictObject({
  place: num,
  placeText: z.string(),
  tied: z.boolean(),
  slug: z.string(),
  name: z.string(),
  kind,
  capRank: num,
  capRankInterval: range,
  lowerBound: num,
  freeTier: z.boolean(),
  license: z.string().nullable(),
  pricingModel: z.enum(PRICING_MODELS),
  prices: z.string().nullable(),
  neighbours: z.array(z.string()),
  compareUrl: z.string().nullable(),
});

export const LeaderboardOut = z.strictObject({
  scope: z.union([
    z.strictObject({ type: z.literal("kind"), kind }),
    z.strictObject({ type: z.literal("capability"), uri: z.string(), kind: kind.optional() }),
    z.strictObject({ type: z.literal("all") }),
  ]),
  title: z.string(),
  rule: z.string(),
  filters: LeaderboardFiltersOut,
  total: num,
  rows: z.array(LeaderboardRowOut),
});

export const ListOut = z.strictObject({
  artifacts: z.array(SummaryOut),
  nextCursor: z.string().nullable(),
  total: num,
});

export const FeedbackOut = z.strictObject({
  recorded: z.boolean(),
  matchId: z.string(),
  slug: z.string(),
  outcome: z.string(),
  artifact: z.strictObject({ successes: num, failures: num, text: z.string() }),
});
