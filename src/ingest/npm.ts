import { createError } from "../errors.js";
import {
  attempt,
  categorize,
  capabilitiesFrom,
  count,
  mainDocument,
  normalizeRepo,
  record,
  releaseSignals,
  signal,
  str,
  strings,
  toSlug,
  type Fetcher,
  type Importer,
  type Inferrer,
  type CatalogPort,
} from "./common.js";
import { buildManifests, type ImportResult } from "./link.js";
import { fileFromTgz } from "./tar.js";

export { normalizeRepo } from "./common.js";

/** Where npm data comes from; tests point these at a local server with recorded responses. */
export interface NpmSource {
  registry: string;
  downloads: string;
}
export const NPM: NpmSource = { registry: "https://registry.npmjs.org", downloads: "https://api.npmjs.org" };

/** `--from-file` folder: the registry document, optionally the downloads answer and the tarball. */
export const NPM_RECORDINGS = [
  { file: "registry.json", answers: /^https?:\/\/[^/]+\/(@[^/]+%2F)?[^/@%]+$/ },
  { file: "downloads.json", answers: /\/downloads\/point\/last-month\// },
  { file: "package.tgz", answers: /\.tgz$/ },
] as const;

export function npmImporter(src: NpmSource = NPM): Importer {
  return {
    prefix: "npm",
    usage: "npm:<name>",
    hosts: [new URL(src.registry).host, new URL(src.downloads).host],
    recordings: NPM_RECORDINGS,
    import: (id, f, core, now, infer) => importNpm(id, f, core, src, now, infer),
  };
}

/** npm package name → a catalog slug ("@scope/pkg" → "scope-pkg"). */
export const slugFromNpm = toSlug;

/**
 * Builds a manifest from the npm registry document of `name` (and the README inside the
 * latest tarball), validated like any manifest. Downloads are added when the downloads
 * API answers; when it does not, the artifact simply has no adoption signal.
 */
export async function importNpm(
  name: string,
  fetcher: Fetcher,
  core: CatalogPort,
  src: NpmSource = NPM,
  now = new Date(),
  infer?: Inferrer,
): Promise<ImportResult> {
  const label = `npm:${name}`;
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) || name.length > 120)
    throw createError("SOURCE_ID_INVALID", [
      label,
      `'${name}' is not an npm package name (at most 120 characters here)`,
      "npm:<name> or npm:@<scope>/<name>, e.g. npm:ollama",
    ]);
  const doc = await mainDocument(
    fetcher,
    `${src.registry}/${name.replace("/", "%2F")}`,
    label,
    `the npm registry has no package '${name}'; check the name on npmjs.com`,
  );
  const latest = str(record(doc["dist-tags"])?.["latest"], 100);
  const versions = record(doc["versions"]);
  const v = latest ? record(versions?.[latest]) : undefined;
  if (!latest || !versions || !v)
    throw createError("UPSTREAM_UNEXPECTED", [label, "the registry document has no latest version"]);
  const time = record(doc["time"]) ?? {};
  const pageUrl = `https://www.npmjs.com/package/${name}`;
  const repoRaw = v["repository"] ?? doc["repository"];
  const repository = normalizeRepo(typeof repoRaw === "string" ? repoRaw : str(record(repoRaw)?.["url"]));
  const readme = str(doc["readme"], 200_000) ?? (await readmeFromTarball(fetcher, record(v["dist"])?.["tarball"], src));
  const homepage = str(v["homepage"]);
  const got = await attempt(fetcher.json(`${src.downloads}/downloads/point/last-month/${name}`));
  const downloads = "value" in got ? count(record(got.value)?.["downloads"]) : undefined;
  const downloadsSource = `npm downloads API (${name}, last month)`;
  return buildManifests(
    {
      origin: "npm",
      label,
      name,
      slugs: [toSlug(name), `${toSlug(name)}-npm`],
      kind: v["bin"] ? "cli" : "library",
      description: str(v["description"], 1000) ?? `The ${name} package on npm.`,
      url: homepage && /^https?:\/\//.test(homepage) ? homepage : pageUrl,
      repository,
      license: str(v["license"], 100),
      status: str(v["deprecated"]) ? "deprecated" : "active",
      pricing: { model: "open-source", freeTier: true },
      ...categorize(strings(v["keywords"])),
      capabilities: await capabilitiesFrom(readme, `${pageUrl}#readme`, now, {}, infer),
      signals: [
        ...releaseSignals(
          {
            latestAt: str(time[latest], 40),
            count: Object.keys(versions).length,
            dates: Object.keys(versions)
              .map((k) => str(time[k], 40))
              .filter((d): d is string => !!d),
          },
          { latest: `npm registry (${name}@${latest})`, history: `npm registry (${name} release history)` },
          now,
        ),
        ...signal("npm.downloads.monthly", downloads, "downloads", downloadsSource, now),
      ],
      gaps: "reason" in got ? [{ metric: "npm.downloads.monthly", source: downloadsSource, reason: got.reason }] : [],
    },
    core,
  );
}

async function readmeFromTarball(fetcher: Fetcher, tarball: unknown, src: NpmSource): Promise<string | undefined> {
  const url = str(tarball);
  if (!url) return undefined;
  try {
    // Registries publish absolute tarball URLs; keep them on the registry's host.
    const onRegistry = new URL(new URL(url).pathname, src.registry).toString();
    return fileFromTgz(await fetcher.bytes(onRegistry), /^package\/readme(\.md|\.markdown)?$/i);
  } catch {
    return undefined;
  }
}
