import type { TestProject } from "vitest/node";
import { HAVE_PG, pgMissingMessage, startThrowawayPostgres } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/**
 * One throwaway PostgreSQL cluster for the whole run, stopped at the end (also on failure).
 * CAPGRAPH_TEST_PG points at an existing server instead. Without either: under CI=true the
 * run fails; elsewhere the PostgreSQL tests are skipped with a loud notice.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env["CAPGRAPH_TEST_PG"];
  if (given) {
    project.provide("pgUrl", given);
    return () => {};
  }
  if (!HAVE_PG) {
    if (process.env["CI"] === "true") throw new Error(pgMissingMessage());
    process.stderr.write(`\n!!! ${pgMissingMessage()} PostgreSQL tests are SKIPPED.\n\n`);
    project.provide("pgUrl", "");
    return () => {};
  }
  const pg = await startThrowawayPostgres();
  const stop = () => pg.stop();
  process.once("exit", stop);
  project.provide("pgUrl", pg.url);
  return stop;
}
