import { parseManifestText, type LoadResult } from "../catalog/manifest.js";
import type { Artifact, ArtifactKind, Capability, ManifestInput, SignalGap, STATUSES } from "../catalog/schema.js";
import type { Store, StoredSignal } from "../store/store.js";
import { linkRecordKey, originKey } from "../store/write.js";
import { createError } from "../errors.js";
import { linkKey, type CapabilityInput, type SignalInput, type CatalogPort } from "./common.js";

/**
 * The importers. An imported artifact carries its origin as its first tag, for people; which
 * artifact an import created is recorded by the server (originKey), never read from tags.
 */
export const ORIGINS = ["npm", "pypi", "github", "huggingface", "mcp"] as const;
export type Origin = (typeof ORIGINS)[number];
type Status = (typeof STATUSES)[number];

/** How each importer's signal sources begin, to tell which importer reported a stored signal. */
const SIGNAL_SOURCE: Record<Origin, RegExp> = {
  npm: /^npm /,
  pypi: /^PyPI /,
  github: /^GitHub /,
  huggingface: /^Hugging Face /,
  mcp: /^MCP registry /,
};

/** An import's manifests, and which artifact is the source's own (for the server's origin record). */
export interface ImportResult extends LoadResult {
  origin?: { source: string; slug: string };
  /** Signals the source could not give this time, and why: reported, never read as zero. */
  gaps: SignalGap[];
}

export type { SignalGap };

/** What one source says about one artifact, before it meets the catalog. */
export interface SourceView {
  origin: Origin;
  /** The item as written on the command line (`pypi:diffusers`): the file name in diagnostics. */
  label: string;
  /** The source's own identifier (package name, owner/repo, model id), kept as the artifact's name. */
  name: string;
  /** Slugs for a new artifact, in order of preference: the first one not taken is used. */
  slugs: readonly string[];
  kind: ArtifactKind;
  description: string;
  url: string | undefined;
  repository: string | undefined;
  license: string | undefined;
  status: Status;
  pricing: NonNullable<ManifestInput["pricing"]>;
  categories: readonly string[];
  tags: readonly string[];
  capabilities: CapabilityInput[];
  signals: SignalInput[];
  trust?: ManifestInput["trust"];
  gaps?: SignalGap[];
}

/**
 * Turns a source view into validated manifests, linked to what the catalog already holds:
 *
 * - the source's own earlier import (recorded by the server under originKey) is rebuilt from
 *   the source;
 * - artifacts of another origin with the same repository (or a Hub model's page as their URL)
 *   are updated in place: they keep their slug, name, text and capabilities and only gain
 *   what they lack, plus this source's signals;
 * - otherwise a new artifact is created under the first free slug.
 *
 * Only entries no publisher owns (the operator's) or whose owner verified the very URL that
 * matches are linked: a publisher cannot collect a real project's signals by declaring its
 * repository, tags or name. Either side fills only the other's gaps and a status
 * only moves away from "active" (curators reset it with `capgraph add`), so importing sources
 * in any order converges and a repeated import changes nothing.
 */
export async function buildManifests(view: SourceView, core: CatalogPort): Promise<ImportResult> {
  const snap = await core.snapshot();
  const key = linkKey(view.repository);
  const source = sourceKey(view);
  const own = await ownImport(view, source, snap.bySlug, core.store);
  // The operator may have named the curated entry a source feeds (the demo's sources/index.yml).
  const curated = snap.bySlug.get((await core.store.getSetting(linkRecordKey(source))) ?? "");
  // Two packages of one origin are two artifacts even in one monorepo, so never link among them.
  const byRepo = key
    ? snap.artifacts.filter((a) => a.tags[0] !== view.origin && [a.repository, a.url].some((u) => linkKey(u) === key))
    : [];
  const candidates = [...new Set([...(curated ? [curated] : []), ...byRepo])].filter((a) => a !== own);
  const linked: Artifact[] = [];
  for (const a of candidates)
    if (a === curated ? !(await core.store.getOwner(a.slug)) : await mayLink(core.store, a, key)) linked.push(a);
  const manifests = [
    ...(own ? [combine(fromView(view, own.slug), manifestOf(own))] : []),
    ...linked.map((a) => combine(manifestOf(a), fromView(view, a.slug))),
  ];
  let created: string | undefined;
  if (manifests.length === 0) {
    created = view.slugs.find((s) => s && !snap.bySlug.has(s));
    if (!created) throw createError("SLUG_TAKEN", [view.label, view.slugs.join(", ")]);
    manifests.push(fromView(view, created));
  }
  const out: ImportResult = { manifests: [], diagnostics: [], gaps: view.gaps ?? [] };
  const ownSlug = own?.slug ?? created;
  if (ownSlug) out.origin = { source, slug: ownSlug };
  for (const m of manifests) {
    const gaps = mergeGaps(snap.bySlug.get(m.artifact.slug)?.gaps, view);
    const r = parseManifestText(
      JSON.stringify({
        ...m,
        signals: firstReporter(view, m.artifact.slug, snap.signals),
        ...(gaps.length ? { gaps } : {}),
      }),
      view.label,
      core.taxonomy,
    );
    out.manifests.push(...r.manifests);
    out.diagnostics.push(...r.diagnostics);
  }
  return out;
}

/**
 * The gaps an artifact keeps after this import: earlier ones this source did not settle (a
 * metric it now reports, or reports missing again), then this source's own.
 */
function mergeGaps(stored: readonly SignalGap[] | undefined, view: SourceView): SignalGap[] {
  const settled = new Set([...view.signals.map((s) => s.metric), ...(view.gaps ?? []).map((g) => g.metric)]);
  return [...(stored ?? []).filter((g) => !settled.has(g.metric)), ...(view.gaps ?? [])].slice(0, 50);
}

/** How the server names an import source in its origin record: `npm:ollama`, `github:ollama/ollama-js`. */
export const sourceKey = (v: Pick<SourceView, "origin" | "name">): string => `${v.origin}:${v.name.toLowerCase()}`;

/**
 * The artifact this source created earlier: the server's origin record, or, for catalogs
 * imported before origins were recorded, an entry of that origin and name that no publisher owns.
 */
async function ownImport(
  view: SourceView,
  source: string,
  bySlug: ReadonlyMap<string, Artifact>,
  store: Store,
): Promise<Artifact | undefined> {
  const recorded = await store.getSetting(originKey(source));
  if (recorded) return bySlug.get(recorded);
  for (const a of bySlug.values())
    if (a.tags[0] === view.origin && a.name === view.name && !(await store.getOwner(a.slug))) return a;
  return undefined;
}

/**
 * An import may update an entry that no publisher owns (the operator's), or one whose owner
 * verified control of the URL that matched (its claim file sits on that URL's origin).
 */
async function mayLink(store: Store, a: Artifact, key: string | undefined): Promise<boolean> {
  const owner = await store.getOwner(a.slug);
  if (!owner) return true;
  if (!owner.verified || !owner.proofUrl) return false;
  const proof = originOf(owner.proofUrl);
  return [a.url, a.repository].some((u) => linkKey(u) === key && proof !== undefined && originOf(u) === proof);
}

function originOf(u: string | undefined): string | undefined {
  try {
    return u ? new URL(u).origin : undefined;
  } catch {
    return undefined;
  }
}

function fromView(v: SourceView, slug: string): ManifestInput {
  return {
    capgraph: 1,
    artifact: {
      slug,
      name: v.name,
      kind: v.kind,
      ...(v.url ? { url: v.url } : {}),
      ...(v.repository ? { repository: v.repository } : {}),
      ...(v.license ? { license: v.license } : {}),
      description: v.description,
      categories: v.categories.slice(0, 20),
      tags: [v.origin, ...v.tags.filter((t) => t !== v.origin)].slice(0, 30),
      status: v.status,
    },
    pricing: v.pricing,
    capabilities: v.capabilities,
    ...(v.trust ? { trust: v.trust } : {}),
  };
}

const SEVERITY: Record<Status, number> = { active: 0, deprecated: 1, archived: 2 };

/** `primary` with its gaps filled from `secondary`. */
function combine(primary: ManifestInput, secondary: ManifestInput): ManifestInput {
  const p = primary.artifact,
    s = secondary.artifact;
  const url = p.url ?? s.url,
    repository = p.repository ?? s.repository,
    license = p.license ?? s.license,
    provider = p.provider ?? s.provider;
  const status = SEVERITY[s.status ?? "active"] > SEVERITY[p.status ?? "active"] ? s.status : p.status;
  return {
    ...primary,
    artifact: {
      ...p,
      ...(provider ? { provider } : {}),
      ...(url ? { url } : {}),
      ...(repository ? { repository } : {}),
      ...(license ? { license } : {}),
      categories: p.categories?.length ? p.categories : (s.categories ?? []),
      ...(status ? { status } : {}),
    },
    ...(primary.pricing?.model === "unknown" && secondary.pricing ? { pricing: secondary.pricing } : {}),
    capabilities: primary.capabilities?.length ? primary.capabilities : (secondary.capabilities ?? []),
    ...((primary.trust ?? secondary.trust) ? { trust: primary.trust ?? secondary.trust } : {}),
  };
}

/**
 * A metric two importers both report (releases.*) stays with the importer that first reported
 * it for an artifact, so alternating imports of a package and its repository never flip one
 * time series between two sources' values.
 */
function firstReporter(view: SourceView, slug: string, stored: readonly StoredSignal[]): SignalInput[] {
  return view.signals.filter((s) => {
    const last = stored.findLast((x) => x.slug === slug && x.metric === s.metric);
    const by = last && ORIGINS.find((o) => SIGNAL_SOURCE[o].test(last.source));
    return !by || by === view.origin;
  });
}

/**
 * A stored artifact back as manifest input: normalising it again gives the same artifact.
 * Classified capability URIs are left out so they are classified again, not pinned as declared.
 */
export function manifestOf(a: Artifact): ManifestInput {
  return {
    capgraph: 1,
    artifact: {
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      ...(a.provider ? { provider: a.provider } : {}),
      ...(a.url ? { url: a.url } : {}),
      ...(a.repository ? { repository: a.repository } : {}),
      ...(a.license ? { license: a.license } : {}),
      description: a.description,
      categories: a.categories,
      tags: a.tags,
      status: a.status,
    },
    pricing: { model: a.pricing.model, freeTier: a.pricing.freeTier, prices: a.pricing.prices },
    capabilities: a.capabilities.map(capabilityInput),
    ...(a.trust ? { trust: a.trust } : {}),
    ...(a.gaps?.length ? { gaps: a.gaps } : {}),
  };
}

function capabilityInput(c: Capability): CapabilityInput {
  return {
    id: c.id,
    name: c.name,
    ...(c.uriSource === "declared" ? { uri: c.uri } : {}),
    description: c.description,
    ...(c.unique ? { unique: c.unique } : {}),
    ...(c.vsAlternatives ? { vsAlternatives: c.vsAlternatives } : {}),
    intents: c.intents,
    bestFor: c.bestFor,
    limitations: c.limitations,
    requires: c.requires,
    inputTypes: c.inputTypes,
    outputTypes: c.outputTypes,
    evidence: c.evidence,
    confidence: c.confidence,
    sources: c.sources,
  };
}
