import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Capgraph, Snapshot } from "../src/capgraph.js";
import { ScoreCards } from "../src/core/cards.js";
import { buildLeaderboard, rankByInterval } from "../src/leaderboards/leaderboard.js";
import { leadersByKind, listArtifacts } from "../src/leaderboards/list.js";
import { summarizeOutcomes } from "../src/outcomes/feedback.js";
import { scoreCatalog, type ScoreCard } from "../src/rank/scores.js";
import { summarize } from "../src/rank/view.js";
import { demoCore, TEST_NOW } from "./helpers.js";

/** Every card computed eagerly, the way each snapshot did before cards were built on demand. */
async function eagerCards(core: Capgraph, s: Snapshot): Promise<Map<string, ScoreCard>> {
  return scoreCatalog({
    artifacts: s.artifacts,
    signals: s.signals,
    matchCounts: [...s.counts.values()],
    outcomes: summarizeOutcomes(await core.store.listOutcomes(), TEST_NOW),
    asOf: TEST_NOW,
  });
}

/** Slugs whose on-demand card differs, byte for byte, from the eager one. */
function differing(s: Snapshot, eager: Map<string, ScoreCard>): string[] {
  return s.artifacts
    .filter((a) => JSON.stringify(s.cards.get(a.slug)) !== JSON.stringify(eager.get(a.slug)))
    .map((a) => a.slug);
}

describe("score cards built on demand (finding: 620 MB of full cards at 1M artifacts)", () => {
  let core: Capgraph;
  beforeAll(async () => {
    core = await demoCore();
  });
  afterAll(async () => {
    await core.close();
    await core.store.close();
  });

  it("the snapshot keeps no full card until one is read, and each read one equals the eager card", async () => {
    const s = await core.snapshot();
    expect(s.cards.cached).toBe(0);
    const eager = await eagerCards(core, s);
    expect(eager.size).toBe(s.artifacts.length);
    for (const a of s.artifacts) {
      const r = s.cards.rank(a.slug);
      const e = eager.get(a.slug) as ScoreCard;
      expect(r).toEqual({ capRank: e.capRank, halfWidth: e.halfWidth, interval: e.interval });
    }
    expect(differing(s, eager)).toEqual([]);
  });

  it("equals the eager card for every artifact after outcomes and Times matched moved, cached or built later", async () => {
    const before = await core.snapshot();
    const fresh = before.artifacts.filter((_, i) => i % 2 === 1).map((a) => a.slug);
    // Half the cards are read (cached) before anything changes; the other half are built only afterwards.
    const cached = new Map(
      before.artifacts.filter((_, i) => i % 2 === 0).map((a) => [a.slug, before.cards.get(a.slug)]),
    );
    const qdrantBefore = JSON.stringify(before.cards.get("qdrant"));
    for (const client of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
      const r = await core.search("vector database for embeddings", { client });
      expect(r.results.map((x) => x.slug)).toContain("qdrant");
      await core.feedback({ matchId: r.matchId, slug: "qdrant", outcome: "success", reporter: client });
    }
    const s = await core.snapshot();
    expect(s).toBe(before); // outcomes re-score in place: same snapshot, same table
    expect(JSON.stringify(s.cards.get("qdrant"))).not.toBe(qdrantBefore);
    expect(s.cards.get("qdrant")?.scores.matchGraph.value).not.toBeNull();
    const moved = fresh.filter((slug) => (s.counts.get(slug)?.times ?? 0) > 0);
    expect(moved.length).toBeGreaterThan(0); // some uncached cards' Times matched moved before they were built
    expect([...cached].filter(([slug]) => (s.counts.get(slug)?.times ?? 0) > 0).length).toBeGreaterThan(0);
    expect(differing(s, await eagerCards(core, s))).toEqual([]);
  });

  it("keeps at most its capacity of full cards, dropping the least recently read first", async () => {
    const s = await core.snapshot();
    const small = new ScoreCards(s, 10);
    for (const a of s.artifacts) small.set(small.score(a));
    const slugs = s.artifacts.map((a) => a.slug);
    const first = small.get(slugs[0] as string);
    for (const slug of slugs.slice(1, 10)) small.get(slug);
    expect(small.get(slugs[0] as string)).toBe(first); // read again: now the most recent
    for (const slug of slugs.slice(10)) {
      small.get(slug);
      expect(small.cached).toBeLessThanOrEqual(10);
    }
    expect(small.cached).toBe(10);
    const again = small.get(slugs[0] as string);
    expect(again).not.toBe(first); // dropped, built again, and equal
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    const eager = await eagerCards(core, s);
    for (const slug of slugs) expect(JSON.stringify(small.get(slug))).toBe(JSON.stringify(eager.get(slug)));
  });

  it("orders leaderboards, lists and the home page's leaders exactly as full cards for all artifacts do", async () => {
    const s = await core.snapshot();
    const eager = await eagerCards(core, s);
    const full = { get: (slug: string) => eager.get(slug), rank: (slug: string) => eager.get(slug) };
    for (const kind of [undefined, ...new Set(s.artifacts.map((a) => a.kind))]) {
      const got = await core.leaderboard({ kind, limit: 200 });
      const want = buildLeaderboard(
        { artifacts: s.artifacts, cards: eager, taxonomy: core.taxonomy },
        { kind, limit: 200 },
      );
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }
    for (const node of ["capability://audio", "capability://text", "capability://image"]) {
      const got = await core.leaderboard({ capability: node });
      const want = buildLeaderboard(
        { artifacts: s.artifacts, cards: eager, taxonomy: core.taxonomy },
        { capability: node },
      );
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }
    const page = { sort: "rank" as const, limit: 100 };
    expect(JSON.stringify(await core.list(page))).toBe(
      JSON.stringify(listArtifacts({ artifacts: s.artifacts, cards: full }, page)),
    );
    // The home page before: every artifact summarized, then ranked per kind.
    const oracle = [...new Set(s.artifacts.map((a) => a.kind))].map((kind) => {
      const items = s.artifacts
        .filter((a) => a.kind === kind)
        .map((a) => {
          const c = eager.get(a.slug) as ScoreCard;
          return { ...summarize(a, c), lower: c.capRank - c.halfWidth };
        });
      return {
        kind,
        items: rankByInterval(items)
          .slice(0, 3)
          .map(({ lower: _lower, ...x }) => x),
      };
    });
    const leaders = await core.leaders(3);
    expect(JSON.stringify(leaders)).toBe(JSON.stringify(leadersByKind({ artifacts: s.artifacts, cards: full }, 3)));
    const byKind = new Map(oracle.map((o) => [o.kind, JSON.stringify(o.items)]));
    for (const l of leaders) expect(JSON.stringify(l.items)).toBe(byKind.get(l.kind));
  });

  it("a leaderboard reads no full card; a list page or the home page builds only the cards it shows", async () => {
    const fresh = await demoCore();
    try {
      const s = await fresh.snapshot();
      await fresh.leaderboard({ limit: 200 });
      await fresh.leaderboardIndex();
      await fresh.standings("qdrant");
      await fresh.suggest("vec");
      expect(s.cards.cached).toBe(0);
      await fresh.list({ sort: "rank", limit: 5 });
      expect(s.cards.cached).toBe(5);
      const leaders = await fresh.leaders(2);
      expect(s.cards.cached).toBeLessThanOrEqual(5 + leaders.reduce((n, l) => n + l.items.length, 0));
    } finally {
      await fresh.close();
      await fresh.store.close();
    }
  });

  it("a catalog change applied incrementally drops the changed artifact's cached card and keeps the others", async () => {
    const own = await demoCore();
    const s1 = await own.snapshot();
    const kept = new Map(s1.artifacts.map((a) => [a.slug, s1.cards.get(a.slug)]));
    const a = s1.bySlug.get("qdrant");
    if (!a) throw new Error("the demo catalog has qdrant");
    const signals = s1.signals.filter((x) => x.slug === "qdrant").map(({ slug: _s, recordedAt: _r, ...x }) => x);
    // Declared-only capabilities earn less Quality: the card must change.
    const artifact = {
      ...a,
      capabilities: a.capabilities.map((c) => ({ ...c, evidence: "declared" as const, sources: [] })),
    };
    await own.store.upsertManifests([{ artifact, signals }], TEST_NOW);
    const s2 = await own.snapshot();
    expect(s2).not.toBe(s1);
    expect(s2.index.deltaSize).toBeGreaterThan(0); // applied through the change log, not a full reload
    const card = s2.cards.get("qdrant") as ScoreCard;
    expect(card.scores.quality.raw).toBeLessThan(kept.get("qdrant")?.scores.quality.raw as number);
    expect(s2.cards.rank("qdrant")).toEqual({
      capRank: card.capRank,
      halfWidth: card.halfWidth,
      interval: card.interval,
    });
    for (const x of s2.artifacts) if (x.slug !== "qdrant") expect(s2.cards.get(x.slug)).toBe(kept.get(x.slug));
    await own.close();
    await own.store.close();
  });
});
