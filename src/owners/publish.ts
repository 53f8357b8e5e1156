import { randomBytes } from "node:crypto";
import type { Capgraph } from "../capgraph.js";
import { duplicateSlugs, hasErrors, parseManifestText } from "../catalog/manifest.js";
import { createError } from "../errors.js";
import type { ApiKeyRecord } from "../store/store.js";
import { impersonation, NAMESPACE_QUOTA } from "./squatting.js";

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
export async function publishManifests(core: Capgraph, key: ApiKeyRecord, text: string): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
  const r = parseManifestText(text, "body", core.taxonomy);
  const diagnostics = [...r.diagnostics, ...duplicateSlugs(r.manifests)];
  if (hasErrors(diagnostics)) throw createError("MANIFEST_INVALID", [diagnostics.filter((d) => d.severity === "error").length], diagnostics.map((d) => ({ ...d })));
  if (!isAdmin(key)) {
    const snap = await core.snapshot();
    for (const m of r.manifests) {
      const a = m.manifest.artifact;
      const why = await impersonation(a, !snap.bySlug.has(a.slug), snap.artifacts, (slug) => core.store.getOwner(slug), key.namespace);
      if (why) throw createError("FORBIDDEN", [`'${a.slug}' cannot be published by namespace '${key.namespace}': ${why}. Nothing was written.`]);
    }
  }
  const as = { actor: `key:${key.id}`, action: "publish", ...(isAdmin(key) ? {} : { namespace: key.namespace, quota: NAMESPACE_QUOTA }) };
  const sum = await core.add(r.manifests, diagnostics, as);
  return { created: sum.created, updated: sum.updated, unchanged: sum.unchanged };
}

/** Starts a claim: the token the owner must publish at the artifact's declared URL. */
export async function startClaim(core: Capgraph, key: ApiKeyRecord, slug: string): Promise<{ slug: string; url: string; token: string; instructions: string }> {
  const url = claimUrl(await artifactUrl(core, slug));
  const token = await core.store.putSettingIfAbsent(`claim:${slug}:${key.namespace}`, `capgraph-claim-${randomBytes(16).toString("hex")}`);
  return { slug, url, token, instructions: `Serve a file at ${url} whose content contains ${token}, then POST /api/v1/claims/${slug}/verify.` };
}

/** Fetches the claim file (no redirects, timeout, size cap) and, if it holds the token, records the owner. */
export async function verifyClaim(core: Capgraph, key: ApiKeyRecord, slug: string, opts: { allowPrivateHosts?: boolean } = {}): Promise<{ slug: string; namespace: string; verified: true }> {
  const url = claimUrl(await artifactUrl(core, slug));
  const token = await core.store.getSetting(`claim:${slug}:${key.namespace}`);
  if (!token) throw createError("CLAIM_FAILED", [`No claim was started for '${slug}' by namespace '${key.namespace}'. POST /api/v1/claims/${slug} first.`]);
  const host = new URL(url).hostname;
  if (!opts.allowPrivateHosts && (isPrivateHost(host) || (await resolvesPrivate(host)))) throw createError("CLAIM_FAILED", [`${host} is (or resolves to) a private or loopback address; claims are verified only against public hosts.`]);
  const body = await fetchSmall(url);
  if (!body.includes(token)) throw createError("CLAIM_FAILED", [`${url} does not contain the claim token. Publish it there and try again.`]);
  const at = new Date().toISOString();
  await core.store.setOwner({ slug, namespace: key.namespace, verified: true, proofUrl: url, at });
  await core.store.appendAudit({ at, actor: `key:${key.id}`, action: "claim.verify", target: slug, detail: `owner ${key.namespace} via ${url}` });
  return { slug, namespace: key.namespace, verified: true };
}

async function artifactUrl(core: Capgraph, slug: string): Promise<string> {
  const a = await core.store.getArtifact(slug);
  if (!a) throw createError("NOT_FOUND", [slug]);
  const u = a.url ?? a.repository;
  if (!u) throw createError("CLAIM_FAILED", [`'${slug}' declares no url or repository to prove control of; publish one first.`]);
  return u;
}

function claimUrl(declared: string): string {
  let u: URL;
  try { u = new URL(declared); } catch { throw createError("CLAIM_FAILED", [`${declared} is not a usable URL; publish a valid url first`]); }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw createError("CLAIM_FAILED", [`${declared} is not an http(s) URL`]);
  return new URL(CLAIM_PATH, u.origin).toString();
}

async function fetchSmall(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(CLAIM_FETCH.timeoutMs) });
  } catch (e) {
    throw createError("CLAIM_FAILED", [`Could not fetch ${url}: ${(e as Error).name === "TimeoutError" ? "timed out" : "unreachable"}.`]);
  }
  if (res.status >= 300 && res.status < 400) throw createError("CLAIM_FAILED", [`${url} redirects; serve the claim file at that exact URL.`]);
  if (!res.ok) throw createError("CLAIM_FAILED", [`${url} answered ${res.status}.`]);
  const reader = res.body?.getReader();
  let text = "";
  for (let n = 0; reader; ) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > CLAIM_FETCH.maxBytes) { await reader.cancel(); throw createError("CLAIM_FAILED", [`${url} is larger than ${CLAIM_FETCH.maxBytes} bytes; the claim file should hold just the token.`]); }
    text += new TextDecoder().decode(value);
  }
  return text;
}

/**
 * Loopback, private, shared (CGNAT), link-local and unspecified addresses, IPv4-mapped IPv6
 * forms of them, and localhost names. Names are checked again after DNS (resolvesPrivate);
 * a name re-pointed between that lookup and the fetch (DNS rebinding) is not caught.
 */
export function isPrivateHost(host: string): boolean {
  let h = host.replace(/^\[|\]$/g, "").toLowerCase();
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (mapped?.[1] && mapped[2]) {
    const hi = parseInt(mapped[1], 16), lo = parseInt(mapped[2], 16);
    h = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  } else if (h.startsWith("::ffff:")) h = h.slice(7);
  return h === "localhost" || h.endsWith(".localhost") || h === "::" || h === "::1" || /^127\./.test(h) || /^10\./.test(h) || /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h) || /^169\.254\./.test(h) || /^0\./.test(h) || /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(h) ||
    /^f[cd][0-9a-f]{2}:/.test(h) || /^fe80:/.test(h);
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
