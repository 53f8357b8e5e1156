import pg from "pg";
import { createError, isCapgraphError } from "../../errors.js";
import { PG_MIGRATIONS } from "./migrations.js";

/** A pool or a client inside a transaction: whatever runs queries. */
export type Q = Pick<pg.PoolClient, "query">;

/** Pool limits: a replica never holds more than `max` connections and never waits forever. */
export const PG_POOL = {
  max: 10,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 30_000,
  statementTimeoutMillis: 15_000,
} as const;

/** A pool on `schema` whose schema is up to date; the pool is ended again if that fails. */
export async function connect(url: string, schema: string): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: PG_POOL.max,
    connectionTimeoutMillis: PG_POOL.connectionTimeoutMillis,
    idleTimeoutMillis: PG_POOL.idleTimeoutMillis,
    statement_timeout: PG_POOL.statementTimeoutMillis,
    options: `-c search_path=${schema}`,
  });
  pool.on("error", () => {}); // an idle client dropped by the server; the next query reconnects
  try {
    await migrate(pool, redact(url), schema);
  } catch (e) {
    await pool.end().catch(() => {});
    if (isCapgraphError(e)) throw e;
    throw createError("DB_OPEN_FAILED", [redact(url), (e as Error).message || String(e)]);
  }
  return pool;
}

/** Hides a password in a connection string before it reaches a message. */
export function redact(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** Brings the schema up to date, one migrator at a time per database. */
async function migrate(pool: pg.Pool, where: string, schema: string): Promise<void> {
  const c = await pool.connect();
  try {
    // One migrator at a time per database: replicas starting together must not race.
    await c.query("SELECT pg_advisory_lock(72190431)");
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const current = Number(
      (await c.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")).rows[0]?.v ?? 0,
    );
    const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) throw createError("DB_SCHEMA_AHEAD", [where, current, latest]);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await c.query("BEGIN");
      try {
        await c.query(m.sql);
        await c.query("INSERT INTO schema_migrations(version, applied_at) VALUES ($1, $2)", [
          m.version,
          new Date().toISOString(),
        ]);
        await c.query("COMMIT");
      } catch (e) {
        await c.query("ROLLBACK");
        throw e;
      }
    }
  } finally {
    await c.query("SELECT pg_advisory_unlock(72190431)").catch(() => {});
    c.release();
  }
}
