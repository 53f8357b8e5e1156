import { Capgraph } from "../src/capgraph.js";
import { openStore } from "../src/cli/db.js";
import type { ParsedManifest } from "../src/catalog/manifest.js";

/**
 * A writer importing while the load runs: every `everyMs` it writes one of `pool` artifacts
 * (created the first time, updated after) through the same core and store path as
 * `capgraph add`, on the served database. Counts writes and failures.
 */
export function startWriter(
  db: string,
  template: ParsedManifest,
  opts: { delayMs: number; everyMs: number; pool: number },
): { stop: () => Promise<{ writes: number; failures: number; firstFailure: string }> } {
  let stopped = false,
    writes = 0,
    failures = 0,
    firstFailure = "";
  const run = (async () => {
    await new Promise((r) => setTimeout(r, opts.delayMs));
    const core = new Capgraph(await openStore(db));
    for (let i = 0; !stopped; i++) {
      const m = template.manifest;
      const slug = `load-writer-${i % opts.pool}`;
      const manifest = {
        ...m,
        artifact: {
          ...m.artifact,
          slug,
          name: `Load writer ${i % opts.pool}`,
          description: `${m.artifact.description} (write ${i})`,
        },
      };
      try {
        await core.add([{ ...template, manifest }], []);
        writes++;
      } catch (e) {
        failures++;
        firstFailure ||= `${(e as { code?: string }).code ?? ""} ${(e as Error).message}`.trim().slice(0, 120);
      }
      await new Promise((r) => setTimeout(r, opts.everyMs));
    }
    await core.close();
    await core.store.close();
  })();
  return {
    stop: async () => {
      stopped = true;
      await run;
      return { writes, failures, firstFailure };
    },
  };
}
