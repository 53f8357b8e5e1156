import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import { ROOT } from "../../paths.js";
import { describe, expect, it } from "vitest";
import { runStoreContract, sampleManifest } from "../contract.suite.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
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

  it("an artifact row whose text was damaged is DB_CORRUPT, not INTERNAL with the JSON parser's message (rows written in slug order put damage there)", async () => {
    const file = tmp();
    const s1 = openSqliteStore(file);
    await s1.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
    await s1.close();
    const db = new Database(file);
    db.prepare("UPDATE artifacts SET doc = substr(doc, 1, 40) || char(255) || substr(doc, 42) WHERE slug = 'b'").run();
    db.close();
    const s2 = openSqliteStore(file);
    await expect(s2.listArtifacts()).rejects.toMatchObject({ code: "DB_CORRUPT" });
    await expect(s2.getArtifact("b")).rejects.toMatchObject({ code: "DB_CORRUPT" });
    expect((await s2.getArtifact("a"))?.slug).toBe("a");
    await s2.close();
  });

  it("a write waits for another process's writer instead of failing with SQLITE_BUSY (capgraph add while serve logs searches)", async () => {
    const file = tmp();
    const store = openSqliteStore(file);
    await store.upsertManifests([sampleManifest("a")]);
    // Another process takes the write lock, writes, and holds it for 400 ms before committing.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `
      const db = new (require("better-sqlite3"))(${JSON.stringify(file)});
      db.pragma("busy_timeout = 5000");
      db.exec("BEGIN IMMEDIATE");
      db.prepare("UPDATE meta SET value = value WHERE key = 'revision'").run();
      process.stdout.write("locked\\n");
      setTimeout(() => { db.exec("COMMIT"); db.close(); }, 400);
    `,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
    // A deferred transaction read its snapshot first and could not upgrade after the commit: SQLITE_BUSY at once.
    const r = await store.upsertManifests([sampleManifest("a"), sampleManifest("b")]);
    expect(r.created).toContain("b");
    await new Promise((resolve) => holder.once("exit", resolve));
    expect((await store.listArtifacts()).map((a) => a.slug).sort()).toEqual(["a", "b"]);
    await store.close();
  });

  it("several processes opening one fresh file at once all migrate it (serve --workers): none fails with 'table already exists'", async () => {
    const file = tmp();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const at = Date.now() + 2500;
    const code = `
      const { openSqliteStore } = await import(${JSON.stringify(path.join(ROOT, "src/store/sqlite/sqlite-store.ts"))});
      while (Date.now() < ${at}) {}
      try { const s = openSqliteStore(${JSON.stringify(file)}); await s.close(); process.stdout.write("ok"); }
      catch (e) { process.stdout.write("failed: " + e.message); }`;
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<string>((resolve) => {
          const p = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "inherit"],
          });
          let out = "";
          p.stdout.on("data", (d: Buffer) => {
            out += d.toString();
          });
          p.on("exit", () => resolve(out));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(6).fill("ok"));
    const db = new Database(file, { readonly: true });
    expect((db.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get() as { n: number }).n).toBe(
      SQLITE_MIGRATIONS.length,
    );
    db.close();
  }, 30_000);

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

  it("moves a match log of one row per result into one row per search, with Times matched as distinct clients per day", async () => {
    const file = tmp();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    for (const m of SQLITE_MIGRATIONS.filter((x) => x.version < 8)) {
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations VALUES (?, 'x')").run(m.version);
    }
    const put = db.prepare("INSERT INTO matches(id, query, client, at) VALUES (?, 'q', ?, ?)");
    const res = db.prepare(
      "INSERT INTO match_results(match_id, rank, slug, score, capability_ids) VALUES (?, ?, ?, 1, ?)",
    );
    put.run("m1", "api", "2026-11-01T10:00:00.000Z");
    res.run("m1", 1, "a", '["one"]');
    res.run("m1", 2, "b", "[]");
    put.run("m2", "api", "2026-11-01T11:00:00.000Z");
    res.run("m2", 1, "a", '["one"]');
    put.run("m3", "mcp:api", "2026-11-02T11:00:00.000Z");
    res.run("m3", 1, "a", "[]");
    db.close();
    const s = openSqliteStore(file);
    expect(await s.getMatch("m1")).toEqual({
      id: "m1",
      query: "q",
      client: "api",
      at: "2026-11-01T10:00:00.000Z",
      results: [
        { slug: "a", score: 1, capabilityIds: ["one"] },
        { slug: "b", score: 1, capabilityIds: [] },
      ],
    });
    expect((await s.matchCounts()).counts).toEqual([
      { slug: "a", times: 2 },
      { slug: "b", times: 1 },
    ]);
    await s.close();
  });
});
