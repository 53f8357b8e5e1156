import path from "node:path";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import type { Store } from "../store/store.js";

/** Default catalog file, relative to the working directory. */
export const DEFAULT_DB = path.join("data", "capgraph.db");

/** `--db` wins, then CAPGRAPH_DB, then ./data/capgraph.db. A postgres:// URL selects PostgreSQL. */
export function resolveDb(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env["CAPGRAPH_DB"] ?? DEFAULT_DB;
}

/** `postgres://…` (or `postgresql://…`) selects PostgreSQL; anything else is a SQLite file path. */
export async function openStore(location: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    const { openPostgresStore } = await import("../store/postgres/pg-store.js");
    return openPostgresStore(location);
  }
  return openSqliteStore(location);
}
