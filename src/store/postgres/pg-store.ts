import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Artifact, NormalizedManifest } from "../../catalog/schema.js";
import { createError } from "../../errors.js";
import type { OutcomeRecord } from "../../outcomes/feedback.js";
import type { LearnedOutcome } from "../../outcomes/feedback.js";
import {
  changesSince,
  matchClientKeys,
  stripTimes,
  toArtifact,
  toArtifacts,
  type ApiKeyRecord,
  type AuditRecord,
  type OwnerRecord,
  type MatchCount,
  type MatchPruneRule,
  type MatchRecord,
  type Store,
  type StoredSignal,
  type UpsertSummary,
} from "../store.js";
import { auditRows, originKey, type WriteAs } from "../write.js";
import { connect, type Q } from "./connection.js";
import * as access from "./access.js";
import * as matchLog from "./match-log.js";
import * as outcomes from "./outcomes.js";
import type { OutcomeRow } from "./outcomes.js";
import * as textSearch from "./text-search.js";
import * as vectors from "./vectors.js";
import { MATCH_TOP_K as MATCH_TOP_K_DEFAULT } from "../store.js";

export interface PgOptions {
  /** Schema to use (created if missing); tests use one schema per store. */
  schema?: string;
}

/** Connects, checks the server, and brings the schema up to date (serialised by an advisory lock). */
export async function openPostgresStore(url: string, opts: PgOptions = {}): Promise<Store> {
  const schema = opts.schema ?? "public";
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw createError("DB_SCHEMA_NAME_INVALID", [schema]);
  return new PgStore(await connect(url, schema));
}

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
        await access.reserve(
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
    return this.tx((c) => matchLog.recordMatchesIn(c, batch, keys));
  }

  async getMatch(id: string): Promise<MatchRecord | undefined> {
    return matchLog.getMatch(this.pool, id);
  }

  async matchCounts(sinceSeq = 0): Promise<{ seq: number; counts: MatchCount[] }> {
    return matchLog.matchCounts(this.pool, sinceSeq);
  }

  async pruneMatches(rule: MatchPruneRule): Promise<number> {
    return this.tx((c) => matchLog.pruneMatchesIn(c, rule));
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
    return outcomes.listOutcomes(this.pool, slug);
  }

  async listLearnedOutcomes(afterSeq: number): Promise<LearnedOutcome[]> {
    return outcomes.listLearnedOutcomes(this.pool, afterSeq);
  }

  async createKey(k: ApiKeyRecord): Promise<void> {
    return access.createKey(this.pool, k);
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return access.findKeyByHash(this.pool, hash);
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return access.listKeys(this.pool);
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return access.revokeKey(this.pool, id, at);
  }

  async getOwner(slug: string): Promise<OwnerRecord | undefined> {
    return access.getOwner(this.pool, slug);
  }

  async setOwner(o: OwnerRecord): Promise<void> {
    return access.setOwner(this.pool, o);
  }

  async claimOwnerIfAbsent(o: OwnerRecord): Promise<OwnerRecord> {
    return access.claimOwnerIfAbsent(this.pool, o);
  }

  async appendAudit(a: AuditRecord): Promise<void> {
    return access.appendAudit(this.pool, a);
  }

  async listAudit(limit: number): Promise<AuditRecord[]> {
    return access.listAudit(this.pool, limit);
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
    return vectors.getEmbeddings(this.pool, model, keys);
  }

  async putEmbeddings(model: string, rows: readonly { key: string; vector: Float32Array }[]): Promise<void> {
    return vectors.putEmbeddings(this.pool, model, rows);
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
    return outcomes.outcomeChanges(this.pool, since);
  }

  /** In-database search: best capabilities for a query by weighted `ts_rank` (normalised by log length). */
  async searchText(query: string, limit: number): Promise<{ slug: string; capabilityId: string; score: number }[]> {
    return textSearch.searchText(this.pool, query, limit);
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
      await textSearch.insertCapabilities(c, artifact);
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
