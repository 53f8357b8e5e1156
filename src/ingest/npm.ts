import type { Capgraph } from "../capgraph.js";
import { parseManifestText, type LoadResult } from "../catalog/manifest.js";
import { createError } from "../errors.js";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { extractCapabilities } from "./readme.js";
import { fileFromTgz } from "./tar.js";

/** What an importer needs from the network (SafeFetcher), or from recorded files offline. */
export type Fetcher = Pick<SafeFetcher, "json" | "bytes">;

/** Answers every request from one recorded registry document (`--from-file`); nothing else is fetched. */
export function fileFetcher(doc: unknown): Fetcher {
  return {
    json: async (url: string) => {
      if (url.includes("/downloads/")) throw createError("IMPORT_FAILED", ["offline: no downloads data"]);
      return doc;
    },
    bytes: async () => { throw createError("IMPORT_FAILED", ["offline: no tarball"]); },
  };
}

/** Where npm data comes from; tests point these at a local server with recorded responses. */
export interface NpmSource { registry: string; downloads: string }
export const NPM: NpmSource = { registry: "https://registry.npmjs.org", downloads: "https://api.npmjs.org" };

export function npmFetcher(src: NpmSource = NPM, allowHttp = false): SafeFetcher {
  return new SafeFetcher({ ...DEFAULT_POLICY, hosts: [new URL(src.registry).host, new URL(src.downloads).host], allowHttp });
}

const str = (v: unknown, max = 2000): string | undefined => (typeof v === "string" && v.trim() ? v.trim().slice(0, max) : undefined);

/** npm package name → a catalog slug ("@scope/pkg" → "scope-pkg"). */
export function slugFromNpm(name: string): string {
  return name.toLowerCase().replace(/^@/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
}

/** "git+https://github.com/a/b.git" → "https://github.com/a/b" (the form used for linking). */
export function normalizeRepo(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /github\.com[/:]([^/]+)\/([^/#?]+?)(\.git)?(?:[/#?].*)?$/i.exec(url);
  return m ? `https://github.com/${m[1]}/${m[2]}`.toLowerCase() : /^https?:\/\//.test(url) ? url : undefined;
}

/**
 * Builds a manifest from the npm registry document of `name` (and the README inside the
 * latest tarball), validated like any manifest. Downloads are added when the downloads
 * API answers; when it does not, the artifact simply has no adoption signal.
 */
export async function importNpm(name: string, fetcher: Fetcher, core: Capgraph, src: NpmSource = NPM, now = new Date()): Promise<LoadResult> {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) || name.length > 214) throw createError("IMPORT_FAILED", [`'${name}' is not an npm package name`]);
  const doc = (await fetcher.json(`${src.registry}/${name.replace("/", "%2F")}`)) as Record<string, unknown>;
  const tags = doc["dist-tags"] as Record<string, unknown> | undefined;
  const latest = str(tags?.["latest"], 100);
  const versions = doc["versions"] as Record<string, Record<string, unknown>> | undefined;
  const v = latest && versions && typeof versions === "object" ? versions[latest] : undefined;
  if (!latest || !v || typeof v !== "object") throw createError("IMPORT_FAILED", [`npm:${name}: the registry document has no latest version`]);
  const time = (doc["time"] ?? {}) as Record<string, unknown>;
  const retrievedAt = now.toISOString().slice(0, 10);
  const pageUrl = `https://www.npmjs.com/package/${name}`;
  const repoRaw = v["repository"] ?? doc["repository"];
  const repository = normalizeRepo(typeof repoRaw === "string" ? repoRaw : str((repoRaw as { url?: unknown } | undefined)?.url));
  const readme = str(doc["readme"], 200_000) ?? (await readmeFromTarball(fetcher, (v["dist"] as { tarball?: unknown } | undefined)?.tarball, src));
  const keywords = (Array.isArray(v["keywords"]) ? v["keywords"] : []).map((k) => slugFromNpm(String(k))).filter((k) => k.length > 1).slice(0, 10);
  // Linking: another entry for the same repository keeps its slug and curated text; our own
  // earlier import of this package is simply rebuilt from the source (so re-imports are no-ops).
  const existing = repository ? (await core.snapshot()).artifacts.find((a) => normalizeRepo(a.repository) === repository && a.slug !== slugFromNpm(name)) : undefined;
  const latestAt = str(time[latest], 40);
  const downloads = await monthlyDownloads(fetcher, src, name);
  const manifest = {
    capgraph: 1,
    artifact: {
      slug: existing?.slug ?? slugFromNpm(name), name: existing?.name ?? name, kind: existing?.kind ?? (v["bin"] ? "cli" : "library"),
      ...(str(v["homepage"]) && /^https?:\/\//.test(str(v["homepage"]) ?? "") ? { url: str(v["homepage"]) } : { url: pageUrl }),
      ...(repository ? { repository } : {}), ...(str(v["license"], 100) ? { license: str(v["license"], 100) } : {}),
      description: existing?.description ?? str(v["description"], 1000) ?? `The ${name} package on npm.`,
      categories: existing?.categories ?? keywords.slice(0, 5), tags: ["npm", ...keywords.slice(5)],
    },
    pricing: existing ? { model: existing.pricing.model, freeTier: existing.pricing.freeTier, prices: existing.pricing.prices } : { model: "open-source", freeTier: true },
    capabilities: existing?.capabilities.length ? existing.capabilities.map((c) => ({ id: c.id, name: c.name, uri: c.uri, description: c.description, evidence: c.evidence, confidence: c.confidence, sources: c.sources, intents: c.intents, bestFor: c.bestFor, limitations: c.limitations, ...(c.unique ? { unique: c.unique } : {}), ...(c.vsAlternatives ? { vsAlternatives: c.vsAlternatives } : {}) }))
      : extractCapabilities(readme ?? "").map((c) => ({ name: c.name, description: c.description, evidence: "documented", confidence: c.confidence, sources: [{ url: `${pageUrl}#readme`, excerpt: c.excerpt.slice(0, 1000), retrievedAt }] })),
    signals: [
      ...(latestAt && !Number.isNaN(Date.parse(latestAt)) ? [{ metric: "releases.latestAt", value: Math.round(Date.parse(latestAt) / 1000), unit: "unix-seconds", source: `npm registry (${name}@${latest})`, observedAt: retrievedAt }] : []),
      ...(versions ? [{ metric: "releases.count", value: Object.keys(versions).length, unit: "versions", source: "npm registry", observedAt: retrievedAt }] : []),
      ...(downloads !== undefined ? [{ metric: "npm.downloads.monthly", value: downloads, unit: "downloads", source: "npm downloads API (last month)", observedAt: retrievedAt }] : []),
    ],
  };
  return parseManifestText(JSON.stringify(manifest), `npm:${name}`, core.taxonomy);
}

async function readmeFromTarball(fetcher: Fetcher, tarball: unknown, src: NpmSource): Promise<string | undefined> {
  const url = str(tarball);
  if (!url) return undefined;
  // Registries publish absolute tarball URLs; keep them on the registry's host.
  const onRegistry = new URL(new URL(url).pathname, src.registry).toString();
  try {
    return fileFromTgz(await fetcher.bytes(onRegistry), /^package\/readme(\.md|\.markdown)?$/i);
  } catch {
    return undefined;
  }
}

async function monthlyDownloads(fetcher: Fetcher, src: NpmSource, name: string): Promise<number | undefined> {
  try {
    const r = (await fetcher.json(`${src.downloads}/downloads/point/last-month/${name}`)) as { downloads?: unknown };
    return typeof r.downloads === "number" && r.downloads >= 0 ? r.downloads : undefined;
  } catch {
    return undefined;
  }
}
