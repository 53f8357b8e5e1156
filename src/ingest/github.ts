import { createError } from "../errors.js";
import {
  categorize,
  capabilitiesFrom,
  count,
  httpUrl,
  mainDocument,
  optional,
  record,
  signal,
  str,
  strings,
  text,
  toSlug,
  unixSeconds,
  type Fetcher,
  type Importer,
  type Inferrer,
  type CatalogPort,
} from "./common.js";
import { buildManifests, type ImportResult } from "./link.js";
import { rstToMarkdown } from "./rst.js";

/** The GitHub REST API; tests point it at a local server with recorded responses. */
export const GITHUB_API = "https://api.github.com";
export const GITHUB_RECORDINGS = [
  { file: "repo.json", answers: /\/repos\/[^/]+\/[^/]+$/ },
  { file: "readme.json", answers: /\/repos\/[^/]+\/[^/]+\/readme$/ },
] as const;

const OWNER = /^[a-z0-9](?:[a-z0-9-]{0,38})$/i;
const REPO = /^(?!\.\.?$)[\w.-]{1,100}$/;

export function githubImporter(api = GITHUB_API): Importer {
  return {
    prefix: "github",
    usage: "github:<owner>/<repo>",
    hosts: [new URL(api).host],
    recordings: GITHUB_RECORDINGS,
    import: (id, f, core, now, infer) => importGithub(id, f, core, api, now, infer),
  };
}

/**
 * A GitHub repository → a `repository` manifest (or, far more often, an update of the
 * package or model entry built from it): stars, forks, open issues, last push and the
 * archived flag as signals, topics as categories, README sections as capabilities.
 */
export async function importGithub(
  id: string,
  fetcher: Fetcher,
  core: CatalogPort,
  api = GITHUB_API,
  now = new Date(),
  infer?: Inferrer,
): Promise<ImportResult> {
  const label = `github:${id}`;
  const [owner = "", repo = "", ...rest] = id.split("/");
  if (!OWNER.test(owner) || !REPO.test(repo) || rest.length > 0 || id.length > 120)
    throw createError("SOURCE_ID_INVALID", [
      label,
      "not a GitHub repository",
      "github:<owner>/<repo>, e.g. github:huggingface/diffusers",
    ]);
  const base = `${api}/repos/${owner}/${repo}`;
  const doc = await mainDocument(
    fetcher,
    base,
    label,
    `GitHub has no public repository ${id}; check the owner and the name`,
  );
  const fullName = str(doc["full_name"], 140);
  const [o = "", r = ""] = fullName?.split("/") ?? [];
  if (!fullName || !OWNER.test(o) || !REPO.test(r))
    throw createError("UPSTREAM_UNEXPECTED", [
      label,
      'the answer has no full_name "owner/repo" (is it the GitHub repos API?)',
    ]);
  const repository = `https://github.com/${fullName}`;
  const readme = decodeReadme(record(await optional(fetcher.json(`${base}/readme`))));
  // NOASSERTION: GitHub found a licence file it could not identify.
  const license = [str(record(doc["license"])?.["spdx_id"], 100)].find((l) => l !== "NOASSERTION");
  const archived = typeof doc["archived"] === "boolean" ? doc["archived"] : undefined;
  const source = `GitHub REST API (repos/${fullName})`;
  return buildManifests(
    {
      origin: "github",
      label,
      name: fullName,
      slugs: [toSlug(r), toSlug(`${o}-${r}`)],
      kind: "repository",
      description: str(doc["description"], 1000) ?? `The ${fullName} repository on GitHub.`,
      url: httpUrl(doc["homepage"]) ?? repository,
      repository: repository.toLowerCase(),
      license,
      status: archived ? "archived" : "active",
      pricing: license ? { model: "open-source", freeTier: true } : { model: "unknown" },
      ...categorize(strings(doc["topics"], 30)),
      capabilities: await capabilitiesFrom(readme, `${repository}#readme`, now, {}, infer),
      signals: [
        ...signal("github.stars", count(doc["stargazers_count"]), "stars", source, now),
        ...signal("github.forks", count(doc["forks_count"]), "forks", source, now),
        // GitHub counts open pull requests as issues too.
        ...signal("github.openIssues", count(doc["open_issues_count"]), "issues-and-pull-requests", source, now),
        ...signal("github.archived", archived === undefined ? undefined : Number(archived), "boolean", source, now),
        ...signal("repo.pushedAt", unixSeconds(doc["pushed_at"]), "unix-seconds", source, now),
      ],
    },
    core,
  );
}

/** The README answer carries the file base64-encoded; anything malformed means no README. */
function decodeReadme(doc: Record<string, unknown> | undefined): string | undefined {
  const content = typeof doc?.["content"] === "string" ? doc["content"].replace(/\s+/g, "") : "";
  if (doc?.["encoding"] !== "base64" || !content || content.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(content))
    return undefined;
  const md = text(Buffer.from(content, "base64"));
  return md && /\.rst$/i.test(str(doc["name"], 200) ?? "") ? rstToMarkdown(md) : md;
}
