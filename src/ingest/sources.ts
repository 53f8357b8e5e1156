import type { Importer } from "./common.js";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { githubImporter } from "./github.js";
import { hfImporter } from "./hf.js";
import { npmImporter } from "./npm.js";
import { pypiImporter } from "./pypi.js";

/** The network importers, by the prefix written on the command line. */
export const IMPORTERS: readonly Importer[] = [npmImporter(), pypiImporter(), githubImporter(), hfImporter()];

/** Every form `capgraph import` accepts, for help and errors (mcp: reads a local file). */
export const SOURCE_FORMS: readonly string[] = [...IMPORTERS.map((i) => i.usage), "mcp:<server.json file>"];

/** The importer for `pypi:diffusers` and its item (`diffusers`), or undefined. */
export function importerFor(source: string): { importer: Importer; id: string } | undefined {
  const at = source.indexOf(":");
  const importer = IMPORTERS.find((i) => i.prefix === source.slice(0, at));
  return importer && at > 0 ? { importer, id: source.slice(at + 1) } : undefined;
}

const GITHUB_API_HOST = "api.github.com";

/**
 * The network fetcher of one importer, limited to its hosts. `GITHUB_TOKEN` (raising GitHub's
 * rate limit from 60 to 5,000 requests an hour) is sent to api.github.com and nowhere else.
 */
export function networkFetcher(
  importer: Importer,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SafeFetcher {
  const token = env["GITHUB_TOKEN"]?.trim();
  const headers =
    token && importer.hosts.includes(GITHUB_API_HOST)
      ? { [GITHUB_API_HOST]: { authorization: `Bearer ${token}` } }
      : undefined;
  return new SafeFetcher({ ...DEFAULT_POLICY, hosts: importer.hosts, ...(headers ? { headers } : {}) });
}
