import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Capgraph } from "../capgraph.js";
import { demoCore } from "../../test/helpers.js";
import {
  CompareOut,
  FeedbackOut,
  LeaderboardOut,
  ListOut,
  PassportOut,
  RiskResolveOut,
  ResolveOut,
  SearchOut,
} from "./outputs.js";
import { leaderboardFilters, searchFilters } from "./inputs.js";

/** Parses with a strict contract and reports every mismatch by path (a clearer failure than a thrown ZodError). */
function problems(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("the wire contract: what the core returns is exactly what each output schema says", () => {
  let core: Capgraph;
  beforeAll(async () => {
    core = await demoCore();
  });

  it("search, with and without filters, for intents that match and ones that do not", async () => {
    for (const q of ["transcribe audio to text", "generate images from text descriptions", "", "zzzz qqqq"]) {
      expect(problems(SearchOut, await core.search(q, { limit: 10 }))).toEqual([]);
    }
    const filtered = await core.search("chat model", {
      filters: searchFilters({ kind: "model", free: "true", capability: "capability://text.*" }),
    });
    expect(problems(SearchOut, filtered)).toEqual([]);
  });

  it("resolve and the agents' risk-aware resolve", async () => {
    expect(problems(ResolveOut, await core.resolve("ASR"))).toEqual([]);
    expect(problems(RiskResolveOut, await core.resolveForRisk("speech to text", "strict", 5))).toEqual([]);
  });

  it("the seed comparison and a passport", async () => {
    expect(problems(CompareOut, await core.compare(["gpt-5-4-pro", "dreambooth-stable-diffusion"]))).toEqual([]);
    expect(problems(PassportOut, await core.passport("gpt-5-4-pro"))).toEqual([]);
  });

  it("leaderboards by kind, by capability with filters, and the list with a cursor", async () => {
    expect(problems(LeaderboardOut, await core.leaderboard({ kind: "model" }))).toEqual([]);
    expect(
      problems(
        LeaderboardOut,
        await core.leaderboard({ capability: "ASR", filters: leaderboardFilters({ free: true }) }),
      ),
    ).toEqual([]);
    const page = await core.list({ sort: "rank", limit: 3 });
    expect(problems(ListOut, page)).toEqual([]);
    expect(
      problems(ListOut, await core.list({ sort: "rank", limit: 3, cursor: page.nextCursor ?? undefined })),
    ).toEqual([]);
  });

  it("feedback", async () => {
    const r = await core.search("transcribe audio");
    const first = r.results[0];
    expect(first).toBeDefined();
    expect(
      problems(
        FeedbackOut,
        await core.feedback({ matchId: r.matchId, slug: first?.slug ?? "", outcome: "success", reporter: "contract" }),
      ),
    ).toEqual([]);
  });

  it("refuses a field the contract does not name (the check can fail)", async () => {
    const r = await core.search("transcribe audio");
    expect(problems(SearchOut, { ...r, extra: 1 }).join()).toMatch(/extra|Unrecognized/);
  });
});

describe("the OpenAPI document carries the output contracts", () => {
  it("describes each operation's 200 response from its output schema, with no dangling $ref", async () => {
    const { openApiDocument } = await import("./openapi.js");
    const doc = openApiDocument() as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: { required?: string[] } }> }> }>
      >;
    };
    const schemaOf = (path: string, method = "get") =>
      doc.paths[path]?.[method]?.responses["200"]?.content["application/json"]?.schema;
    expect(schemaOf("/api/v1/search")?.required).toEqual(
      expect.arrayContaining(["query", "matchId", "results", "interpretation", "filters"]),
    );
    expect(schemaOf("/api/v1/compare")?.required).toEqual(
      expect.arrayContaining(["artifacts", "alignment", "verdict"]),
    );
    expect(schemaOf("/api/v1/feedback", "post")?.required).toEqual(expect.arrayContaining(["recorded", "artifact"]));
    // A first report is answered 201 (a repeat 200): both carry the feedback contract.
    expect(doc.paths["/api/v1/feedback"]?.["post"]?.responses["201"]?.content["application/json"]?.schema).toEqual(
      schemaOf("/api/v1/feedback", "post"),
    );
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"#\/\$defs/);
  });
});
