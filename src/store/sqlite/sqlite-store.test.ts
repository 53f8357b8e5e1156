import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runStoreContract, sampleManifest } from "../contract.suite.js";
import { openSqliteStore } from "./sqlite-store.js";

runStoreContract("sqlite (in memory)", async () => openSqliteStore(":memory:"));

describe("sqlite file store", () => {
  const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-db-")), "nested", "c.db");

  it("keeps the catalog across a restart (close and reopen)", async () => {
    const file = tmp();
    const s1 = openSqliteStore(file);
    await s1.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
    await s1.close();
    const s2 = openSqliteStore(file);
    expect((await s2.listArtifacts()).map((a) => a.slug)).toEqual(["a", "b"]);
    await s2.close();
  });

  it("refuses a database from a newer capgraph with a clear error", async () => {
    const file = tmp();
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations(version, applied_at) VALUES (99, 'x')").run();
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/schema version 99/);
  });

  it("reports an unopenable path as DB_OPEN_FAILED", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-db-"));
    expect(() => openSqliteStore(dir)).toThrow(expect.objectContaining({ code: "DB_OPEN_FAILED" }));
  });
});
