import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sampleManifest } from "./contract.suite.js";
import type { Store } from "./store.js";
import { originKey, type WriteAs } from "./write.js";

const acme: WriteAs = { actor: "key:k-acme", action: "publish", namespace: "acme", quota: 3 };
const other: WriteAs = { actor: "key:k-other", action: "publish", namespace: "other", quota: 3 };

/** What a refused write must leave behind: nothing at all. */
async function state(store: Store) {
  return {
    artifacts: (await store.listArtifacts()).map((a) => a.slug),
    audit: (await store.listAudit(1000)).length,
    owners: await Promise.all(["a", "b", "c", "d", "e"].map(async (s) => (await store.getOwner(s))?.namespace ?? null)),
  };
}

/**
 * Writes on behalf of someone (finding 11, "all-or-nothing publish"): ownership checks,
 * reservations, the upsert, the origin record and the audit rows commit together or not at all.
 */
export function runWriteContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract (writes on behalf of someone): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("reserves new slugs for the namespace and audits each created or updated artifact, in one write", async () => {
      const sum = await store.writeManifests(
        [sampleManifest("a"), sampleManifest("b")],
        acme,
        new Date("2026-11-27T00:00:00Z"),
      );
      expect(sum.created).toEqual(["a", "b"]);
      expect(await store.getOwner("a")).toEqual({
        slug: "a",
        namespace: "acme",
        verified: false,
        proofUrl: null,
        at: "2026-11-27T00:00:00.000Z",
      });
      expect((await store.listAudit(10)).map((r) => [r.actor, r.action, r.target, r.detail])).toEqual([
        ["key:k-acme", "publish", "b", "created"],
        ["key:k-acme", "publish", "a", "created"],
      ]);
      await store.writeManifests([sampleManifest("a", { description: "Changed." }), sampleManifest("b")], acme);
      expect((await store.listAudit(10)).map((r) => [r.target, r.detail])[0]).toEqual(["a", "updated"]);
    });

    it("all-or-nothing publish: a batch touching another namespace's slug writes, reserves and audits nothing", async () => {
      await store.writeManifests([sampleManifest("c")], other);
      const before = await state(store);
      await expect(
        store.writeManifests([sampleManifest("a"), sampleManifest("b"), sampleManifest("c")], acme),
      ).rejects.toMatchObject({ code: "NOT_OWNER", status: 403 });
      expect(await state(store)).toEqual(before);
    });

    it("a slug that exists without an owner is UNCLAIMED for a namespace: claim it first", async () => {
      await store.upsertManifests([sampleManifest("d")]);
      await expect(store.writeManifests([sampleManifest("d")], acme)).rejects.toMatchObject({
        code: "UNCLAIMED",
        status: 403,
      });
    });

    it("all-or-nothing publish: a failing upsert leaves no reservation and no audit row", async () => {
      const bad = sampleManifest("b");
      const cap = bad.artifact.capabilities[0];
      if (cap) bad.artifact.capabilities.push({ ...cap }); // a duplicate capability id fails inside the transaction
      const before = await state(store);
      await expect(store.writeManifests([sampleManifest("a"), bad], acme)).rejects.toThrow();
      expect(await state(store)).toEqual(before);
    });

    it("refuses an existing slug without an owner, and new slugs beyond the namespace's quota", async () => {
      await store.upsertManifests([sampleManifest("e")]);
      await expect(store.writeManifests([sampleManifest("e")], acme)).rejects.toThrow(/claim it first/);
      await store.writeManifests([sampleManifest("a"), sampleManifest("b")], acme);
      const before = await state(store);
      await expect(store.writeManifests([sampleManifest("c"), sampleManifest("d")], acme)).rejects.toThrow(/at most 3/);
      expect(await state(store)).toEqual(before);
      expect((await store.writeManifests([sampleManifest("c")], acme)).created).toEqual(["c"]);
    });

    it("the operator's writes are audited as such and keep the origin the server recorded, first import wins", async () => {
      await store.writeManifests([sampleManifest("a")], {
        actor: "cli",
        action: "import",
        origin: { source: "npm:a", slug: "a" },
        detail: "npm:a",
      });
      await store.writeManifests([sampleManifest("b")], {
        actor: "cli",
        action: "import",
        origin: { source: "npm:a", slug: "b" },
        detail: "npm:a",
      });
      expect(await store.getSetting(originKey("npm:a"))).toBe("a");
      expect(await store.getOwner("a")).toBeUndefined();
      expect((await store.listAudit(10)).map((r) => [r.actor, r.action, r.target, r.detail])).toEqual([
        ["cli", "import", "b", "created from npm:a"],
        ["cli", "import", "a", "created from npm:a"],
      ]);
    });
  });
}
