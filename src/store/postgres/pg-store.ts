import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Artifact, NormalizedManifest } from "../../catalog/schema.js";
import { createError, isCapgraphError } from "../../errors.js";
import type { OutcomeRecord } from "../../outcomes/feedback.js";
import type { LearnedOutcome } from "../../outcomes/feedback.js";
import {
  changesSince,
  learnedOutcome,
  matchClientKeys,
  parseResults,
  risesBySlug,
  stripTimes,
  toArtifact,
  toArtifacts,
  toKey,
  toOwner,
  vectorBytes,
  vectorFromBytes,
  type ApiKeyRecord,
  type AuditRecord,
  type KeyRow,
  type OwnerRecord,
  type OwnerRow,
  type MatchCount,
  type MatchPruneRule,
  type MatchRecord,
  type Store,
  type StoredSignal,
  type UpsertSummary,
} from "../store.js";
import { auditRows, originKey, ownershipError, quotaError, type WriteAs } from "../write.js";
import { PG_MIGRATIONS } from "./migrations.js";
import { insertCapabilities, PG_RANK_WEIGHTS, toTsQuery } from "./pg-text.js";
import { MATCH_TOP_K as MATCH_TOP_K_DEFAULT } from "../store.js";

/** Pool limits: a replica never holds more than `max` connections and never waits forever. */
export const PG_POOL = {
  max: 10,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 30_000,
  statementTimeoutMillis: 15_000,
} as const;
/** Embedding rows per statement: keeps each statement well under the statement timeout. */
const EMBEDDING_BATCH = 1000;

export interface PgOptions {
  /** Schema to use (created if missing); tests use one schema per store. */
  schema?: string;
}

/** Connects, checks the server, and brings the schema up to date (serialised by an advisory lock). */
export async function openPostgresStore(url: string, opts: PgOptions = {}): Promise<Store> {
  const schema = opts.schema ?? "public";
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw createError("DB_SCHEMA_NAME_INVALID", [schema]);
  const pool = new pg.Pool({
    connectionString: url,
    max: PG_POOL.max,
    connectionTimeoutMillis: PG_POOL.connectionTimeoutMillis,
    idleTimeoutMillis: PG_POOL.idleTimeoutMillis,
    statement_timeout: PG_POOL.statementTimeoutMillis,
    options: `-c search_path=${schema}`,
  });
  pool.on("error", () => {}); // an idle client dropped by the server; the next query reconnects
  try {
    await migrate(pool, redact(url), schema);
  } catch (e) {
    await pool.end().catch(() => {});
    if (isCapgraphError(e)) throw e;
    throw createError("DB_OPEN_FAILED", [redact(url), (e as Error).message || String(e)]);
  }
  return new PgStore(pool);
}

/** Hides a password in a connection string before it reaches a message. */
export function redact(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

async function migrate(pool: pg.Pool, where: string, schema: string): Promise<void> {
  const c = await pool.connect();
  try {
    // One migrator at a time per database: replicas starting together must not race.
    await c.query("SELECT pg_advisory_lock(72190431)");
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const current = Number(
      (await c.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")).rows[0]?.v ?? 0,
    );
    const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) throw createError("DB_SCHEMA_AHEAD", [where, current, latest]);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await c.query("BEGIN");
      try {
        await c.query(m.sql);
        await c.query("INSERT INTO schema_migrations(version, applied_at) VALUES ($1, $2)", [
          m.version,
          new Date().toISOString(),
        ]);
        await c.query("COMMIT");
      } catch (e) {
        await c.query("ROLLBACK");
        throw e;
      }
    }
  } finally {
    await c.query("SELECT pg_advisory_unlock(72190431)").catch(() => {});
    c.release();
  }
}

type Q = Pick<pg.PoolClient, "query">;

class PgStore implements Store {
  readonly kind = "postgres" as const;
  constructor(private readonly pool: pg.Pool) {}

  private async tx<T>(fn: (c: Q) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const r = await fn(c);
      await c.query("COMMIT");
      return r;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async upsertManifests(manifests: readonly NormalizedManifest[], now = new Date()): Promise<UpsertSummary> {
    return this.tx((c) => upsertIn(c, manifests, now));
  }

  async writeManifests(
    manifests: readonly NormalizedManifest[],
    as: WriteAs,
    now = new Date(),
  ): Promise<UpsertSummary> {
    const at = now.toISOString();
    return this.tx(async (c) => {
      if (as.namespace !== undefined)
        await reserve(
          c,
          manifests.map((m) => m.artifact.slug),
          as.namespace,
          as.quota,
          at,
        );
      const sum = await upsertIn(c, manifests, now);
      for (const r of auditRows(sum, as, at))
        await c.query("INSERT INTO audit(at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)", [
          r.at,
          r.actor,
          r.action,
          r.target,
          r.detail,
        ]);
      if (as.origin)
        await c.query("INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [
          originKey(as.origin.source),
          as.origin.slug,
        ]);
      return sum;
    });
  }

  async getArtifact(slug: string): Promise<Artifact | undefined> {
    const row = (await this.pool.query("SELECT doc, created_at, updated_at FROM artifacts WHERE slug = $1", [slug]))
      .rows[0] as ArtifactRow | undefined;
    return row ? toArtifact(row) : undefined;
  }

  async listArtifacts(): Promise<Artifact[]> {
    const rows = (await this.pool.query(`SELECT doc, created_at, updated_at FROM artifacts ORDER BY slug COLLATE "C"`))
      .rows as ArtifactRow[];
    return toArtifacts(rows);
  }

  async countArtifacts(): Promise<number> {
    return Number((await this.pool.query("SELECT COUNT(*) AS n FROM artifacts")).rows[0]?.n ?? 0);
  }

  async listSignals(slug?: string): Promise<StoredSignal[]> {
    const r = slug
      ? await this.pool.query("SELECT * FROM signals WHERE slug = $1 ORDER BY seq", [slug])
      : await this.pool.query("SELECT * FROM signals ORDER BY seq");
    return (r.rows as SignalRow[]).map((x) => ({
      slug: x.slug,
      metric: x.metric,
      value: x.value,
      source: x.source,
      observedAt: x.observed_at,
      recordedAt: x.recorded_at,
      ...(x.unit ? { unit: x.unit } : {}),
    }));
  }

  async recordMatch(match: Omit<MatchRecord, "id" | "at">, now = new Date()): Promise<MatchRecord> {
    const rec: MatchRecord = { ...match, id: randomUUID(), at: now.toISOString() };
    await this.recordMatches([rec], MATCH_TOP_K_DEFAULT);
    return rec;
  }

  async recordMatches(batch: readonly MatchRecord[], topK: number): Promise<MatchCount[]> {
    if (batch.length === 0) return [];
    const keys = matchClientKeys(batch, topK);
    return this.tx(async (c) => {
      // The sequence row first: replicas' batches queue here, so they never take the rows below in crossed orders.
      const seq = Number(
        (await c.query("UPDATE meta SET value = value + 1 WHERE key = 'match_seq' RETURNING value")).rows[0]?.value ??
          0,
      );
      await c.query(
        "INSERT INTO matches(id, query, client, at, results) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])",
        [
          batch.map((m) => m.id),
          batch.map((m) => m.query),
          batch.map((m) => m.client),
          batch.map((m) => m.at),
          batch.map((m) => JSON.stringify(m.results)),
        ],
      );
      const ins = await c.query(
        "INSERT INTO match_clients(day, slug, client) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING slug",
        [keys.map((k) => k.day), keys.map((k) => k.slug), keys.map((k) => k.client)],
      );
      const rises = risesBySlug(ins.rows as { slug: string }[]);
      if (rises.size === 0) return [];
      const r = await c.query(
        `INSERT INTO match_totals(slug, times, seq) SELECT s, n, $3 FROM unnest($1::text[], $2::bigint[]) AS t(s, n)
        ON CONFLICT (slug) DO UPDATE SET times = match_totals.times + EXCLUDED.times, seq = EXCLUDED.seq RETURNING slug, times`,
        [[...rises.keys()], [...rises.values()], seq],
      );
      return (r.rows as { slug: string; times: string }[])
        .map((x) => ({ slug: x.slug, times: Number(x.times) }))
        .sort((a, b) => (a.slug < b.slug ? -1 : 1));
    });
  }

  async getMatch(id: string): Promise<MatchRecord | undefined> {
    const m = (await this.pool.query("SELECT id, query, client, at, results FROM matches WHERE id = $1", [id]))
      .rows[0] as { id: string; query: string; client: string; at: string; results: string } | undefined;
    return m ? { id: m.id, query: m.query, client: m.client, at: m.at, results: parseResults(m.results) } : undefined;
  }

  async matchCounts(sinceSeq = 0): Promise<{ seq: number; counts: MatchCount[] }> {
    const rows = (
      await this.pool.query(`SELECT slug, times, seq FROM match_totals WHERE seq > $1 ORDER BY slug COLLATE "C"`, [
        sinceSeq,
      ])
    ).rows as { slug: string; times: string; seq: string }[];
    const seq = rows.reduce((m, r) => Math.max(m, Number(r.seq)), sinceSeq);
    return { seq, counts: rows.map((r) => ({ slug: r.slug, times: Number(r.times) })) };
  }

  async pruneMatches(rule: MatchPruneRule): Promise<number> {
    return this.tx(async (c) => {
      const m = await c.query(
        `DELETE FROM matches WHERE id IN (SELECT id FROM matches x WHERE x.at < $1
        AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.match_id = x.id) LIMIT $2)`,
        [rule.matchesBefore, rule.limit],
      );
      const k = await c.query(
        "DELETE FROM match_clients WHERE (day, slug, client) IN (SELECT day, slug, client FROM match_clients WHERE day < $1 LIMIT $2)",
        [rule.clientsBefore, rule.limit],
      );
      return (m.rowCount ?? 0) + (k.rowCount ?? 0);
    });
  }

  async recordOutcome(
    o: Omit<OutcomeRecord, "at">,
    now = new Date(),
  ): Promise<{ recorded: boolean; outcome: OutcomeRecord }> {
    return this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${o.matchId}/${o.slug}`]);
      const last = (
        await c.query(
          "SELECT capability_id, outcome, reporter, at FROM outcomes WHERE match_id = $1 AND slug = $2 ORDER BY seq DESC LIMIT 1",
          [o.matchId, o.slug],
        )
      ).rows[0] as OutcomeRow | undefined;
      if (last && last.outcome === o.outcome && last.capability_id === o.capabilityId && last.reporter === o.reporter)
        return { recorded: false, outcome: { ...o, at: last.at } };
      const at = now.toISOString();
      await c.query(
        "INSERT INTO outcomes(match_id, slug, capability_id, outcome, reporter, at) VALUES ($1, $2, $3, $4, $5, $6)",
        [o.matchId, o.slug, o.capabilityId, o.outcome, o.reporter, at],
      );
      const rev = (await c.query("UPDATE meta SET value = value + 1 WHERE key = 'outcome_revision' RETURNING value"))
        .rows[0]?.value as string;
      await c.query(
        "INSERT INTO outcome_changes(slug, rev) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET rev = EXCLUDED.rev",
        [o.slug, rev],
      );
      await bump(c);
      return { recorded: true, outcome: { ...o, at } };
    });
  }

  async listOutcomes(slug?: string): Promise<OutcomeRecord[]> {
    const cols = "SELECT match_id, slug, capability_id, outcome, reporter, at FROM outcomes";
    const res = slug
      ? await this.pool.query(`${cols} WHERE slug = $1 ORDER BY seq`, [slug])
      : await this.pool.query(`${cols} ORDER BY seq`);
    const rows = res.rows as (OutcomeRow & { match_id: string; slug: string })[];
    return rows.map((r) => ({
      matchId: r.match_id,
      slug: r.slug,
      capabilityId: r.capability_id,
      outcome: r.outcome,
      reporter: r.reporter,
      at: r.at,
    }));
  }

  async listLearnedOutcomes(afterSeq: number): Promise<LearnedOutcome[]> {
    const rows = (
      await this.pool.query(
        `SELECT o.seq, o.match_id, o.slug, o.capability_id, o.outcome, o.reporter, o.at, m.query, m.results
      FROM outcomes o JOIN matches m ON m.id = o.match_id
      WHERE o.seq > $1 AND m.query NOT LIKE 'resolve:%' ORDER BY o.seq`,
        [afterSeq],
      )
    ).rows as Parameters<typeof learnedOutcome>[0][];
    return rows.map(learnedOutcome);
  }

  async createKey(k: ApiKeyRecord): Promise<void> {
    await this.pool.query(
      "INSERT INTO api_keys(id, hash, name, scopes, namespace, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [k.id, k.hash, k.name, JSON.stringify(k.scopes), k.namespace, k.createdAt, k.revokedAt],
    );
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const r = (await this.pool.query("SELECT * FROM api_keys WHERE hash = $1", [hash])).rows[0] as KeyRow | undefined;
    return r ? toKey(r) : undefined;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return ((await this.pool.query(`SELECT * FROM api_keys ORDER BY created_at, id COLLATE "C"`)).rows as KeyRow[]).map(
      toKey,
    );
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return (
      ((await this.pool.query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", [at, id]))
        .rowCount ?? 0) > 0
    );
  }

  async getOwner(slug: string): Promise<OwnerRecord | undefined> {
    const r = (await this.pool.query("SELECT * FROM owners WHERE slug = $1", [slug])).rows[0] as OwnerRow | undefined;
    return r ? toOwner(r) : undefined;
  }

  async setOwner(o: OwnerRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (slug) DO UPDATE SET namespace = EXCLUDED.namespace, verified = EXCLUDED.verified, proof_url = EXCLUDED.proof_url, at = EXCLUDED.at`,
      [o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at],
    );
  }

  async claimOwnerIfAbsent(o: OwnerRecord): Promise<OwnerRecord> {
    await this.pool.query(
      "INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING",
      [o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at],
    );
    return (await this.getOwner(o.slug)) ?? o;
  }

  async appendAudit(a: AuditRecord): Promise<void> {
    await this.pool.query("INSERT INTO audit(at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)", [
      a.at,
      a.actor,
      a.action,
      a.target,
      a.detail,
    ]);
  }

  async listAudit(limit: number): Promise<AuditRecord[]> {
    return (
      (
        await this.pool.query("SELECT seq, at, actor, action, target, detail FROM audit ORDER BY seq DESC LIMIT $1", [
          limit,
        ])
      ).rows as AuditRecord[]
    ).map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (
      (await this.pool.query("SELECT value FROM settings WHERE key = $1", [key])).rows[0] as
        | { value: string }
        | undefined
    )?.value;
  }

  async putSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.pool.query("INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [
      key,
      value,
    ]);
    return (await this.getSetting(key)) ?? value;
  }

  async getEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < keys.length; i += EMBEDDING_BATCH) {
      const res = await this.pool.query(
        "SELECT key, vector FROM embeddings WHERE model = $1 AND key = ANY($2::text[])",
        [model, keys.slice(i, i + EMBEDDING_BATCH)],
      );
      for (const r of res.rows as { key: string; vector: Buffer }[]) out.set(r.key, vectorFromBytes(r.vector));
    }
    return out;
  }

  async putEmbeddings(model: string, rows: readonly { key: string; vector: Float32Array }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += EMBEDDING_BATCH) {
      const batch = rows.slice(i, i + EMBEDDING_BATCH);
      await this.pool.query(
        "INSERT INTO embeddings(model, key, vector) SELECT $1, k, v FROM unnest($2::text[], $3::bytea[]) AS t(k, v) ON CONFLICT (model, key) DO NOTHING",
        [model, batch.map((r) => r.key), batch.map((r) => vectorBytes(r.vector))],
      );
    }
  }

  async revision(): Promise<number> {
    return Number((await this.pool.query("SELECT value FROM meta WHERE key = 'revision'")).rows[0]?.value ?? 0);
  }

  async activity(): Promise<{ revision: number; outcomeRevision: number }> {
    const rows = (await this.pool.query("SELECT key, value FROM meta WHERE key IN ('revision', 'outcome_revision')"))
      .rows as { key: string; value: string }[];
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.value ?? 0);
    return { revision: get("revision"), outcomeRevision: get("outcome_revision") };
  }

  async catalogChanges(since: number): Promise<{ revision: number; slugs: string[] }> {
    return changesSince(
      (await this.pool.query(`SELECT slug, rev FROM catalog_changes WHERE rev > $1 ORDER BY slug COLLATE "C"`, [since]))
        .rows as { slug: string; rev: string }[],
      since,
    );
  }

  async outcomeChanges(since: number): Promise<{ revision: number; slugs: string[] }> {
    const rows = (
      await this.pool.query(`SELECT slug, rev FROM outcome_changes WHERE rev > $1 ORDER BY slug COLLATE "C"`, [since])
    ).rows as { slug: string; rev: string }[];
    return { revision: rows.reduce((m, r) => Math.max(m, Number(r.rev)), since), slugs: rows.map((r) => r.slug) };
  }

  /** In-database search: best capabilities for a query by weighted `ts_rank` (normalised by log length). */
  async searchText(query: string, limit: number): Promise<{ slug: string; capabilityId: string; score: number }[]> {
    const q = toTsQuery(query);
    if (!q) return [];
    const r = await this.pool.query(
      `SELECT artifact_slug, id, ts_rank($1::float4[], search, q, 1) AS score
      FROM capabilities, to_tsquery('english', $2) AS q WHERE search @@ q ORDER BY score DESC, artifact_slug, id LIMIT $3`,
      [PG_RANK_WEIGHTS, q, limit],
    );
    return (r.rows as { artifact_slug: string; id: string; score: number }[]).map((x) => ({
      slug: x.artifact_slug,
      capabilityId: x.id,
      score: x.score,
    }));
  }

  async subscribe(onChange: () => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    client.on("notification", (msg) => {
      if (msg.channel === CHANGE_CHANNEL) onChange();
    });
    // A dropped listener is not fatal: the reader's periodic revision check catches up.
    client.on("error", () => {});
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    return async () => {
      await client.query(`UNLISTEN ${CHANGE_CHANNEL}`).catch(() => {});
      client.release();
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Upserts inside the caller's transaction (see Store.upsertManifests). */
async function upsertIn(c: Q, manifests: readonly NormalizedManifest[], now: Date): Promise<UpsertSummary> {
  const at = now.toISOString();
  const summary: UpsertSummary = { created: [], updated: [], unchanged: [], signalsAppended: 0 };
  const changed = new Set<string>();
  // Lock every slug (or its absence) up front, in one order, so concurrent imports of the
  // same artifacts serialise instead of deadlocking.
  for (const slug of [...new Set(manifests.map((m) => m.artifact.slug))].sort())
    await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [slug]);
  for (const { artifact, signals } of manifests) {
    const doc = JSON.stringify(stripTimes(artifact));
    const prev = (await c.query("SELECT doc FROM artifacts WHERE slug = $1", [artifact.slug])).rows[0] as
      | { doc: string }
      | undefined;
    if (!prev) summary.created.push(artifact.slug);
    else if (prev.doc === doc) summary.unchanged.push(artifact.slug);
    else summary.updated.push(artifact.slug);
    if (prev?.doc !== doc) {
      await c.query(
        `INSERT INTO artifacts(slug, kind, name, doc, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
        ON CONFLICT (slug) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at`,
        [artifact.slug, artifact.kind, artifact.name, doc, at],
      );
      changed.add(artifact.slug);
      await c.query("DELETE FROM capabilities WHERE artifact_slug = $1", [artifact.slug]);
      // One statement per artifact, not per capability.
      await insertCapabilities(c, artifact);
    }
    for (const s of signals) {
      const last = (
        await c.query(
          "SELECT value, source, observed_at FROM signals WHERE slug = $1 AND metric = $2 ORDER BY seq DESC LIMIT 1",
          [artifact.slug, s.metric],
        )
      ).rows[0] as { value: number; source: string; observed_at: string } | undefined;
      if (last && last.value === s.value && last.source === s.source && last.observed_at === s.observedAt) continue;
      await c.query(
        "INSERT INTO signals(slug, metric, value, unit, source, observed_at, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [artifact.slug, s.metric, s.value, s.unit ?? null, s.source, s.observedAt, at],
      );
      summary.signalsAppended++;
      changed.add(artifact.slug);
    }
  }
  if (changed.size > 0) await bump(c, [...changed]);
  return summary;
}

/**
 * Inside a transaction: refuses slugs owned by other namespaces (or unowned but present),
 * then reserves the new ones. The namespace lock serialises its quota count; slug locks are
 * taken in one order, as upsertIn takes them, so cross-ordered batches cannot deadlock.
 */
async function reserve(
  c: Q,
  slugs: readonly string[],
  namespace: string,
  quota: number | undefined,
  at: string,
): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`namespace:${namespace}`]);
  const fresh: string[] = [];
  for (const slug of [...new Set(slugs)].sort()) {
    await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [slug]);
    const owner = (await c.query("SELECT * FROM owners WHERE slug = $1", [slug])).rows[0] as OwnerRow | undefined;
    const exists = ((await c.query("SELECT 1 FROM artifacts WHERE slug = $1", [slug])).rowCount ?? 0) > 0;
    const denied = ownershipError(slug, owner ? toOwner(owner) : undefined, exists, namespace);
    if (denied) throw denied;
    if (!owner) fresh.push(slug);
  }
  const owned = Number(
    (await c.query("SELECT COUNT(*) AS n FROM owners WHERE namespace = $1 AND verified = 0", [namespace])).rows[0]?.n ??
      0,
  );
  const over = quotaError(namespace, owned, fresh.length, quota);
  if (over) throw over;
  for (const slug of fresh)
    await c.query("INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES ($1, $2, 0, NULL, $3)", [
      slug,
      namespace,
      at,
    ]);
}

/** Bumps the revision, logs the artifacts `changed` at it, and tells every listening replica (delivered at commit). */
async function bump(c: Q, changed: readonly string[] = []): Promise<void> {
  const r = await c.query("UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value");
  // The revision row stays locked until commit, so change rows become visible in revision order.
  if (changed.length)
    await c.query(
      "INSERT INTO catalog_changes(slug, rev) SELECT unnest($1::text[]), $2 ON CONFLICT (slug) DO UPDATE SET rev = EXCLUDED.rev",
      [changed, r.rows[0]?.value],
    );
  await c.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, String(r.rows[0]?.value ?? "")]);
}

/** The LISTEN/NOTIFY channel of catalog changes. */
export const CHANGE_CHANNEL = "capgraph_changes";

type ArtifactRow = Parameters<typeof toArtifact>[0];
interface SignalRow {
  slug: string;
  metric: string;
  value: number;
  unit: string | null;
  source: string;
  observed_at: string;
  recorded_at: string;
}
interface OutcomeRow {
  capability_id: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}
