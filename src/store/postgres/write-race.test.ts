import { describe, expect, inject, it } from "vitest";
import { sampleManifest } from "../contract.suite.js";
import { openPostgresStore } from "./pg-store.js";

const url = inject("pgUrl");

describe.skipIf(!url)("PostgreSQL: all-or-nothing publish under races (finding 11)", () => {
  it("two publishers with cross-ordered batches: one wins both slugs, the other gets 403 and leaves no reservation (8 rounds)", async () => {
    const schema = `wrace_${process.pid}_${Date.now() % 1e6}`;
    const [a, b] = await Promise.all([openPostgresStore(url, { schema }), openPostgresStore(url, { schema })]);
    try {
      for (let i = 0; i < 8; i++) {
        const [x, y] = [`x${i}`, `y${i}`];
        const results = await Promise.allSettled([
          a.writeManifests([sampleManifest(x), sampleManifest(y)], {
            actor: "key:one",
            action: "publish",
            namespace: "one",
          }),
          b.writeManifests([sampleManifest(y), sampleManifest(x)], {
            actor: "key:two",
            action: "publish",
            namespace: "two",
          }),
        ]);
        const won = results.findIndex((r) => r.status === "fulfilled");
        const lost = results.find((r) => r.status === "rejected");
        expect(won).toBeGreaterThanOrEqual(0);
        expect((lost as PromiseRejectedResult | undefined)?.reason).toMatchObject({
          status: 403,
          code: expect.stringMatching(/^(NOT_OWNER|UNCLAIMED)$/),
        });
        const winner = won === 0 ? "one" : "two";
        expect([(await a.getOwner(x))?.namespace, (await a.getOwner(y))?.namespace]).toEqual([winner, winner]);
      }
      expect(await a.countArtifacts()).toBe(16);
      expect((await a.listAudit(100)).length).toBe(16);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
