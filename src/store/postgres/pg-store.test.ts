import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { runStoreContract, sampleManifest } from "../contract.suite.js";
import { openPostgresStore, redact } from "./pg-store.js";
import { toTsQuery } from "./pg-text.js";

const url = inject("pgUrl");
let n = 0;
const fresh = () => openPostgresStore(url, { schema: `t${process.pid}_${Date.now() % 1e6}_${n++}` });

describe.skipIf(!url)("PostgreSQL store", () => {
  runStoreContract("postgres", fresh);

  it("two writers importing the same artifact at once end with one artifact and no error", async () => {
    const schema = `race_${process.pid}_${n++}`;
    const [a, b] = await Promise.all([openPostgresStore(url, { schema }), openPostgresStore(url, { schema })]);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).upsertManifests([sampleManifest("same", { description: `v${i % 2}` })]),
      ),
    );
    expect(results.flatMap((r) => r.created)).toEqual(["same"]);
    expect(await a.countArtifacts()).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("batches naming the same artifacts in opposite orders do not deadlock", async () => {
    const schema = `dl_${process.pid}_${n++}`;
    const [a, b] = await Promise.all([openPostgresStore(url, { schema }), openPostgresStore(url, { schema })]);
    for (let i = 0; i < 5; i++) {
      await Promise.all([
        a.upsertManifests([
          sampleManifest("x", { description: `a${i}` }),
          sampleManifest("y", { description: `a${i}` }),
        ]),
        b.upsertManifests([
          sampleManifest("y", { description: `b${i}` }),
          sampleManifest("x", { description: `b${i}` }),
        ]),
      ]);
    }
    expect(await a.countArtifacts()).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it("append-only tables are range-partitioned by time", async () => {
    const schema = `parts_${process.pid}_${n++}`;
    const store = await openPostgresStore(url, { schema });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const r = await c.query(
      `SELECT cl.relname FROM pg_partitioned_table p JOIN pg_class cl ON cl.oid = p.partrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace WHERE ns.nspname = $1 ORDER BY 1`,
      [schema],
    );
    expect(r.rows.map((x: { relname: string }) => x.relname)).toEqual(["matches", "outcomes", "signals"]);
    await c.end();
    await store.close();
  });

  it("an unreachable server is a clear DB_OPEN_FAILED without the password", async () => {
    await expect(openPostgresStore("postgres://user:secret@127.0.0.1:1/db")).rejects.toMatchObject({
      code: "DB_OPEN_FAILED",
      message: expect.not.stringContaining("secret"),
    });
    expect(redact("postgres://u:pw@h/db")).toBe("postgres://u:***@h/db");
  });
});

describe.skipIf(!url)("PostgreSQL in-database search", () => {
  it("ranks by weighted ts_rank: a name match beats a description match; user syntax is harmless", async () => {
    const store = await fresh();
    const named = sampleManifest("named");
    const described = sampleManifest("described");
    const c0 = named.artifact.capabilities[0],
      c1 = described.artifact.capabilities[0];
    if (!c0 || !c1) throw new Error("fixture");
    named.artifact.capabilities = [{ ...c0, name: "Transcribe audio", description: "Turns sound into words." }];
    described.artifact.capabilities = [
      { ...c1, name: "Meeting notes", description: "Can transcribe audio recordings." },
    ];
    await store.upsertManifests([named, described]);
    const hits = await store.searchText?.("transcribing audio", 10);
    expect(hits?.map((h) => h.slug)).toEqual(["named", "described"]);
    expect(await store.searchText?.("!!! & | ( :*", 10)).toEqual([]);
    expect(toTsQuery("GPT-4o & friends")).toBe("gpt | 4o | friends");
    await store.close();
  });
});
