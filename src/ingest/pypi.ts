import { createError } from "../errors.js";
import {
  categorize,
  capabilitiesFrom,
  httpUrl,
  mainDocument,
  normalizeRepo,
  record,
  releaseSignals,
  str,
  strings,
  toSlug,
  type Fetcher,
  type Importer,
  type Inferrer,
  type CatalogPort,
} from "./common.js";
import { buildManifests, type ImportResult } from "./link.js";
import { rstToMarkdown } from "./rst.js";

/** The PyPI JSON API; tests point it at a local server with recorded responses. */
export const PYPI_API = "https://pypi.org";
export const PYPI_RECORDINGS = [{ file: "pypi.json", answers: /\/pypi\/[^/]+\/json$/ }] as const;

/** PEP 508 project names. */
const NAME = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i;
/** project_urls keys that name the source repository, most specific first. */
const REPO_KEYS = ["source", "source code", "repository", "code", "github", "homepage", "home"];

export function pypiImporter(api = PYPI_API): Importer {
  return {
    prefix: "pypi",
    usage: "pypi:<name>",
    hosts: [new URL(api).host],
    recordings: PYPI_RECORDINGS,
    import: (id, f, core, now, infer) => importPypi(id, f, core, api, now, infer),
  };
}

/**
 * A PyPI project → a `library` manifest: summary, licence, repository (linked to an existing
 * entry for it), README sections as documented capabilities, and release signals from the
 * upload times of every release.
 */
export async function importPypi(
  name: string,
  fetcher: Fetcher,
  core: CatalogPort,
  api = PYPI_API,
  now = new Date(),
  infer?: Inferrer,
): Promise<ImportResult> {
  const label = `pypi:${name}`;
  if (!NAME.test(name) || name.length > 120)
    throw createError("SOURCE_ID_INVALID", [
      label,
      "not a PyPI project name (letters, digits, '.', '_' and '-', at most 120)",
      "pypi:<name>, e.g. pypi:diffusers",
    ]);
  const doc = await mainDocument(
    fetcher,
    `${api}/pypi/${encodeURIComponent(name)}/json`,
    label,
    `PyPI has no project '${name}'; check the name on pypi.org`,
  );
  const info = record(doc["info"]);
  const project = str(info?.["name"], 120);
  if (!info || !project)
    throw createError("UPSTREAM_UNEXPECTED", [label, "the answer has no info.name (is it the PyPI JSON API?)"]);
  const version = str(info["version"], 100);
  const classifiers = strings(info["classifiers"], 300);
  const dates = releaseDates(record(doc["releases"]));
  const page = `https://pypi.org/project/${project}/`;
  const links = projectUrls(info);
  const homepage = links.get("homepage") ?? links.get("home") ?? httpUrl(info["home_page"]);
  const readme = readmeOf(info);
  return buildManifests(
    {
      origin: "pypi",
      label,
      name: project,
      slugs: [toSlug(project), `${toSlug(project)}-pypi`],
      kind: "library",
      description: str(info["summary"], 1000) ?? `The ${project} package on PyPI.`,
      url: homepage ?? page,
      repository: repositoryOf(links, info),
      license: licenseOf(info, classifiers),
      status: classifiers.includes("Development Status :: 7 - Inactive") ? "archived" : "active",
      pricing: { model: "open-source", freeTier: true },
      ...categorize(keywords(info["keywords"])),
      capabilities: await capabilitiesFrom(readme, `${page}#description`, now, {}, infer),
      signals: releaseSignals(
        {
          latestAt: (version && dates.get(version)) ?? firstUpload(doc["urls"]),
          count: dates.size || undefined,
          dates: dates.size ? [...dates.values()] : undefined,
        },
        {
          latest: version ? `PyPI JSON API (${project} ${version})` : "PyPI JSON API",
          history: `PyPI JSON API (${project} release history)`,
        },
        now,
      ),
    },
    core,
  );
}

/** Version → its first upload time; versions without files or with only yanked files are not releases. */
function releaseDates(releases: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [v, files] of Object.entries(releases ?? {}).slice(0, 5000)) {
    const first = firstUpload(files);
    if (first) out.set(v, first);
  }
  return out;
}

function firstUpload(files: unknown): string | undefined {
  const times = (Array.isArray(files) ? files : [])
    .map(record)
    .filter((f) => f && f["yanked"] !== true)
    .map((f) => str(f?.["upload_time_iso_8601"], 40))
    .filter((t): t is string => !!t && !Number.isNaN(Date.parse(t)));
  times.sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0];
}

function projectUrls(info: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(record(info["project_urls"]) ?? {}).slice(0, 50)) {
    const url = httpUrl(v);
    if (url)
      out.set(
        k
          .toLowerCase()
          .replace(/[\s_-]+/g, " ")
          .trim(),
        url,
      );
  }
  return out;
}

function repositoryOf(links: Map<string, string>, info: Record<string, unknown>): string | undefined {
  const candidates = [...REPO_KEYS.map((k) => links.get(k)), ...links.values(), httpUrl(info["home_page"])];
  const github = candidates.find((u) => u && /^https?:\/\/(www\.)?github\.com\/[^/]+\/[^/#?]+/i.test(u));
  return normalizeRepo(github);
}

/** license_expression (PEP 639), else a short license field, else the OSI classifier. */
function licenseOf(info: Record<string, unknown>, classifiers: readonly string[]): string | undefined {
  const expr = str(info["license_expression"], 100);
  // Old packages put the whole licence text in `license`; only a name is useful here.
  const short = str(info["license"], 200);
  const classifier = classifiers
    .find((c) => c.startsWith("License :: OSI Approved :: "))
    ?.slice("License :: OSI Approved :: ".length);
  return (
    expr ??
    (short && short.length <= 60 && !short.includes("\n") && short !== "UNKNOWN" ? short : undefined) ??
    classifier?.slice(0, 100)
  );
}

function readmeOf(info: Record<string, unknown>): string | undefined {
  const text = str(info["description"], 200_000);
  if (!text || text === "UNKNOWN") return undefined;
  const type = str(info["description_content_type"], 100) ?? "";
  // PyPI renders a description without a content type as reStructuredText.
  const rst = /x-rst/.test(type) || (!type && !/^#{1,4}\s/m.test(text) && /\n(=|-|~){3,}\s*\n/.test(text));
  return rst ? rstToMarkdown(text) : text;
}

/** Comma-separated keywords; older packages separate them by spaces, but "deep learning" is one. */
function keywords(v: unknown): string[] {
  if (Array.isArray(v)) return strings(v, 30);
  const s = str(v, 1000);
  if (!s) return [];
  const words = s
    .split(s.includes(",") ? "," : /\s+/)
    .map((k) => k.trim())
    .filter(Boolean);
  return s.includes(",") || words.length > 3 ? words.slice(0, 30) : [s];
}
