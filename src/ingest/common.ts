import type { Taxonomy } from "../catalog/taxonomy.js";
import type { Artifact } from "../catalog/schema.js";
import type { Store, StoredSignal } from "../store/store.js";
import { slugify } from "../catalog/normalize.js";
import type { ImportResult } from "./link.js";
import type { ManifestInput } from "../catalog/schema.js";
import { createError, isKnownError, withContext } from "../errors.js";
import type { SafeFetcher } from "./fetcher.js";
import { extractCapabilities } from "./readme.js";

/** What an importer needs from the core: the catalog's store and taxonomy (the application core implements it). */
export interface CatalogPort {
  readonly store: Store;
  readonly taxonomy: Taxonomy;
  /** The catalog as it stands (to link an import to an existing entry). */
  snapshot(): Promise<{
    bySlug: ReadonlyMap<string, Artifact>;
    artifacts: readonly Artifact[];
    signals: readonly StoredSignal[];
  }>;
}

/** What an importer needs from the network (SafeFetcher), or from recorded responses offline. */
export type Fetcher = Pick<SafeFetcher, "json" | "bytes">;

/** A recorded response for `--from-file`: the file that holds it and the request URLs it answers. */
export interface Recording {
  file: string;
  answers: RegExp;
}

/** One source of artifacts (`pypi:diffusers`): the hosts it may contact and how it imports one item. */
export interface Importer {
  /** What precedes the colon on the command line: `pypi`. */
  readonly prefix: string;
  /** How an item is written, for help and errors: `pypi:<name>`. */
  readonly usage: string;
  readonly hosts: readonly string[];
  /** Recorded responses `--from-file` accepts, the main document first (a lone JSON file stands for it). */
  readonly recordings: readonly Recording[];
  import(id: string, fetcher: Fetcher, core: CatalogPort, now?: Date, infer?: Inferrer): Promise<ImportResult>;
}

/** Optional extraction of further capabilities from a README by a language model (`--llm-url`). */
export type Inferrer = (
  document: string,
  source: { url: string; retrievedAt: string },
) => Promise<{ capabilities: CapabilityInput[]; dropped: number }>;

export type SignalInput = NonNullable<ManifestInput["signals"]>[number];
export type CapabilityInput = NonNullable<ManifestInput["capabilities"]>[number];

// Registry answers are untrusted: every field is read through one of these, never cast and used.
export const str = (v: unknown, max = 2000): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim().slice(0, max) : undefined;
export const count = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
export const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
export const strings = (v: unknown, max = 100): string[] =>
  (Array.isArray(v) ? v : [])
    .map((x) => str(x, 200))
    .filter((x): x is string => !!x)
    .slice(0, max);
export const httpUrl = (v: unknown): string | undefined => {
  const s = str(v);
  return s && /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s) ? s : undefined;
};
export const unixSeconds = (v: unknown): number | undefined => {
  const s = str(v, 40);
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? undefined : Math.round(t / 1000);
};
/** The retrieval date written on every signal and source: YYYY-MM-DD. */
export const day = (now: Date): string => now.toISOString().slice(0, 10);

/** Any name → kebab-case for slugs and tags ("@scope/Pkg_name" → "scope-pkg-name"). */
export function toSlug(name: string): string {
  // Frozen like slugify: a re-import must find the slug it created before.
  return name
    .toLowerCase()
    .replace(/^@/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

/** Hosts whose repository URLs are reduced to `https://<host>/<owner>/<repo>` for linking. */
const GIT_HOSTS: Record<string, string> = { github: "github.com", gitlab: "gitlab.com", bitbucket: "bitbucket.org" };

/**
 * A repository as npm, PyPI and manifests write it → the form used for linking:
 * `git+https://github.com/a/b.git`, `git+ssh://git@github.com/a/b.git`, `git://github.com/a/b`,
 * `git@github.com:a/b.git`, and npm's shorthands `github:a/b`, `gitlab:a/b`, `bitbucket:a/b`
 * and a bare `a/b` (GitHub) all give `https://github.com/a/b` (or that host). Other http(s)
 * URLs are kept; anything else is no repository.
 */
export function normalizeRepo(url: string | undefined): string | undefined {
  const u = url?.trim();
  if (!u) return undefined;
  const hosted =
    /^(?:git\+)?(?:(?:https?|ssh|git):\/\/)?(?:[^@/\s]+@)?(github\.com|gitlab\.com|bitbucket\.org)[/:]([^/\s]+)\/([^/#?\s]+?)(?:\.git)?(?:[/#?].*)?$/i.exec(
      u,
    );
  if (hosted) return `https://${hosted[1]}/${hosted[2]}/${hosted[3]}`.toLowerCase();
  const short = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:#.*)?$/i.exec(u);
  if (short?.[2] && short[3])
    return `https://${GIT_HOSTS[(short[1] ?? "github").toLowerCase()]}/${short[2]}/${short[3]}`.toLowerCase();
  return /^https?:\/\//i.test(u) ? u : undefined;
}

/** A URL reduced to what identifies a repository or page, for comparing two of them. */
export function linkKey(url: string | undefined): string | undefined {
  return normalizeRepo(url)
    ?.toLowerCase()
    .replace(/[?#].*$/, "")
    .replace(/\/+$/, "");
}

/** Source keywords → up to five categories, the next ones as tags. */
export function categorize(words: readonly string[]): { categories: string[]; tags: string[] } {
  const kebab = [...new Set(words.map(toSlug))].filter((k) => k.length > 1).slice(0, 10);
  return { categories: kebab.slice(0, 5), tags: kebab.slice(5) };
}

/**
 * README sections → `documented` capabilities, each citing the text it came from at `url`.
 * `first` capabilities (a Hub task) come before them; names that would share an id are dropped.
 */
export function documented(
  readme: string | undefined,
  url: string,
  now: Date,
  opts: { first?: readonly CapabilityInput[]; skip?: RegExp } = {},
): CapabilityInput[] {
  const fromReadme = extractCapabilities(readme ?? "", opts.skip).map(
    (c): CapabilityInput => ({
      name: c.name,
      description: c.description,
      evidence: "documented",
      confidence: c.confidence,
      sources: [{ url, excerpt: c.excerpt.slice(0, 1000), retrievedAt: day(now) }],
    }),
  );
  const ids = new Set<string>();
  return [...(opts.first ?? []), ...fromReadme]
    .filter((c) => {
      const id = c.id ?? slugify(c.name);
      if (ids.has(id)) return false;
      ids.add(id);
      return true;
    })
    .slice(0, 100);
}

/**
 * `documented` capabilities, then (with an inferrer) the ones a language model reads from the
 * same README, marked `inferred`; an inferred name that repeats a documented one is dropped.
 */
export async function capabilitiesFrom(
  readme: string | undefined,
  url: string,
  now: Date,
  opts: { first?: readonly CapabilityInput[]; skip?: RegExp } = {},
  infer?: Inferrer,
): Promise<CapabilityInput[]> {
  const docs = documented(readme, url, now, opts);
  if (!infer || !readme?.trim()) return docs;
  const ids = new Set(docs.map((c) => c.id ?? slugify(c.name)));
  const more = (await infer(readme, { url, retrievedAt: day(now) })).capabilities.filter(
    (c) => !ids.has(slugify(c.name)),
  );
  return [...docs, ...more].slice(0, 100);
}

/** One signal, or none when the source did not give the value. */
export function signal(
  metric: string,
  value: number | undefined,
  unit: string,
  source: string,
  now: Date,
): SignalInput[] {
  return value === undefined ? [] : [{ metric, value, unit, source, observedAt: day(now) }];
}

const YEAR_MS = 365 * 86_400_000;

/**
 * The release signals every source reports when it can: `releases.latestAt` (unix seconds),
 * `releases.count` and `releases.last365d` (releases in the 365 days before `now`).
 */
export function releaseSignals(
  r: { latestAt: string | undefined; count: number | undefined; dates: readonly string[] | undefined },
  source: { latest: string; history: string },
  now: Date,
): SignalInput[] {
  const recent = r.dates?.filter((d) => {
    const t = Date.parse(d);
    return t <= now.getTime() && t > now.getTime() - YEAR_MS;
  }).length;
  return [
    ...signal("releases.latestAt", unixSeconds(r.latestAt), "unix-seconds", source.latest, now),
    ...signal("releases.count", r.count, "versions", source.history, now),
    ...signal("releases.last365d", recent, "versions", source.history, now),
  ];
}

/** Fetches the document an import cannot do without; a failure names the source (`pypi:x: …`). */
export async function mainDocument(
  fetcher: Fetcher,
  url: string,
  label: string,
  notFound: string,
): Promise<Record<string, unknown>> {
  let doc: unknown;
  try {
    doc = await fetcher.json(url);
  } catch (e) {
    if (!isKnownError(e)) throw e;
    if ((e as { upstreamStatus?: number }).upstreamStatus === 404)
      throw createError("SOURCE_NOT_FOUND", [label, notFound, `${url} answered 404`]);
    throw withContext(e, label);
  }
  const r = record(doc);
  if (!r) throw createError("UPSTREAM_UNEXPECTED", [label, `${url} did not answer a JSON object`]);
  return r;
}

/** A document the import can do without (a README, download counts): absent when it cannot be had. */
export async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isKnownError(e)) return undefined;
    throw e;
  }
}

/**
 * A signal's document the import can do without: its value, or a short reason it could not
 * be had, to be reported and kept as a gap (never read as zero).
 */
export async function attempt<T>(p: Promise<T>): Promise<{ value: T } | { reason: string }> {
  try {
    return { value: await p };
  } catch (e) {
    if (isKnownError(e)) return { reason: gapReason(e.message) };
    throw e;
  }
}

/** An importer's failure message, without the URL: "host unreachable (DNS: …)", "the host answered 404". */
export function gapReason(message: string): string {
  const unreachable = /could not be reached \(([^)]*)\)/.exec(message)?.[1];
  if (unreachable) return `host unreachable (${unreachable})`;
  if (/could not be reached/.test(message)) return "host unreachable";
  const status = /answered (\d{3})/.exec(message)?.[1];
  if (status) return `the host answered ${status}`;
  if (/^offline:/.test(message)) return "no recorded answer (offline import)";
  return message.replace(/https?:\/\/\S+\s*/g, "").slice(0, 200);
}

/** UTF-8 text, or nothing when the bytes are not text (or are an HTML page). */
export function text(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  try {
    const t = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return /^\s*<(!doctype|html)/i.test(t) ? undefined : t;
  } catch {
    return undefined;
  }
}
