import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Artifact, NormalizedManifest } from "../../catalog/schema.js";
import type { OutcomeRecord } from "../../outcomes/feedback.js";
import type { LearnedOutcome } from "../../outcomes/feedback.js";
import {
  changesSince,
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
import { openDatabase } from "./connection.js";
import * as access from "./access.js";
import * as outcomes from "./outcomes.js";
import type { OutcomeRow } from "./outcomes.js";
import * as vectors from "./vectors.js";
import * as matchLog from "./match-log.js";
import { MATCH_TOP_K as MATCH_TOP_K_DEFAULT } from "../store.js";

interface SignalRow {
  slug: string;
  metric: string;
  value: number;
  unit: string | null;
  source: string;
  observed_at: string;
  recorded_at: string;
}

/**
 * Opens (creating if needed) a SQLite catalog file and brings its schema up to date. Every write
 * transaction begins IMMEDIATE: a deferred one that reads first and then writes cannot wait for
 * another process's writer (SQLite answers SQLITE_BUSY at once instead of using busy_timeout),
 * which made `capgraph add` fail against a file `serve` was writing its match log to.
 */
export function openSqliteStore(file: string): Store {
  const { db, readOnly } = openDatabase(file);
  return new SqliteStore(db, readOnly);
}

class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;

  constructor(
    db: Database.Database,
    private readonly readOnly = false,
  ) {
    this.db = db;
  }

  async upsertManifests(manifests: readonly NormalizedManifest[], now = new Date()): Promise<UpsertSummary> {
    return this.upsertNow(manifests, now);
  }

  async writeManifests(
    manifests: readonly NormalizedManifest[],
    as: WriteAs,
    now = new Date(),
  ): Promise<UpsertSummary> {
    const at = now.toISOString();
    return this.db
      .transaction(() => {
        if (as.namespace !== undefined)
          access.reserve(
            this.db,
            manifests.map((m) => m.artifact.slug),
            as.namespace,
            as.quota,
            at,
          );
        const sum = this.upsertNow(manifests, now);
        const audit = this.db.prepare("INSERT INTO audit(at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)");
        for (const r of auditRows(sum, as, at)) audit.run(r.at, r.actor, r.action, r.target, r.detail);
        if (as.origin)
          this.db
            .prepare("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING")
            .run(originKey(as.origin.source), as.origin.slug);
        return sum;
      })
      .immediate();
  }

  private upsertNow(manifests: readonly NormalizedManifest[], now: Date): UpsertSummary {
    const at = now.toISOString();
    const summary: UpsertSummary = { created: [], updated: [], unchanged: [], signalsAppended: 0 };
    const getDoc = this.db.prepare("SELECT doc, created_at FROM artifacts WHERE slug = ?");
    const put =
      this.db.prepare(`INSERT INTO artifacts(slug, kind, name, doc, created_at, updated_at) VALUES (@slug, @kind, @name, @doc, @at, @at)
      ON CONFLICT(slug) DO UPDATE SET kind = excluded.kind, name = excluded.name, doc = excluded.doc, updated_at = excluded.updated_at`);
    const delCaps = this.db.prepare("DELETE FROM capabilities WHERE artifact_slug = ?");
    const putCap = this.db.prepare("INSERT INTO capabilities(artifact_slug, id, uri, position) VALUES (?, ?, ?, ?)");
    const lastSignal = this.db.prepare(
      "SELECT value, source, observed_at FROM signals WHERE slug = ? AND metric = ? ORDER BY seq DESC LIMIT 1",
    );
    const putSignal = this.db.prepare(
      "INSERT INTO signals(slug, metric, value, unit, source, observed_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const status: ("created" | "updated" | "unchanged")[] = new Array(manifests.length);
    const changed = new Set<string>();
    this.db
      .transaction(() => {
        for (const i of bySlug(manifests)) {
          const { artifact, signals } = manifests[i] as NormalizedManifest;
          const doc = JSON.stringify(stripTimes(artifact));
          const prev = getDoc.get(artifact.slug) as { doc: string } | undefined;
          status[i] = !prev ? "created" : prev.doc === doc ? "unchanged" : "updated";
          if (prev?.doc !== doc) {
            put.run({ slug: artifact.slug, kind: artifact.kind, name: artifact.name, doc, at });
            changed.add(artifact.slug);
            delCaps.run(artifact.slug);
            artifact.capabilities.forEach((c, i) => putCap.run(artifact.slug, c.id, c.uri, i));
          }
          for (const s of signals) {
            const last = lastSignal.get(artifact.slug, s.metric) as
              | { value: number; source: string; observed_at: string }
              | undefined;
            if (last && last.value === s.value && last.source === s.source && last.observed_at === s.observedAt)
              continue;
            putSignal.run(artifact.slug, s.metric, s.value, s.unit ?? null, s.source, s.observedAt, at);
            summary.signalsAppended++;
            changed.add(artifact.slug);
          }
        }
        manifests.forEach((m, i) => summary[status[i] ?? "unchanged"].push(m.artifact.slug));
        if (changed.size > 0) this.logChanges(changed, this.bump());
      })
      .immediate();
    return summary;
  }

  async getArtifact(slug: string): Promise<Artifact | undefined> {
    const row = this.db.prepare("SELECT doc, created_at, updated_at FROM artifacts WHERE slug = ?").get(slug) as
      | ArtifactRow
      | undefined;
    return row ? toArtifact(row) : undefined;
  }

  async listArtifacts(): Promise<Artifact[]> {
    return toArtifacts(
      this.db
        .prepare("SELECT doc, created_at, updated_at FROM artifacts ORDER BY slug")
        .iterate() as IterableIterator<ArtifactRow>,
    );
  }

  async countArtifacts(): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM artifacts").get() as { n: number }).n;
  }

  async listSignals(slug?: string): Promise<StoredSignal[]> {
    const rows = (
      slug
        ? this.db.prepare("SELECT * FROM signals WHERE slug = ? ORDER BY seq").all(slug)
        : this.db.prepare("SELECT * FROM signals ORDER BY seq").all()
    ) as SignalRow[];
    return rows.map((r) => ({
      slug: r.slug,
      metric: r.metric,
      value: r.value,
      source: r.source,
      observedAt: r.observed_at,
      recordedAt: r.recorded_at,
      ...(r.unit ? { unit: r.unit } : {}),
    }));
  }

  async recordMatch(match: Omit<MatchRecord, "id" | "at">, now = new Date()): Promise<MatchRecord> {
    const rec: MatchRecord = { ...match, id: randomUUID(), at: now.toISOString() };
    if (this.readOnly) return rec; // a read-only catalog still answers searches; it cannot log them
    await this.recordMatches([rec], MATCH_TOP_K_DEFAULT);
    return rec;
  }

  async recordMatches(batch: readonly MatchRecord[], topK: number): Promise<MatchCount[]> {
    return this.readOnly ? [] : matchLog.recordMatches(this.db, batch, topK);
  }

  async getMatch(id: string): Promise<MatchRecord | undefined> {
    return matchLog.getMatch(this.db, id);
  }

  async matchCounts(sinceSeq = 0): Promise<{ seq: number; counts: MatchCount[] }> {
    return matchLog.matchCounts(this.db, sinceSeq);
  }

  async pruneMatches(rule: MatchPruneRule): Promise<number> {
    return matchLog.pruneMatches(this.db, rule);
  }

  async recordOutcome(
    o: Omit<OutcomeRecord, "at">,
    now = new Date(),
  ): Promise<{ recorded: boolean; outcome: OutcomeRecord }> {
    const rec: OutcomeRecord = { ...o, at: now.toISOString() };
    const last = this.db
      .prepare(
        "SELECT capability_id, outcome, reporter, at FROM outcomes WHERE match_id = ? AND slug = ? ORDER BY seq DESC LIMIT 1",
      )
      .get(o.matchId, o.slug) as OutcomeRow | undefined;
    if (last && last.outcome === o.outcome && last.capability_id === o.capabilityId && last.reporter === o.reporter) {
      return { recorded: false, outcome: { ...o, at: last.at } };
    }
    this.db
      .transaction(() => {
        this.db
          .prepare(
            "INSERT INTO outcomes(match_id, slug, capability_id, outcome, reporter, at) VALUES (?, ?, ?, ?, ?, ?)",
          )
          .run(o.matchId, o.slug, o.capabilityId, o.outcome, o.reporter, rec.at);
        this.bump();
        const rev = (
          this.db
            .prepare(
              "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'outcome_revision' RETURNING value",
            )
            .get() as { value: string }
        ).value;
        this.db
          .prepare(
            "INSERT INTO outcome_changes(slug, rev) VALUES (?, ?) ON CONFLICT(slug) DO UPDATE SET rev = excluded.rev",
          )
          .run(o.slug, Number(rev));
      })
      .immediate();
    return { recorded: true, outcome: rec };
  }

  async listOutcomes(slug?: string): Promise<OutcomeRecord[]> {
    return outcomes.listOutcomes(this.db, slug);
  }

  async listLearnedOutcomes(afterSeq: number): Promise<LearnedOutcome[]> {
    return outcomes.listLearnedOutcomes(this.db, afterSeq);
  }

  async createKey(k: ApiKeyRecord): Promise<void> {
    return access.createKey(this.db, k);
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return access.findKeyByHash(this.db, hash);
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return access.listKeys(this.db);
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return access.revokeKey(this.db, id, at);
  }

  async getOwner(slug: string): Promise<OwnerRecord | undefined> {
    return access.getOwner(this.db, slug);
  }

  async setOwner(o: OwnerRecord): Promise<void> {
    return access.setOwner(this.db, o);
  }

  async claimOwnerIfAbsent(o: OwnerRecord): Promise<OwnerRecord> {
    return access.claimOwnerIfAbsent(this.db, o);
  }

  async appendAudit(a: AuditRecord): Promise<void> {
    return access.appendAudit(this.db, a);
  }

  async listAudit(limit: number): Promise<AuditRecord[]> {
    return access.listAudit(this.db, limit);
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (this.db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined)
      ?.value;
  }

  async putSettingIfAbsent(key: string, value: string): Promise<string> {
    this.db.prepare("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING").run(key, value);
    return (await this.getSetting(key)) ?? value;
  }

  async getEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>> {
    return vectors.getEmbeddings(this.db, model, keys);
  }

  async putEmbeddings(model: string, rows: readonly { key: string; vector: Float32Array }[]): Promise<void> {
    return vectors.putEmbeddings(this.db, model, rows);
  }

  async revision(): Promise<number> {
    return Number((this.db.prepare("SELECT value FROM meta WHERE key = 'revision'").get() as { value: string }).value);
  }

  /** Asked on every request (an embedded file is checked each time): prepared once. */
  private activityQuery: Database.Statement | undefined;

  async activity(): Promise<{ revision: number; outcomeRevision: number }> {
    this.activityQuery ??= this.db.prepare("SELECT key, value FROM meta WHERE key IN ('revision', 'outcome_revision')");
    const rows = this.activityQuery.all() as { key: string; value: string }[];
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.value ?? 0);
    return { revision: get("revision"), outcomeRevision: get("outcome_revision") };
  }

  async catalogChanges(since: number): Promise<{ revision: number; slugs: string[] }> {
    return changesSince(
      this.db.prepare("SELECT slug, rev FROM catalog_changes WHERE rev > ? ORDER BY slug").all(since) as {
        slug: string;
        rev: number;
      }[],
      since,
    );
  }

  async outcomeChanges(since: number): Promise<{ revision: number; slugs: string[] }> {
    return outcomes.outcomeChanges(this.db, since);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Raises the revision; returns the new one. */
  private bump(): number {
    return Number(
      (
        this.db
          .prepare(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision' RETURNING value",
          )
          .get() as { value: string }
      ).value,
    );
  }

  /** Records which artifacts a write changed, at its revision (Store.catalogChanges). */
  private logChanges(slugs: ReadonlySet<string>, rev: number): void {
    const put = this.db.prepare(
      "INSERT INTO catalog_changes(slug, rev) VALUES (?, ?) ON CONFLICT(slug) DO UPDATE SET rev = excluded.rev",
    );
    for (const slug of slugs) put.run(slug, rev);
  }
}

/**
 * Input positions in slug order: rows then go into the artifacts and capabilities B-trees
 * in key order, so a bulk write touches each page once instead of at random (measured at
 * 1M capabilities: see bench/add.ts).
 */
function bySlug(manifests: readonly NormalizedManifest[]): number[] {
  const slug = (i: number) => manifests[i]?.artifact.slug ?? "";
  return manifests.map((_, i) => i).sort((a, b) => (slug(a) < slug(b) ? -1 : slug(a) > slug(b) ? 1 : a - b));
}

type ArtifactRow = Parameters<typeof toArtifact>[0];
