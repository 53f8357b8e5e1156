import path from "node:path";

/** Default catalog file, relative to the working directory. */
export const DEFAULT_DB = path.join("data", "capgraph.db");

/** `--db` wins, then CAPGRAPH_DB, then ./data/capgraph.db. A postgres:// URL selects PostgreSQL. */
export function resolveDb(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env["CAPGRAPH_DB"] ?? DEFAULT_DB;
}

export { openStore } from "../core/operator.js";
