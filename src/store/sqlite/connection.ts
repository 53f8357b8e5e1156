import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createError } from "../../errors.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";

/** A catalog file's connection, migrated when writable; read-only when this process may not write it. */
export function openDatabase(file: string): { db: Database.Database; readOnly: boolean } {
  if (file !== ":memory:" && !writable(file)) return openReadOnly(file);
  let db: Database.Database;
  try {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma("busy_timeout = 5000");
    retryBusy(() => db.pragma("journal_mode = WAL"));
    db.pragma("foreign_keys = ON");
  } catch (e) {
    throw createError("DB_OPEN_FAILED", [file, (e as Error).message]);
  }
  migrate(db, file);
  return { db, readOnly: false };
}

/** False when the file exists but it, or its folder (where SQLite keeps its journal), cannot be written. */
function writable(file: string): boolean {
  if (!fs.existsSync(file)) return true;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A catalog file this process may not write (a shipped snapshot, a read-only mount) serves
 * reads: opened read-only, its journal mode left as it is (switching to WAL is a write), its
 * schema checked but not migrated. Searches are answered but not logged.
 */
function openReadOnly(file: string): { db: Database.Database; readOnly: boolean } {
  let db: Database.Database;
  let version: number;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    version = (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
  } catch (e) {
    throw createError("DB_OPEN_FAILED", [
      file,
      `it is read-only for this process and could not be read (${(e as Error).message}); a WAL-mode file also needs a writable folder or its -shm file`,
    ]);
  }
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]?.version ?? 0;
  if (version > latest) throw createError("DB_SCHEMA_AHEAD", [file, version, latest]);
  if (version < latest)
    throw createError("DB_OPEN_FAILED", [
      file,
      `it is read-only for this process and has schema version ${version}, older than ${latest}; run capgraph migrate with write access first`,
    ]);
  return { db, readOnly: true };
}

/**
 * Processes opening one fresh file at once (serve --workers) race to switch it to WAL and to create
 * the migrations table. SQLite answers some of these races with SQLITE_BUSY at once rather than
 * wait where waiting could deadlock (two readers both upgrading), so those steps are retried.
 */
function retryBusy<T>(step: () => T, ms = 5000): T {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return step();
    } catch (e) {
      if (!String((e as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY") || Date.now() > until) throw e;
      Atomics.wait(PAUSE, 0, 0, 5 + Math.random() * 20);
    }
  }
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function migrate(db: Database.Database, file: string): void {
  retryBusy(() =>
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"),
  );
  const current = (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]?.version ?? 0;
  if (current > latest) throw createError("DB_SCHEMA_AHEAD", [file, current, latest]);
  const applied = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= current) continue;
    // Several processes may open a fresh file at once (serve --workers): the step is checked again
    // under the write lock, so the one that waited skips what another just applied.
    db.transaction(() => {
      if (applied.get(m.version)) return;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)").run(
        m.version,
        new Date().toISOString(),
      );
    }).immediate();
  }
}
