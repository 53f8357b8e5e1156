import { createError } from "../errors.js";
import type { Artifact, NormalizedManifest, Signal } from "../catalog/schema.js";
import type { OutcomeRecord } from "../outcomes/feedback.js";
import type { WriteAs } from "./write.js";
import type { LearnedOutcome } from "../outcomes/feedback.js";

/** A search counts toward Times matched for the artifacts in its top k results. */
export const MATCH_TOP_K = 10;

export interface StoredSignal extends Signal {
  slug: string;
  recordedAt: string;
}

export interface MatchResultRow {
  slug: string;
  score: number;
  capabilityIds: string[];
}

export interface MatchRecord {
  id: string;
  query: string;
  client: string;
  at: string;
  results: MatchResultRow[];
}

/** Times matched of one artifact: distinct clients per day that got it in the top K, summed over days. */
export interface MatchCount {
  slug: string;
  times: number;
  /** Not counted any more (kept so older callers type-check). */
  capabilities?: Record<string, number>;
}

/** What the match log keeps and for how long (see MATCH_RETENTION in rank/methodology.ts). */
export interface MatchPruneRule {
  /** Searches recorded before this instant are deleted unless an outcome refers to them. */
  matchesBefore: string;
  /** Per-client rows of days before this one (YYYY-MM-DD) are deleted; their counts stay in the totals. */
  clientsBefore: string;
  /** At most this many rows of each table per call, so one call stays short. */
  limit: number;
}

export interface ApiKeyRecord {
  id: string;
  /** sha256 of the secret part, hex; the secret itself is never stored. */
  hash: string;
  name: string;
  scopes: ("read" | "publish" | "admin")[];
  namespace: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface OwnerRecord {
  slug: string;
  namespace: string;
  verified: boolean;
  proofUrl: string | null;
  at: string;
}
export interface AuditRecord {
  seq?: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
}

export interface UpsertSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  signalsAppended: number;
}

/**
 * Persistence for the catalog. Every method is async so that a networked implementation
 * (PostgreSQL) fits the same contract; every write is one transaction. Signals and
 * matches are append-only.
 */
export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Creates or replaces artifacts and appends changed signals, all or nothing. */
  upsertManifests(manifests: readonly NormalizedManifest[], now?: Date): Promise<UpsertSummary>;
  /**
   * upsertManifests on behalf of `as`, in one transaction with its ownership checks, the
   * reservation of new slugs, the import's origin record and the audit rows: all or nothing.
   */
  writeManifests(manifests: readonly NormalizedManifest[], as: WriteAs, now?: Date): Promise<UpsertSummary>;
  getArtifact(slug: string): Promise<Artifact | undefined>;
  listArtifacts(): Promise<Artifact[]>;
  countArtifacts(): Promise<number>;
  listSignals(slug?: string): Promise<StoredSignal[]>;
  recordMatch(match: Omit<MatchRecord, "id" | "at">, now?: Date): Promise<MatchRecord>;
  /**
   * Writes searches in one transaction, one row each; each artifact in a search's top `topK`
   * counts once per client and day. Returns the new totals of the artifacts whose count rose.
   */
  recordMatches(batch: readonly MatchRecord[], topK: number): Promise<MatchCount[]>;
  getMatch(id: string): Promise<MatchRecord | undefined>;
  /**
   * Times matched per artifact whose total changed after `sinceSeq` (0: all), and the sequence
   * number to ask from next time: a replica follows other replicas' searches incrementally.
   */
  matchCounts(sinceSeq?: number): Promise<{ seq: number; counts: MatchCount[] }>;
  /** Deletes old match rows by the retention rule; returns how many rows went. */
  pruneMatches(rule: MatchPruneRule): Promise<number>;
  /**
   * Appends an outcome unless the newest one for the same (match, artifact) already says
   * the same thing; returns whether it was appended. Outcomes are append-only.
   */
  recordOutcome(o: Omit<OutcomeRecord, "at">, now?: Date): Promise<{ recorded: boolean; outcome: OutcomeRecord }>;
  /** Every outcome in the order recorded, or one artifact's. */
  listOutcomes(slug?: string): Promise<OutcomeRecord[]>;
  /**
   * Outcomes with a sequence number above `afterSeq`, in sequence order, each with the intent
   * (the match's query) it answered and its capability (the reported one, else the first the
   * match returned for that artifact): what the match graph learns from. Resolve matches are left out.
   */
  listLearnedOutcomes(afterSeq: number): Promise<LearnedOutcome[]>;
  /**
   * A number that changes whenever artifacts, signals or outcomes change (for cache keys and
   * index freshness). Recording a match does not change it: match counts refresh on a timer.
   */
  revision(): Promise<number>;
  /**
   * The revision and the outcome revision, read together. Every recorded outcome raises both
   * by one, so `revision − outcomeRevision` changes only when something else changed.
   */
  activity(): Promise<{ revision: number; outcomeRevision: number }>;
  /** Artifacts with outcomes recorded after outcome revision `since`, and the newest outcome revision among them. */
  outcomeChanges(since: number): Promise<{ revision: number; slugs: string[] }>;
  /**
   * Artifacts created, changed or given new signals after revision `since` (each listed once,
   * at the revision of its latest change), and the newest such revision: a replica loads only
   * those. A write's rows commit with its revision bump, so nothing below that revision appears later.
   */
  catalogChanges(since: number): Promise<{ revision: number; slugs: string[] }>;
  createKey(k: ApiKeyRecord): Promise<void>;
  findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; returns false when no such key exists. */
  revokeKey(id: string, at: string): Promise<boolean>;
  getOwner(slug: string): Promise<OwnerRecord | undefined>;
  setOwner(o: OwnerRecord): Promise<void>;
  /** Records `o` unless the slug has an owner; returns the owner that is stored (first writer wins). */
  claimOwnerIfAbsent(o: OwnerRecord): Promise<OwnerRecord>;
  appendAudit(a: AuditRecord): Promise<void>;
  listAudit(limit: number): Promise<AuditRecord[]>;
  /** A stored setting, or undefined. */
  getSetting(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns the value that is stored (first writer wins). */
  putSettingIfAbsent(key: string, value: string): Promise<string>;
  /**
   * Embedding vectors kept for a model, by text key (a hash): replicas and restarts reuse
   * them instead of asking a paid endpoint again. Keys not stored are absent from the map.
   */
  getEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Stores vectors for a model; a key already stored keeps its vector (same model and text, same vector). */
  putEmbeddings(model: string, rows: readonly { key: string; vector: Float32Array }[]): Promise<void>;
  /**
   * In-database full-text search over capabilities (PostgreSQL), for catalogs too big for
   * the in-memory index. Optional: stores without it are searched in memory only.
   */
  searchText?(query: string, limit: number): Promise<{ slug: string; capabilityId: string; score: number }[]>;
  /** Calls `onChange` soon after another process commits a change (PostgreSQL LISTEN/NOTIFY). Optional. */
  subscribe?(onChange: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Shared by every store: change rows (slug, revision) after `since` as the slugs and the newest revision among them. */
export function changesSince(
  rows: readonly { slug: string; rev: number | string }[],
  since: number,
): { revision: number; slugs: string[] } {
  return { revision: rows.reduce((m, r) => Math.max(m, Number(r.rev)), since), slugs: rows.map((r) => r.slug) };
}

/** Shared by every store: a joined outcome row as the match graph reads it. */
export function learnedOutcome(r: {
  seq: number | string;
  match_id: string;
  slug: string;
  capability_id: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
  query: string;
  results: string;
}): LearnedOutcome {
  // The capabilities the match returned for this artifact (the first one stands in when none was reported).
  const returned = parseResults(r.results).find((x) => x.slug === r.slug)?.capabilityIds ?? [];
  return {
    seq: Number(r.seq),
    matchId: r.match_id,
    query: r.query,
    slug: r.slug,
    capabilityId: r.capability_id ?? returned[0] ?? "",
    outcome: r.outcome,
    reporter: r.reporter,
    at: r.at,
  };
}

/** The day a match counts for (UTC) and the (day, artifact, client) keys of its top `topK` results. */
export function matchClientKeys(
  batch: readonly MatchRecord[],
  topK: number,
): { day: string; slug: string; client: string }[] {
  const seen = new Set<string>();
  const out: { day: string; slug: string; client: string; order: string }[] = [];
  for (const m of batch) {
    const day = m.at.slice(0, 10);
    for (const r of m.results.slice(0, topK)) {
      const k = `${day}\u0000${r.slug}\u0000${m.client}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ day, slug: r.slug, client: m.client, order: day + r.slug + m.client });
    }
  }
  // One order for every writer, so concurrent batches take row locks in the same order (keys built once, not per comparison).
  return out.sort((a, b) => (a.order < b.order ? -1 : 1));
}

/** New (day, artifact, client) rows per artifact: how much each total rises. */
export function risesBySlug(inserted: readonly { slug: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of inserted) m.set(r.slug, (m.get(r.slug) ?? 0) + 1);
  return new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** A match row's results column back into rows (legacy rows hold the same shape). */
export function parseResults(json: string): MatchResultRow[] {
  return JSON.parse(json) as MatchResultRow[];
}

/** Stores keep artifacts as JSON text without timestamps; these turn rows back into artifacts. */
export function toArtifact(row: { doc: string; created_at: string; updated_at: string }): Artifact {
  // The timestamps go onto the parsed object itself: a spread copy per artifact was a fifth of the read at 1M.
  let a: Artifact;
  try {
    a = JSON.parse(row.doc) as Artifact;
  } catch {
    // Only this program writes the column, always JSON: text that is not is damaged storage.
    throw createError("DB_CORRUPT");
  }
  a.createdAt = row.created_at;
  a.updatedAt = row.updated_at;
  return a;
}

/**
 * Reads a whole catalog: each row is parsed as it arrives (its JSON text is garbage at once,
 * not held until the last row), the short strings that repeat across artifacts (kinds,
 * categories, taxonomy URIs, evidence levels, intents) are shared instead of one copy each,
 * and so is one frozen empty array for every empty list (most capabilities list no
 * limitations, requirements, input or output types or sources: 32 bytes each, 160 MB at 1M).
 * Nothing edits an artifact read from the store in place; the frozen array makes sure of it.
 */
export function toArtifacts(rows: Iterable<{ doc: string; created_at: string; updated_at: string }>): Artifact[] {
  const out: Artifact[] = [];
  const shared = new Map<string, string>();
  const one = (s: string) => {
    const hit = shared.get(s);
    if (hit !== undefined) return hit;
    shared.set(s, s);
    return s;
  };
  const all = <T extends string>(xs: T[]): T[] => {
    if (xs.length === 0) return NONE as T[];
    for (let i = 0; i < xs.length; i++) xs[i] = one(xs[i] as string) as T;
    return xs;
  };
  const some = <T>(xs: T[]): T[] => (xs.length === 0 ? (NONE as T[]) : xs);
  for (const row of rows) {
    const a = toArtifact(row);
    a.kind = one(a.kind) as Artifact["kind"];
    a.categories = all(a.categories);
    a.tags = all(a.tags);
    a.pricing.prices = some(a.pricing.prices);
    for (const c of a.capabilities) {
      c.uri = one(c.uri);
      c.evidence = one(c.evidence) as typeof c.evidence;
      if (c.uriSource) c.uriSource = one(c.uriSource) as typeof c.uriSource;
      c.intents = all(c.intents);
      c.bestFor = all(c.bestFor);
      c.inputTypes = all(c.inputTypes);
      c.outputTypes = all(c.outputTypes);
      c.limitations = some(c.limitations);
      c.requires = some(c.requires);
      c.sources = some(c.sources);
    }
    out.push(a);
  }
  return out;
}

/** The one empty list artifacts read in bulk share (see toArtifacts). */
const NONE: never[] = Object.freeze([]) as never[];

export function stripTimes(a: Artifact): Artifact {
  const { createdAt: _c, updatedAt: _u, ...rest } = a;
  return rest;
}

export interface KeyRow {
  id: string;
  hash: string;
  name: string;
  scopes: string;
  namespace: string;
  created_at: string;
  revoked_at: string | null;
}
export interface OwnerRow {
  slug: string;
  namespace: string;
  verified: number;
  proof_url: string | null;
  at: string;
}

export function toKey(r: KeyRow): ApiKeyRecord {
  return {
    id: r.id,
    hash: r.hash,
    name: r.name,
    scopes: JSON.parse(r.scopes) as ApiKeyRecord["scopes"],
    namespace: r.namespace,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

export function toOwner(r: OwnerRow): OwnerRecord {
  return { slug: r.slug, namespace: r.namespace, verified: Number(r.verified) === 1, proofUrl: r.proof_url, at: r.at };
}

/** A vector as stored: its float32 bytes in the platform's order (little-endian everywhere we run). */
export const vectorBytes = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** A stored vector back; copied, since a driver's Buffer may not be 4-byte aligned. */
export function vectorFromBytes(b: Uint8Array): Float32Array {
  const out = new Float32Array(b.byteLength >> 2);
  new Uint8Array(out.buffer).set(b.subarray(0, out.length * 4));
  return out;
}
