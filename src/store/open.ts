import { openSqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

/** `postgres://…` (or `postgresql://…`) selects PostgreSQL; anything else is a SQLite file path. */
export async function openStore(location: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    // Loaded only when asked for: a SQLite deployment never loads the PostgreSQL driver.
    const { openPostgresStore } = await import("./postgres/pg-store.js");
    return openPostgresStore(location);
  }
  return openSqliteStore(location);
}
