import { describe, expect, it } from "vitest";
import type { Artifact, ArtifactKind, Capability, EvidenceLevel, Price } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { summarize } from "../rank/view.js";
import { SUB_SCORES, weightsFor, type SubScoreName } from "../rank/methodology.js";
import type { ScoreCard } from "../rank/scores.js";
import { align } from "./align.js";
import { buildVerdict } from "./verdict.js";

/**
 * Golden verdicts: hand-built artifacts with fixed score cards (so a change to the scoring
 * formula does not move them) and the verdict each must produce, written out in full.
 */
const tax = loadTaxonomy();

interface Fixture {
  slug: string;
  name: string;
  kind: ArtifactKind;
  license?: string;
  pricing: Artifact["pricing"];
  caps: [string, EvidenceLevel][];
  capRank: number;
  half: number;
  scores: Partial<Record<SubScoreName, number>>;
}

function artifact(f: Fixture): Artifact {
  const capabilities: Capability[] = f.caps.map(([uri, evidence], i) => ({
    id: `c${i}`,
    uri,
    uriSource: "declared",
    uriConfidence: 1,
    name: tax.get(uri)?.label ?? uri,
    description: "x",
    intents: [],
    bestFor: [],
    limitations: [],
    requires: [],
    inputTypes: [],
    outputTypes: [],
    evidence,
    confidence: 0.8,
    sources: [],
  }));
  return {
    slug: f.slug,
    name: f.name,
    kind: f.kind,
    ...(f.license ? { license: f.license } : {}),
    description: "x",
    categories: [],
    tags: [],
    status: "active",
    pricing: f.pricing,
    capabilities,
  };
}

/** A score card with the given CapRank, half-width and sub-scores (the rest: no data, imputed 50). */
function card(f: Fixture): ScoreCard {
  const scores = {} as ScoreCard["scores"];
  const imputed: ScoreCard["imputed"] = {};
  for (const k of SUB_SCORES) {
    const v = f.scores[k];
    scores[k] = {
      value: v ?? null,
      raw: v ?? null,
      confidence: v === undefined ? 0 : 1,
      prior: 50,
      interval: v === undefined ? [0, 100] : [v, v],
      inputs: [],
      note: "",
    };
    if (v === undefined) imputed[k] = 50;
  }
  return {
    slug: f.slug,
    kind: f.kind,
    capRank: f.capRank,
    interval: [Math.max(0, f.capRank - f.half), Math.min(100, f.capRank + f.half)],
    halfWidth: f.half,
    scores,
    imputed,
    weights: weightsFor(f.kind),
    timesMatched: 0,
  };
}

function verdict(fs: Fixture[]) {
  const arts = fs.map(artifact);
  const v = buildVerdict(
    fs.map((f, i) => ({
      s: summarize(arts[i] as Artifact, card(f)),
      card: card(f),
      capabilities: (arts[i] as Artifact).capabilities,
    })),
    align(arts, tax),
    tax,
  );
  return v.claims.map((c) => `${c.kind}: ${c.text}`);
}

const perToken = (input: number, output: number): Price[] => [
  { amount: input / 1e6, currency: "USD", unit: "prompt-token" },
  { amount: output / 1e6, currency: "USD", unit: "completion-token" },
];
const hosted = (input: number, output: number): Artifact["pricing"] => ({
  model: "usage-based",
  freeTier: false,
  prices: perToken(input, output),
});
const free: Artifact["pricing"] = { model: "open-source", freeTier: true, prices: [] };

const llm = (slug: string, name: string, over: Partial<Fixture>): Fixture => ({
  slug,
  name,
  kind: "model",
  license: "Proprietary",
  pricing: hosted(3, 15),
  caps: [
    ["capability://text.chat", "documented"],
    ["capability://text.summarization", "documented"],
    ["capability://code.generation", "documented"],
  ],
  capRank: 60,
  half: 20,
  scores: { quality: 70, freshness: 80 },
  ...over,
});

describe("verdict golden tests (finding 14.5: the verdict does not help choose)", () => {
  it("2-way, substitutes and a tie: each side gets its reasons, the tie is said plainly", () => {
    expect(
      verdict([
        llm("chatter", "Chatter", {}),
        llm("openlm", "OpenLM", {
          license: "Apache-2.0",
          pricing: free,
          capRank: 57,
          caps: [
            ["capability://text.chat", "declared"],
            ["capability://text.question-answering", "declared"],
            ["capability://code.generation", "declared"],
          ],
        }),
      ]),
    ).toEqual([
      "substitutes: They do the same kind of job: 100% of their capabilities fall in the same taxonomy areas, so one can stand in for the other.",
      "choose: Choose Chatter if you need summarization, which the other does not cover; you want a hosted service with nothing to install or run; or you want claims backed by sources (3 of 3 capabilities documented or better; evidence strength 0.8 vs 0.4).",
      "choose: Choose OpenLM if you need question answering, which the other does not cover; you want a free tier (Chatter has none); you need an open-source licence (Apache-2.0); or you want to run it on your own hardware, with your data staying there.",
      "tie: Chatter and OpenLM are tied on CapRank: 60/100 (range 40–80) vs 57/100 (range 37–77); the 3-point difference is within the uncertainty of ±28, so neither is ranked above the other until more data arrives.",
      "level: They are level (within 10 points) on quality and freshness.",
      "pricing: OpenLM (open-source) has a free tier; Chatter (usage-based) does not.",
      "pricing: Prices: Chatter $3 / 1M input, $15 / 1M output; OpenLM lists no price.",
      "coverage: Capabilities described: Chatter 3, OpenLM 3; they share 2 capability areas (chat and code generation).",
      "change: No rise in a single sub-score would put OpenLM ahead of Chatter; it would need gains on several.",
      "change: Real data for Chatter's adoption, ecosystem and match graph could move its CapRank by up to 28 points.",
      "change: Real data for OpenLM's adoption, ecosystem and match graph could move its CapRank by up to 28 points.",
    ]);
  });

  it("3-way with one non-substitute: groups first, every artifact placed, '=' for tied places", () => {
    const lib = (
      slug: string,
      name: string,
      caps: [string, EvidenceLevel][],
      capRank: number,
      half: number,
      adoption: number,
    ): Fixture => ({
      slug,
      name,
      kind: "library",
      license: "MIT",
      pricing: free,
      caps,
      capRank,
      half,
      scores: { adoption, quality: 60 },
    });
    expect(
      verdict([
        lib(
          "ragkit",
          "RagKit",
          [
            ["capability://retrieval.rag", "documented"],
            ["capability://retrieval.rag", "documented"],
            ["capability://retrieval.document-loading", "documented"],
          ],
          75,
          5,
          90,
        ),
        lib(
          "vecstore",
          "VecStore",
          [
            ["capability://retrieval.rag", "declared"],
            ["capability://retrieval.vector-store", "declared"],
            ["capability://agents.tool-use", "declared"],
          ],
          50,
          5,
          40,
        ),
        {
          ...lib(
            "tuner",
            "Tuner",
            [
              ["capability://image.generation.text-to-image", "declared"],
              ["capability://training.fine-tuning.peft.lora", "declared"],
            ],
            48,
            25,
            45,
          ),
          kind: "repository",
        },
      ]),
    ).toEqual([
      "substitutes: These are not all substitutes; they fall into 2 groups that do different jobs: RagKit and VecStore; Tuner. Compare scores within a group, pick a group by the job.",
      "purpose: RagKit is a self-hosted library for retrieval-augmented generation and document loading (3 of its 3 capabilities).",
      "purpose: VecStore is a self-hosted library for retrieval-augmented generation, vector store and tool use (3 of its 3 capabilities).",
      "purpose: Tuner is a self-hosted repository for image generation and fine-tuning (2 of its 2 capabilities).",
      "choose: Choose RagKit if you need document loading, which none of the others covers; you want claims backed by sources (3 of 3 capabilities documented or better; evidence strength 0.8 vs 0.4); or you go by the evidence-weighted score (CapRank 75 vs 50, beyond the ±7 uncertainty).",
      "choose: Choose VecStore if you need vector store or tool use, which none of the others covers.",
      "choose: Choose Tuner if you need image generation or fine-tuning, which none of the others covers.",
      'rank: CapRank places: 1. RagKit 75/100 (70–80); =2. VecStore 50/100 (45–55); =2. Tuner 48/100 (23–73). Places marked "=" are tied: their difference is within the combined uncertainty.',
      "lead: RagKit leads on adoption (90 vs next best 45), by at least 10 points.",
      "level: All are level (within 10 points) on quality.",
      "pricing: All 3 have a free tier.",
      "coverage: Capabilities described: RagKit 3, VecStore 3, Tuner 2; they share 1 capability area (retrieval-augmented generation).",
      "change: No rise in a single sub-score would put VecStore ahead of RagKit; it would need gains on several.",
      "change: Real data for RagKit's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
      "change: Real data for VecStore's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
      "change: Real data for Tuner's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
    ]);
  });

  it("6-way: every artifact placed, the cheapest named with both prices, ties as '='", () => {
    const docs: [string, EvidenceLevel][] = [
      ["capability://text.chat", "documented"],
      ["capability://text.summarization", "documented"],
      ["capability://code.generation", "documented"],
    ];
    expect(
      verdict([
        llm("alpha", "Alpha", {
          pricing: hosted(1.25, 10),
          capRank: 70,
          half: 5,
          scores: { adoption: 80, quality: 70 },
        }),
        llm("bravo", "Bravo", {
          capRank: 68,
          half: 5,
          scores: { adoption: 75, quality: 70 },
          caps: [...docs, ["capability://agents.tool-use.function-calling", "documented"]],
        }),
        llm("charlie", "Charlie", {
          license: "Apache-2.0",
          pricing: free,
          capRank: 50,
          half: 5,
          scores: { adoption: 40, quality: 50 },
          caps: [
            ["capability://text.chat", "declared"],
            ["capability://text.question-answering", "declared"],
            ["capability://code.generation", "declared"],
          ],
        }),
        llm("delta", "Delta", {
          license: "Llama 3.3 Community License",
          pricing: free,
          capRank: 49,
          half: 20,
          scores: { quality: 45 },
          caps: [
            ["capability://text.chat", "declared"],
            ["capability://text.summarization", "declared"],
          ],
        }),
        llm("echo", "Echo", { pricing: hosted(2, 8), capRank: 30, half: 5, scores: { adoption: 10, quality: 40 } }),
        llm("foxtrot", "Foxtrot", {
          pricing: hosted(2, 8),
          capRank: 30,
          half: 5,
          scores: { adoption: 10, quality: 40 },
        }),
      ]),
    ).toEqual([
      "substitutes: All 6 do the same kind of job: for every pair, at least 50% of their capabilities fall in the same taxonomy areas.",
      "choose: Choose Alpha if you want the lowest price ($1.25 vs $2 / 1M input tokens for Echo).",
      "choose: Choose Bravo if you need tool use, which none of the others covers.",
      "choose: Choose Charlie if you need question answering, which none of the others covers; you want a free tier (Alpha, Bravo, Echo and Foxtrot have none); or you need an open-source licence (Apache-2.0).",
      "choose: Choose Delta if you want a free tier (Alpha, Bravo, Echo and Foxtrot have none).",
      "choose: Nothing computed here favours Echo: it has no capability area the others lack, and is not cheaper, freer, more open, better evidenced or ranked clearly higher.",
      "choose: Nothing computed here favours Foxtrot: it has no capability area the others lack, and is not cheaper, freer, more open, better evidenced or ranked clearly higher.",
      'rank: CapRank places: =1. Alpha 70/100 (65–75); =1. Bravo 68/100 (63–73); =3. Charlie 50/100 (45–55); =3. Delta 49/100 (29–69); =5. Echo 30/100 (25–35); =5. Foxtrot 30/100 (25–35). Places marked "=" are tied: their difference is within the combined uncertainty.',
      "no-data: Only Alpha, Bravo, Charlie, Echo and Foxtrot have adoption data (Alpha 80, Bravo 75, Charlie 40, Echo 10, Foxtrot 10); Delta shows no data there.",
      "pricing: Charlie (open-source) and Delta (open-source) have a free tier; Alpha (usage-based), Bravo (usage-based), Echo (usage-based) and Foxtrot (usage-based) do not.",
      "pricing: Prices: Alpha $1.25 / 1M input, $10 / 1M output; Bravo $3 / 1M input, $15 / 1M output; Charlie lists no price; Delta lists no price; Echo $2 / 1M input, $8 / 1M output; Foxtrot $2 / 1M input, $8 / 1M output.",
      "coverage: Capabilities described: Alpha 3, Bravo 4, Charlie 3, Delta 2, Echo 3, Foxtrot 3; they share 3 capability areas (chat, summarization and code generation).",
      "change: Real data for Alpha's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
      "change: Real data for Bravo's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
      "change: Real data for Charlie's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
      "change: Real data for Delta's adoption, ecosystem, match graph and freshness could move its CapRank by up to 35 points.",
      "change: Real data for Echo's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
      "change: Real data for Foxtrot's ecosystem, match graph and freshness could move its CapRank by up to 23 points.",
    ]);
  });
});
