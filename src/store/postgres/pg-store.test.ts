import { describe, expect, inject, it } from "vitest";
import { runStoreContract, sampleManifest } from "../contract.suite.js";
import { openPostgresStore, redact } from "./pg-store.js";

const url = inject("pgUrl");
let n = 0;
const fresh = () => openPostgresStore(url, { schema: `t${process.pid}_${Date.now() % 1e6}_${n++}` });

describe.skipIf(!url)("PostgreSQL store", () => {
  runStoreContract("postgres", fresh);

  it("two writers importing the same artifact at once end with one artifact and no error", async () => {
    const schema = `race_${process.pid}_${n++}`;
    const [a, b] = await Promise.all([openPostgresStore(url, { schema }), openPostgresStore(url, { schema })]);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).upsertManifests([sampleManifest("same", { description: `v${i % 2}` })])));
    expect(results.flatMap((r) => r.created)).toEqual(["same"]);
    expect(await a.countArtifacts()).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("an unreachable server is a clear DB_OPEN_FAILED without the password", async () => {
    await expect(openPostgresStore("postgres://user:secret@127.0.0.1:1/db")).rejects.toMatchObject({ code: "DB_OPEN_FAILED", message: expect.not.stringContaining("secret") });
    expect(redact("postgres://u:pw@h/db")).toBe("postgres://u:***@h/db");
  });
});
