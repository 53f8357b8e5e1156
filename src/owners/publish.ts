import { randomBytes } from "node:crypto";
import { BlockList, isIP } from "node:net";
import { duplicateSlugs, parseManifestText } from "../catalog/manifest.js";
import { hasErrors } from "../catalog/diagnostics.js";
import { createError } from "../errors.js";
import type { ApiKeyRecord } from "../store/store.js";
import { impersonation, NAMESPACE_QUOTA } from "./squatting.js";
import type { Artifact } from "../catalog/schema.js";
import type { Diagnostic } from "../catalog/diagnostics.js";
import type { ParsedManifest } from "../catalog/manifest.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import type { Store, UpsertSummary } from "../store/store.js";
import type { WriteAs } from "../store/write.js";

/** What publishing needs from the core: a port the application core implements (owners/ never imports it). */
export interface PublishPort {
  readonly taxonomy: Taxonomy;
  readonly store: Store;
  snapshot(): Promise<{ bySlug: ReadonlyMap<string, Artifact>; artifacts: readonly Artifact[] }>;
  add(manifests: readonly ParsedManifest[], diagnostics: readonly Diagnostic[], as?: WriteAs): Promise<UpsertSummary>;
}

/** Where an owner places the claim token, relative to the artifact's declared URL. */
export const CLAIM_PATH = "/.well-known/capgraph-claim.txt";
/** Limits on fetching a claim file: it is tiny, and the fetch must not be a way into the network. */
export const CLAIM_FETCH = { timeoutMs: 5_000, maxBytes: 4_096 } as const;

const isAdmin = (k: ApiKeyRecord) => k.scopes.includes("admin");

/**
 * Publishes manifests with an API key, all or nothing: every document valid, no document
 * impersonating another owner's or the catalog's entry (reserved names, a taken name, a taken
 * repository or URL), and every existing artifact owned by the key's namespace (or the key is
 * admin). A new slug becomes owned, unverified, by the namespace, up to NAMESPACE_QUOTA. The
 * ownership checks, reservations, write and audit rows are one store transaction.
 */
export async function publishManifests(
  core: PublishPort,
  key: ApiKeyRecord,
  text: string,
): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
  const r = parseManifestText(text, "body", core.taxonomy);
  const diagnostics = [...r.diagnostics, ...duplicateSlugs(r.manifests)];
  if (hasErrors(diagnostics))
    throw createError(
      "MANIFEST_INVALID",
      [diagnostics.filter((d) => d.severity === "error").length],
      diagnostics.map((d) => ({ ...d })),
    );
  if (!isAdmin(key)) {
    const snap = await core.snapshot();
    for (const m of r.manifests) {
      const a = m.manifest.artifact;
      const why = await impersonation(
        a,
        !snap.bySlug.has(a.slug),
        snap.artifacts,
        (slug) => core.store.getOwner(slug),
        key.namespace,
      );
      if (why) throw createError("PUBLISH_DENIED", [a.slug, key.namespace, why]);
    }
  }
  const as = {
    actor: `key:${key.id}`,
    action: "publish",
    ...(isAdmin(key) ? {} : { namespace: key.namespace, quota: NAMESPACE_QUOTA }),
  };
  const sum = await core.add(r.manifests, diagnostics, as);
  return { created: sum.created, updated: sum.updated, unchanged: sum.unchanged };
}

/** Starts a claim: the token the owner must publish at the artifact's declared URL. */
export async function startClaim(
  core: PublishPort,
  key: ApiKeyRecord,
  slug: string,
): Promise<{ slug: string; url: string; token: string; instructions: string }> {
  const url = claimUrl(await artifactUrl(core, slug));
  const token = await core.store.putSettingIfAbsent(
    `claim:${slug}:${key.namespace}`,
    `capgraph-claim-${randomBytes(16).toString("hex")}`,
  );
  return {
    slug,
    url,
    token,
    instructions: `Serve a file at ${url} whose content contains ${token}, then POST /api/v1/claims/${slug}/verify.`,
  };
}

/** Fetches the claim file (no redirects, timeout, size cap) and, if it holds the token, records the owner. */
export async function verifyClaim(
  core: PublishPort,
  key: ApiKeyRecord,
  slug: string,
  opts: { allowPrivateHosts?: boolean } = {},
): Promise<{ slug: string; namespace: string; verified: true }> {
  const url = claimUrl(await artifactUrl(core, slug));
  const token = await core.store.getSetting(`claim:${slug}:${key.namespace}`);
  if (!token) throw createError("CLAIM_NOT_STARTED", [slug, key.namespace, slug]);
  const host = new URL(url).hostname;
  if (!opts.allowPrivateHosts && (isPrivateHost(host) || (await resolvesPrivate(host))))
    throw createError("CLAIM_HOST_PRIVATE", [host]);
  const body = await fetchSmall(url);
  if (!body.includes(token)) throw createError("CLAIM_TOKEN_ABSENT", [url]);
  const at = new Date().toISOString();
  await core.store.setOwner({ slug, namespace: key.namespace, verified: true, proofUrl: url, at });
  await core.store.appendAudit({
    at,
    actor: `key:${key.id}`,
    action: "claim.verify",
    target: slug,
    detail: `owner ${key.namespace} via ${url}`,
  });
  return { slug, namespace: key.namespace, verified: true };
}

async function artifactUrl(core: PublishPort, slug: string): Promise<string> {
  const a = await core.store.getArtifact(slug);
  if (!a) throw createError("NOT_FOUND", [slug]);
  const u = a.url ?? a.repository;
  if (!u) throw createError("CLAIM_NO_URL", [slug]);
  return u;
}

function claimUrl(declared: string): string {
  let u: URL;
  try {
    u = new URL(declared);
  } catch {
    throw createError("CLAIM_URL_INVALID", [declared]);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw createError("CLAIM_URL_INVALID", [declared]);
  return new URL(CLAIM_PATH, u.origin).toString();
}

async function fetchSmall(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(CLAIM_FETCH.timeoutMs) });
  } catch (e) {
    throw createError("CLAIM_URL_UNREACHABLE", [
      url,
      (e as Error).name === "TimeoutError" ? "timed out" : "unreachable",
    ]);
  }
  if (res.status >= 300 && res.status < 400) throw createError("CLAIM_URL_REFUSED", [url, "redirects"]);
  if (!res.ok) throw createError("CLAIM_URL_REFUSED", [url, `answered ${res.status}`]);
  const reader = res.body?.getReader();
  let text = "";
  for (let n = 0; reader; ) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > CLAIM_FETCH.maxBytes) {
      await reader.cancel();
      throw createError("CLAIM_URL_REFUSED", [url, `is larger than ${CLAIM_FETCH.maxBytes} bytes`]);
    }
    text += new TextDecoder().decode(value);
  }
  return text;
}

/**
 * Address ranges a claim is never fetched from: loopback, private, shared (CGNAT), link-local,
 * unspecified, benchmarking (198.18.0.0/15), documentation, multicast, reserved and broadcast
 * (240.0.0.0/4), and every IPv6 form that embeds an IPv4 address (IPv4-mapped, IPv4-compatible
 * `::/96`, NAT64 `64:ff9b::/96`, 6to4, Teredo) or is local, site-local or multicast.
 */
const DENIED: readonly [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 96, "ipv6"],
  ["::ffff:0:0", 96, "ipv6"],
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["100::", 64, "ipv6"],
  ["2001::", 32, "ipv6"],
  ["2001:db8::", 32, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];
// One list per family: a BlockList checks IPv4 addresses against IPv6 rules too (as mapped addresses).
const DENY_LISTS = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [net, prefix, type] of DENIED) DENY_LISTS[type].addSubnet(net, prefix, type);

/**
 * True for addresses in DENIED and for localhost names. Names are checked again after DNS
 * (resolvesPrivate); a name re-pointed between that lookup and the fetch (DNS rebinding) is not caught.
 */
export function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const v = isIP(h);
  if (v === 4) return DENY_LISTS.ipv4.check(h, "ipv4");
  return v === 6 && DENY_LISTS.ipv6.check(h, "ipv6");
}

/** True when a name resolves to any private address (see isPrivateHost). */
async function resolvesPrivate(host: string): Promise<boolean> {
  if (/^[\d.]+$/.test(host) || host.includes(":")) return false;
  try {
    const { lookup } = await import("node:dns/promises");
    return (await lookup(host, { all: true })).some((r) => isPrivateHost(r.address));
  } catch {
    return false; // unresolvable: the fetch fails with a clear message
  }
}
