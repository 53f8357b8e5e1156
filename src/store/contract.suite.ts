import { describe, expect, it, beforeEach, afterEach } from "vitest";
import { sampleManifest } from "./fixtures.suite.js";
import { stripTimes, type Store } from "./store.js";
import { runWriteContract } from "./write.contract.js";

export { sampleCapability, sampleManifest } from "./fixtures.suite.js";

/**
 * The contract every Store implementation passes. Run it once per implementation with a
 * factory that returns a fresh, empty store.
 */
export function runStoreContract(name: string, open: () => Promise<Store>): void {
  runWriteContract(name, open);
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("upserts, reads back and reports created/updated/unchanged", async () => {
      const first = await store.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
      expect(first.created).toEqual(["a", "b"]);
      const again = await store.upsertManifests([
        sampleManifest("a"),
        sampleManifest("b", { description: "Changed." }),
      ]);
      expect(again).toMatchObject({ created: [], updated: ["b"], unchanged: ["a"] });
      expect((await store.getArtifact("b"))?.description).toBe("Changed.");
      expect(await store.countArtifacts()).toBe(2);
      expect((await store.listArtifacts()).map((a) => a.slug)).toEqual(["a", "b"]);
      expect(await store.getArtifact("zzz")).toBeUndefined();
    });

    it("reports a batch in its own order though rows may be written in slug order; a slug given twice ends as its last version", async () => {
      await store.upsertManifests([sampleManifest("m"), sampleManifest("c")]);
      const sum = await store.upsertManifests([
        sampleManifest("z"),
        sampleManifest("m", { description: "New." }),
        sampleManifest("c"),
        sampleManifest("a"),
        sampleManifest("z", { description: "Last." }),
      ]);
      expect(sum).toMatchObject({ created: ["z", "a"], updated: ["m", "z"], unchanged: ["c"] });
      expect((await store.getArtifact("z"))?.description).toBe("Last.");
      expect((await store.listArtifacts()).map((a) => a.slug)).toEqual(["a", "c", "m", "z"]);
    });

    it("reads a whole catalog lean (4.2 GB per worker at 1M): empty lists share one frozen array, values are as written", async () => {
      const written = [sampleManifest("a"), sampleManifest("b", { tags: ["x"] })];
      await store.upsertManifests(written);
      const [a, b] = await store.listArtifacts();
      const cap = a?.capabilities[0];
      expect(cap?.limitations).toEqual([]);
      expect(Object.isFrozen(cap?.limitations)).toBe(true);
      expect(a?.tags).toBe(cap?.limitations);
      expect(b?.tags).toEqual(["x"]);
      expect(Object.isFrozen(b?.tags)).toBe(false);
      for (const [i, art] of [a, b].entries()) expect(art && stripTimes(art)).toEqual(written[i]?.artifact);
    });

    it("is atomic: a failing batch writes nothing", async () => {
      await store.upsertManifests([sampleManifest("keep")]);
      const bad = sampleManifest("bad");
      // Two capabilities with one id violate the (artifact, id) key inside the transaction.
      const cap = bad.artifact.capabilities[0];
      if (cap) bad.artifact.capabilities.push({ ...cap });
      await expect(store.upsertManifests([sampleManifest("new-one"), bad])).rejects.toThrow();
      expect((await store.listArtifacts()).map((a) => a.slug)).toEqual(["keep"]);
    });

    it("appends signals only when they changed", async () => {
      const sig = { metric: "npm.downloads.monthly", value: 10, source: "npm", observedAt: "2026-11-01" };
      await store.upsertManifests([sampleManifest("s", {}, [sig])]);
      const r2 = await store.upsertManifests([sampleManifest("s", {}, [sig])]);
      expect(r2.signalsAppended).toBe(0);
      await store.upsertManifests([sampleManifest("s", {}, [{ ...sig, value: 12, observedAt: "2026-11-20" }])]);
      expect((await store.listSignals("s")).map((s) => s.value)).toEqual([10, 12]);
    });

    it("records matches and counts top-k appearances", async () => {
      await store.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
      const rev = await store.revision();
      const m = await store.recordMatch({
        query: "q",
        client: "test",
        results: [
          { slug: "a", score: 2, capabilityIds: ["one"] },
          { slug: "b", score: 1, capabilityIds: [] },
        ],
      });
      await store.recordMatch({
        query: "q2",
        client: "other",
        results: [{ slug: "a", score: 1, capabilityIds: ["one"] }],
      });
      expect(await store.revision()).toBe(rev); // matches are activity, not catalog changes
      expect(await store.getMatch(m.id)).toEqual(m);
      expect((await store.matchCounts()).counts).toEqual([
        { slug: "a", times: 2 },
        { slug: "b", times: 1 },
      ]);
      expect(await store.getMatch("00000000-0000-0000-0000-000000000000")).toBeUndefined();
    });

    it("counts one client once per artifact and day, only in the top k, in batches, and follows changes by sequence", async () => {
      const at = (iso: string) => ({ at: iso });
      const rec = (id: string, client: string, iso: string, slugs: string[]) => ({
        id,
        query: "q",
        client,
        ...at(iso),
        results: slugs.map((slug, i) => ({ slug, score: 1 / (i + 1), capabilityIds: [] })),
      });
      const first = await store.recordMatches(
        [
          rec("m1", "c1", "2026-11-01T10:00:00.000Z", ["a", "b", "c"]),
          rec("m2", "c1", "2026-11-01T11:00:00.000Z", ["a", "b", "c"]), // same client, same day: no rise
          rec("m3", "c2", "2026-11-01T12:00:00.000Z", ["a"]),
        ],
        2,
      ); // c is third: beyond the top 2
      expect(first).toEqual([
        { slug: "a", times: 2 },
        { slug: "b", times: 1 },
      ]);
      const { seq } = await store.matchCounts();
      expect(await store.recordMatches([rec("m4", "c1", "2026-11-01T13:00:00.000Z", ["a"])], 2)).toEqual([]);
      expect(await store.recordMatches([rec("m5", "c1", "2026-11-02T09:00:00.000Z", ["b"])], 2)).toEqual([
        { slug: "b", times: 2 },
      ]);
      const since = await store.matchCounts(seq);
      expect(since.counts).toEqual([{ slug: "b", times: 2 }]);
      expect(since.seq).toBeGreaterThan(seq);
      expect((await store.matchCounts(since.seq)).counts).toEqual([]);
      expect((await store.getMatch("m3"))?.results.map((r) => r.slug)).toEqual(["a"]);
    });

    it("prunes old searches (not those an outcome refers to) and old per-client rows, keeping the totals", async () => {
      const old = (id: string, iso: string) => ({
        id,
        query: "q",
        client: "c",
        at: iso,
        results: [{ slug: "a", score: 1, capabilityIds: ["one"] }],
      });
      await store.upsertManifests([sampleManifest("a")]);
      await store.recordMatches(
        [
          old("00000000-0000-0000-0000-000000000001", "2026-09-01T00:00:00.000Z"),
          old("00000000-0000-0000-0000-000000000002", "2026-09-02T00:00:00.000Z"),
          old("00000000-0000-0000-0000-000000000003", "2026-11-20T00:00:00.000Z"),
        ],
        10,
      );
      await store.recordOutcome({
        matchId: "00000000-0000-0000-0000-000000000002",
        slug: "a",
        capabilityId: null,
        outcome: "success",
        reporter: "c",
      });
      const gone = await store.pruneMatches({
        matchesBefore: "2026-10-01T00:00:00.000Z",
        clientsBefore: "2026-11-19",
        limit: 100,
      });
      expect(gone).toBe(3); // one search, two per-client rows (09-01, 09-02)
      expect(await store.getMatch("00000000-0000-0000-0000-000000000001")).toBeUndefined();
      expect(await store.getMatch("00000000-0000-0000-0000-000000000002")).toBeDefined();
      expect(await store.getMatch("00000000-0000-0000-0000-000000000003")).toBeDefined();
      expect((await store.matchCounts()).counts).toEqual([{ slug: "a", times: 3 }]);
    });
    it("stores API keys by hash, lists and revokes them", async () => {
      const k = {
        id: "k1",
        hash: "ab".repeat(32),
        name: "ci",
        scopes: ["read", "publish"] as ("read" | "publish")[],
        namespace: "acme",
        createdAt: "2026-11-27T00:00:00.000Z",
        revokedAt: null,
      };
      await store.createKey(k);
      expect(await store.findKeyByHash(k.hash)).toEqual(k);
      expect(await store.findKeyByHash("00")).toBeUndefined();
      expect(await store.revokeKey("k1", "2026-11-28T00:00:00.000Z")).toBe(true);
      expect(await store.revokeKey("nope", "x")).toBe(false);
      expect((await store.listKeys()).map((x) => [x.id, x.revokedAt])).toEqual([["k1", "2026-11-28T00:00:00.000Z"]]);
      await expect(store.createKey({ ...k, id: "k2" })).rejects.toThrow();
    });

    it("records owners and an append-only audit log (newest first)", async () => {
      await store.setOwner({ slug: "a", namespace: "acme", verified: false, proofUrl: null, at: "t1" });
      await store.setOwner({
        slug: "a",
        namespace: "acme",
        verified: true,
        proofUrl: "http://x/.well-known/capgraph-claim.txt",
        at: "t2",
      });
      expect(await store.getOwner("a")).toEqual({
        slug: "a",
        namespace: "acme",
        verified: true,
        proofUrl: "http://x/.well-known/capgraph-claim.txt",
        at: "t2",
      });
      expect(await store.getOwner("b")).toBeUndefined();
      const [x, y] = await Promise.all([
        store.claimOwnerIfAbsent({ slug: "b", namespace: "one", verified: false, proofUrl: null, at: "t3" }),
        store.claimOwnerIfAbsent({ slug: "b", namespace: "two", verified: false, proofUrl: null, at: "t3" }),
      ]);
      expect(x.namespace).toBe(y.namespace);
      await store.appendAudit({ at: "t1", actor: "key:k1", action: "publish", target: "a", detail: "created" });
      await store.appendAudit({ at: "t2", actor: "key:k1", action: "claim", target: "a", detail: "verified" });
      expect((await store.listAudit(10)).map((x) => x.action)).toEqual(["claim", "publish"]);
      expect(await store.listAudit(1)).toHaveLength(1);
    });

    it("keeps settings, first writer wins", async () => {
      expect(await store.getSetting("k")).toBeUndefined();
      expect(await store.putSettingIfAbsent("k", "first")).toBe("first");
      expect(await store.putSettingIfAbsent("k", "second")).toBe("first");
      expect(await store.getSetting("k")).toBe("first");
    });

    it("keeps embedding vectors per model and key, bit for bit; a stored key keeps its vector", async () => {
      const v = Float32Array.from([0.1, -2.5, 1e-7, Math.PI]);
      const many = Array.from({ length: 1500 }, (_, i) => ({ key: `k${i}`, vector: Float32Array.from([i, -i]) }));
      await store.putEmbeddings("m1", [{ key: "a", vector: v }, ...many]);
      await store.putEmbeddings("m1", [{ key: "a", vector: Float32Array.from([9, 9, 9, 9]) }]);
      const got = await store.getEmbeddings("m1", ["a", "k1499", "absent"]);
      expect([...got.keys()].sort()).toEqual(["a", "k1499"]);
      expect([...(got.get("a") ?? [])]).toEqual([...v]);
      expect([...(got.get("k1499") ?? [])]).toEqual([1499, -1499]);
      expect(
        (
          await store.getEmbeddings(
            "m1",
            many.map((r) => r.key),
          )
        ).size,
      ).toBe(1500);
      expect((await store.getEmbeddings("m2", ["a"])).size).toBe(0);
    });

    it("appends outcomes, idempotently per match and artifact", async () => {
      await store.upsertManifests([sampleManifest("a")]);
      const m = await store.recordMatch({
        query: "q",
        client: "test",
        results: [{ slug: "a", score: 1, capabilityIds: ["one"] }],
      });
      const o = { matchId: m.id, slug: "a", capabilityId: "one", outcome: "success" as const, reporter: "r1" };
      const rev = await store.revision();
      expect((await store.recordOutcome(o, new Date("2026-11-01T00:00:00Z"))).recorded).toBe(true);
      expect(await store.revision()).toBeGreaterThan(rev);
      expect((await store.recordOutcome(o, new Date("2026-11-02T00:00:00Z"))).recorded).toBe(false);
      expect((await store.recordOutcome({ ...o, outcome: "failure" }, new Date("2026-11-03T00:00:00Z"))).recorded).toBe(
        true,
      );
      const all = await store.listOutcomes();
      expect(all.map((x) => [x.outcome, x.at])).toEqual([
        ["success", "2026-11-01T00:00:00.000Z"],
        ["failure", "2026-11-03T00:00:00.000Z"],
      ]);
      expect(all[0]).toEqual({ ...o, at: "2026-11-01T00:00:00.000Z" });
      expect(await store.listOutcomes("a")).toEqual(all);
      expect(await store.listOutcomes("zzz")).toEqual([]);
    });

    it("says which artifacts' outcomes changed, by outcome revision, apart from catalog changes", async () => {
      await store.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
      const m = await store.recordMatch({
        query: "q",
        client: "test",
        results: [
          { slug: "a", score: 1, capabilityIds: [] },
          { slug: "b", score: 1, capabilityIds: [] },
        ],
      });
      const before = await store.activity();
      await store.recordOutcome({ matchId: m.id, slug: "a", capabilityId: null, outcome: "success", reporter: "r" });
      const mid = await store.activity();
      expect(mid.outcomeRevision).toBe(before.outcomeRevision + 1);
      expect(mid.revision - mid.outcomeRevision).toBe(before.revision - before.outcomeRevision); // the catalog did not change
      await store.recordOutcome({ matchId: m.id, slug: "b", capabilityId: null, outcome: "failure", reporter: "r" });
      expect(await store.outcomeChanges(before.outcomeRevision)).toEqual({
        revision: mid.outcomeRevision + 1,
        slugs: ["a", "b"],
      });
      expect(await store.outcomeChanges(mid.outcomeRevision)).toEqual({
        revision: mid.outcomeRevision + 1,
        slugs: ["b"],
      });
      await store.upsertManifests([sampleManifest("c")]);
      const after = await store.activity();
      expect(after.revision - after.outcomeRevision).toBeGreaterThan(mid.revision - mid.outcomeRevision);
    });

    it("says which artifacts changed since a revision: new and changed documents and new signals, not unchanged ones or outcomes", async () => {
      const start = await store.revision();
      await store.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
      const first = await store.catalogChanges(start);
      expect(first).toEqual({ revision: await store.revision(), slugs: ["a", "b"] });
      await store.upsertManifests([sampleManifest("a"), sampleManifest("b", { description: "Changed." })]);
      const second = await store.catalogChanges(first.revision);
      expect(second.slugs).toEqual(["b"]);
      const sig = { metric: "github.stars", value: 5, source: "test", observedAt: "2026-11-01T00:00:00Z" };
      await store.upsertManifests([sampleManifest("a", {}, [sig])]);
      expect((await store.catalogChanges(second.revision)).slugs).toEqual(["a"]);
      // Nothing new: an unchanged write and an outcome log no artifact change.
      const now = await store.revision();
      await store.upsertManifests([sampleManifest("a", {}, [sig])]);
      const m = await store.recordMatch({
        query: "q",
        client: "c",
        results: [{ slug: "a", score: 1, capabilityIds: ["one"] }],
      });
      await store.recordOutcome({ matchId: m.id, slug: "a", capabilityId: null, outcome: "success", reporter: "r" });
      expect(await store.catalogChanges(now)).toEqual({ revision: now, slugs: [] });
      expect((await store.catalogChanges(start)).slugs).toEqual(["a", "b"]);
    });

    it("lists outcomes with the intent they answered, after a sequence number (learned intents)", async () => {
      await store.upsertManifests([sampleManifest("a")]);
      const m = await store.recordMatch({
        query: "summarise my inbox",
        client: "c",
        results: [{ slug: "a", score: 1, capabilityIds: ["two", "one"] }],
      });
      const r = await store.recordMatch({
        query: "resolve:capability://text",
        client: "c",
        results: [{ slug: "a", score: 1, capabilityIds: ["one"] }],
      });
      await store.recordOutcome(
        { matchId: m.id, slug: "a", capabilityId: null, outcome: "success", reporter: "r1" },
        new Date("2026-11-01T00:00:00Z"),
      );
      await store.recordOutcome({ matchId: r.id, slug: "a", capabilityId: null, outcome: "success", reporter: "r1" });
      await store.recordOutcome(
        { matchId: m.id, slug: "a", capabilityId: "one", outcome: "failure", reporter: "r2" },
        new Date("2026-11-02T00:00:00Z"),
      );
      const all = await store.listLearnedOutcomes(0);
      expect(all.map((x) => [x.query, x.capabilityId, x.outcome, x.reporter, x.at])).toEqual([
        ["summarise my inbox", "two", "success", "r1", "2026-11-01T00:00:00.000Z"],
        ["summarise my inbox", "one", "failure", "r2", "2026-11-02T00:00:00.000Z"],
      ]);
      expect(all[0]?.seq).toBeLessThan(all[1]?.seq ?? 0);
      expect((await store.listLearnedOutcomes(all[0]?.seq ?? 0)).map((x) => x.outcome)).toEqual(["failure"]);
    });
  });
}
