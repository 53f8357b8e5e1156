import type { Capgraph } from "../capgraph.js";
import { parseManifestText, type LoadResult } from "../catalog/manifest.js";
import type { Artifact, ArtifactKind, Capability, ManifestInput, STATUSES } from "../catalog/schema.js";
import type { StoredSignal } from "../store/store.js";
import { createError } from "../errors.js";
import { linkKey, type CapabilityInput, type SignalInput } from "./common.js";

/** The importers. An imported artifact carries its origin as its first tag. */
export const ORIGINS = ["npm", "pypi", "github", "huggingface"] as const;
export type Origin = (typeof ORIGINS)[number];
type Status = (typeof STATUSES)[number];

/** How each importer's signal sources begin, to tell which importer reported a stored signal. */
const SIGNAL_SOURCE: Record<Origin, RegExp> = { npm: /^npm /, pypi: /^PyPI /, github: /^GitHub /, huggingface: /^Hugging Face / };

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
}

/**
 * Turns a source view into validated manifests, linked to what the catalog already holds:
 *
 * - the source's own earlier import (same origin tag and name) is rebuilt from the source;
 * - artifacts of another origin with the same repository (or a Hub model's page as their URL)
 *   are updated in place: they keep their slug, name, text and capabilities and only gain
 *   what they lack, plus this source's signals;
 * - otherwise a new artifact is created under the first free slug.
 *
 * Either side fills only the other's gaps and a status only moves away from "active"
 * (curators reset it with `capgraph add`), so importing sources in any order converges and
 * a repeated import changes nothing.
 */
export async function buildManifests(view: SourceView, core: Capgraph): Promise<LoadResult> {
  const snap = await core.snapshot();
  const key = linkKey(view.repository);
  const own = snap.artifacts.find((a) => a.tags[0] === view.origin && a.name === view.name);
  // Two packages of one origin are two artifacts even in one monorepo, so never link among them.
  const linked = key ? snap.artifacts.filter((a) => a.tags[0] !== view.origin && [a.repository, a.url].some((u) => linkKey(u) === key)) : [];
  const manifests = [...(own ? [combine(fromView(view, own.slug), manifestOf(own))] : []), ...linked.map((a) => combine(manifestOf(a), fromView(view, a.slug)))];
  if (manifests.length === 0) {
    const slug = view.slugs.find((s) => s && !snap.bySlug.has(s));
    if (!slug) throw createError("IMPORT_FAILED", [`${view.label}: the slugs ${view.slugs.join(", ")} belong to other artifacts; write a manifest for it and add it with capgraph add.`]);
    manifests.push(fromView(view, slug));
  }
  const out: LoadResult = { manifests: [], diagnostics: [] };
  for (const m of manifests) {
    const r = parseManifestText(JSON.stringify({ ...m, signals: firstReporter(view, m.artifact.slug, snap.signals) }), view.label, core.taxonomy);
    out.manifests.push(...r.manifests);
    out.diagnostics.push(...r.diagnostics);
  }
  return out;
}

function fromView(v: SourceView, slug: string): ManifestInput {
  return {
    capgraph: 1,
    artifact: {
      slug, name: v.name, kind: v.kind, ...(v.url ? { url: v.url } : {}), ...(v.repository ? { repository: v.repository } : {}), ...(v.license ? { license: v.license } : {}),
      description: v.description, categories: v.categories.slice(0, 20), tags: [v.origin, ...v.tags.filter((t) => t !== v.origin)].slice(0, 30), status: v.status,
    },
    pricing: v.pricing,
    capabilities: v.capabilities,
  };
}

const SEVERITY: Record<Status, number> = { active: 0, deprecated: 1, archived: 2 };

/** `primary` with its gaps filled from `secondary`. */
function combine(primary: ManifestInput, secondary: ManifestInput): ManifestInput {
  const p = primary.artifact, s = secondary.artifact;
  const url = p.url ?? s.url, repository = p.repository ?? s.repository, license = p.license ?? s.license, provider = p.provider ?? s.provider;
  const status = SEVERITY[s.status ?? "active"] > SEVERITY[p.status ?? "active"] ? s.status : p.status;
  return {
    ...primary,
    artifact: {
      ...p, ...(provider ? { provider } : {}), ...(url ? { url } : {}), ...(repository ? { repository } : {}), ...(license ? { license } : {}),
      categories: p.categories?.length ? p.categories : (s.categories ?? []), ...(status ? { status } : {}),
    },
    ...(primary.pricing?.model === "unknown" && secondary.pricing ? { pricing: secondary.pricing } : {}),
    capabilities: primary.capabilities?.length ? primary.capabilities : (secondary.capabilities ?? []),
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
      slug: a.slug, name: a.name, kind: a.kind, ...(a.provider ? { provider: a.provider } : {}), ...(a.url ? { url: a.url } : {}),
      ...(a.repository ? { repository: a.repository } : {}), ...(a.license ? { license: a.license } : {}),
      description: a.description, categories: a.categories, tags: a.tags, status: a.status,
    },
    pricing: { model: a.pricing.model, freeTier: a.pricing.freeTier, prices: a.pricing.prices },
    capabilities: a.capabilities.map(capabilityInput),
    ...(a.trust ? { trust: a.trust } : {}),
  };
}

function capabilityInput(c: Capability): CapabilityInput {
  return {
    id: c.id, name: c.name, ...(c.uriSource === "declared" ? { uri: c.uri } : {}), description: c.description,
    ...(c.unique ? { unique: c.unique } : {}), ...(c.vsAlternatives ? { vsAlternatives: c.vsAlternatives } : {}),
    intents: c.intents, bestFor: c.bestFor, limitations: c.limitations, requires: c.requires, inputTypes: c.inputTypes, outputTypes: c.outputTypes,
    evidence: c.evidence, confidence: c.confidence, sources: c.sources,
  };
}
