import { z } from "zod";

/** Wire names and enumerations shared by manifests, the store, the API and pages. */
export const ARTIFACT_KINDS = [
  "model",
  "repository",
  "library",
  "framework",
  "api",
  "mcp-server",
  "agent",
  "product",
  "webapp",
  "extension",
  "dataset",
  "cli",
  "other",
] as const;
export const PRICING_MODELS = ["free", "open-source", "freemium", "paid", "usage-based", "unknown"] as const;
/** "inferred": extracted by a language model from a source; shown as a claim to check, never as fact. */
export const EVIDENCE_LEVELS = ["declared", "documented", "verified", "observed", "inferred"] as const;
export const STATUSES = ["active", "deprecated", "archived"] as const;
export const DATA_ACCESS = ["low", "moderate", "high"] as const;
/** Registries and hubs an artifact can be published on: npm, PyPI, GitHub, the Hugging Face Hub. */
export const PRIMARY_SOURCES = ["npm", "pypi", "github", "hf"] as const;

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CAPABILITY_URI = /^capability:\/\/[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Attaches a catalogue code to a refinement so diagnostics can name it. */
function rule(code: string, message: string) {
  return { message, params: { code } };
}

const text = (max: number) => z.string().max(max, { message: `must be at most ${max} characters` });
const nonEmptyText = (max: number, code: string) =>
  text(max).refine((s) => s.trim().length > 0, rule(code, "is empty: write at least one sentence"));
const url = z
  .string()
  .max(2000)
  .refine((s) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), rule("MANIFEST_BAD_URL", "is not an http(s) URL"));
const date = z
  .string()
  .refine(
    (s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s)),
    rule("MANIFEST_BAD_DATE", "is not a date: write YYYY-MM-DD"),
  );
const kebab = (code: string, what: string) =>
  z
    .string()
    .max(100)
    .refine(
      (s) => KEBAB.test(s),
      rule(code, `${what} must be kebab-case (lowercase letters, digits and single hyphens), e.g. 'image-generation'`),
    );
const list = <T extends z.ZodType>(item: T, max = 50) =>
  z.array(item).max(max, { message: `has more than ${max} entries` });

export const SourceSchema = z.strictObject({
  url,
  excerpt: text(1000).optional(),
  retrievedAt: date.optional(),
  /** How the capability was read from this source when it was not written by a person (e.g. the LLM prompt version and model). */
  method: text(200).optional(),
});

export const PriceSchema = z.strictObject({
  amount: z.number().refine((n) => Number.isFinite(n) && n >= 0, rule("MANIFEST_OUT_OF_RANGE", "must be a number ≥ 0")),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: "must be a 3-letter ISO currency code such as USD" }),
  unit: kebab("MANIFEST_BAD_UNIT", "unit"),
  note: text(200).optional(),
});

export const PricingSchema = z.strictObject({
  model: z.enum(PRICING_MODELS),
  freeTier: z.boolean().optional(),
  prices: list(PriceSchema, 20).optional(),
});

export const CapabilityInputSchema = z.strictObject({
  id: kebab("MANIFEST_BAD_ID", "capability id").optional(),
  name: nonEmptyText(120, "MANIFEST_EMPTY_NAME"),
  uri: z
    .string()
    .refine((s) => CAPABILITY_URI.test(s), rule("MANIFEST_BAD_URI", "must look like capability://area.sub-area"))
    .optional(),
  description: nonEmptyText(2000, "MANIFEST_EMPTY_DESCRIPTION"),
  unique: text(1000).optional(),
  vsAlternatives: text(1000).optional(),
  intents: list(text(200), 30).optional(),
  bestFor: list(text(200)).optional(),
  limitations: list(text(300)).optional(),
  requires: list(text(200)).optional(),
  inputTypes: list(text(60)).optional(),
  outputTypes: list(text(60)).optional(),
  evidence: z.enum(EVIDENCE_LEVELS).optional(),
  confidence: z
    .number()
    .refine((n) => n >= 0 && n <= 1, rule("MANIFEST_OUT_OF_RANGE", "must be between 0 and 1"))
    .optional(),
  sources: list(SourceSchema, 20).optional(),
});

export const SignalInputSchema = z.strictObject({
  metric: z
    .string()
    .max(100)
    .regex(/^[a-z][a-zA-Z0-9]*(?:[._-][a-zA-Z0-9]+)*$/, {
      message: "must be a dotted metric name such as npm.downloads.monthly",
    }),
  value: z.number().refine(Number.isFinite, rule("MANIFEST_OUT_OF_RANGE", "must be a finite number")),
  unit: text(40).optional(),
  source: nonEmptyText(300, "MANIFEST_EMPTY_SOURCE"),
  observedAt: date,
});

/** A signal an importer tried to fetch and could not: shown as missing, never read as zero. */
export const SignalGapSchema = z.strictObject({
  metric: SignalInputSchema.shape.metric,
  source: nonEmptyText(300, "MANIFEST_EMPTY_SOURCE"),
  reason: text(300),
});

export const TrustSchema = z.strictObject({
  permissions: list(text(100)).optional(),
  dataAccess: z.enum(DATA_ACCESS).optional(),
  failureModes: list(
    z.strictObject({ mode: text(200), frequency: text(60).optional(), mitigation: text(300).optional() }),
  ).optional(),
});

export const ArtifactInputSchema = z.strictObject({
  slug: z
    .string()
    .max(80)
    .refine((s) => KEBAB.test(s), rule("MANIFEST_BAD_SLUG", "must be kebab-case, e.g. 'dreambooth-stable-diffusion'")),
  name: nonEmptyText(120, "MANIFEST_EMPTY_NAME"),
  kind: z.enum(ARTIFACT_KINDS),
  provider: text(120).optional(),
  url: url.optional(),
  repository: url.optional(),
  license: text(100).optional(),
  description: nonEmptyText(2000, "MANIFEST_EMPTY_DESCRIPTION"),
  categories: list(kebab("MANIFEST_BAD_TAG", "category"), 20).optional(),
  tags: list(kebab("MANIFEST_BAD_TAG", "tag"), 30).optional(),
  status: z.enum(STATUSES).optional(),
  /** Where the artifact's own releases are published; its dates alone set Freshness (else inferred, see /methodology). */
  primarySource: z.enum(PRIMARY_SOURCES).optional(),
});

export const MANIFEST_VERSION = 1;

export const ManifestSchema = z.strictObject({
  capgraph: z.literal(MANIFEST_VERSION, {
    message: `must be ${MANIFEST_VERSION} (the only manifest version this capgraph reads)`,
  }),
  artifact: ArtifactInputSchema,
  pricing: PricingSchema.optional(),
  capabilities: list(CapabilityInputSchema, 100).optional(),
  signals: list(SignalInputSchema, 200).optional(),
  trust: TrustSchema.optional(),
  gaps: list(SignalGapSchema, 50).optional(),
});

export type ManifestInput = z.infer<typeof ManifestSchema>;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];
export type PricingModel = (typeof PRICING_MODELS)[number];
export type Price = z.infer<typeof PriceSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Trust = z.infer<typeof TrustSchema>;
export type SignalGap = z.infer<typeof SignalGapSchema>;

/** A capability as stored: id and uri always present, with how the uri was chosen. */
export interface Capability {
  id: string;
  uri: string;
  uriSource: "declared" | "classified";
  uriConfidence: number;
  name: string;
  description: string;
  unique?: string;
  vsAlternatives?: string;
  intents: string[];
  bestFor: string[];
  limitations: string[];
  requires: string[];
  inputTypes: string[];
  outputTypes: string[];
  evidence: EvidenceLevel;
  confidence: number;
  sources: Source[];
}

export interface Signal {
  metric: string;
  value: number;
  unit?: string;
  source: string;
  observedAt: string;
}

export interface Artifact {
  slug: string;
  name: string;
  kind: ArtifactKind;
  provider?: string;
  url?: string;
  repository?: string;
  license?: string;
  description: string;
  categories: string[];
  tags: string[];
  status: (typeof STATUSES)[number];
  primarySource?: (typeof PRIMARY_SOURCES)[number];
  pricing: { model: PricingModel; freeTier: boolean; prices: Price[] };
  capabilities: Capability[];
  trust?: Trust;
  /** Signals an importer could not fetch on its last run, and why. */
  gaps?: SignalGap[];
  createdAt?: string;
  updatedAt?: string;
}

/** A validated manifest, normalised for the store. */
export interface NormalizedManifest {
  artifact: Artifact;
  signals: Signal[];
}
