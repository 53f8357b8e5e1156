import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Artifact, NormalizedManifest } from "../../catalog/schema.js";
import { createError } from "../../errors.js";
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
import { SQLITE_MIGRATIONS } from "./migrations.js";
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
  if (file !== ":memory:" && !writable(file)) return openReadOnly(file);
  let db: Database.Database;
  try {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma("busy_timeout = 5000");
    retryBusy(() => db.pragma("journal_mode = WAL"));
    db.pragma("foreign_keys = ON");
  } catch (e) {
    throw createError("DB_OPEN_FAILED", [file, (e as Error).message]);
  }
  migrate(db, file);
  return new SqliteStore(db);
}

/** False when the file exists but it, or its folder (where SQLite keeps its journal), cannot be written. */
function writable(file: string): boolean {
  if (!fs.existsSync(file)) return true;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A catalog file this process may not write (a shipped snapshot, a read-only mount) serves
 * reads: opened read-only, its journal mode left as it is (switching to WAL is a write), its
 * schema checked but not migrated. Searches are answered but not logged.
 */
function openReadOnly(file: string): Store {
  let db: Database.Database;
  let version: number;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    version = (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
  } catch (e) {
    throw createError("DB_OPEN_FAILED", [
      file,
      `it is read-only for this process and could not be read (${(e as Error).message}); a WAL-mode file also needs a writable folder or its -shm file`,
    ]);
  }
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]?.version ?? 0;
  if (version > latest) throw createError("DB_SCHEMA_AHEAD", [file, version, latest]);
  if (version < latest)
    throw createError("DB_OPEN_FAILED", [
      file,
      `it is read-only for this process and has schema version ${version}, older than ${latest}; run capgraph migrate with write access first`,
    ]);
  return new SqliteStore(db, true);
}

/**
 * Processes opening one fresh file at once (serve --workers) race to switch it to WAL and to create
 * the migrations table. SQLite answers some of these races with SQLITE_BUSY at once rather than
 * wait where waiting could deadlock (two readers both upgrading), so those steps are retried.
 */
function retryBusy<T>(step: () => T, ms = 5000): T {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return step();
    } catch (e) {
      if (!String((e as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY") || Date.now() > until) throw e;
      Atomics.wait(PAUSE, 0, 0, 5 + Math.random() * 20);
    }
  }
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function migrate(db: Database.Database, file: string): void {
  retryBusy(() =>
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"),
  );
  const current = (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]?.version ?? 0;
  if (current > latest) throw createError("DB_SCHEMA_AHEAD", [file, current, latest]);
  const applied = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= current) continue;
    // Several processes may open a fresh file at once (serve --workers): the step is checked again
    // under the write lock, so the one that waited skips what another just applied.
    db.transaction(() => {
      if (applied.get(m.version)) return;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)").run(
        m.version,
        new Date().toISOString(),
      );
    }).immediate();
  }
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
          this.reserve(
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

  /** Inside a transaction: refuses slugs owned by others, then reserves the new ones. */
  private reserve(slugs: readonly string[], namespace: string, quota: number | undefined, at: string): void {
    const fresh: string[] = [];
    for (const slug of [...new Set(slugs)].sort()) {
      const owner = this.db.prepare("SELECT * FROM owners WHERE slug = ?").get(slug) as OwnerRow | undefined;
      const exists = this.db.prepare("SELECT 1 FROM artifacts WHERE slug = ?").get(slug) !== undefined;
      const denied = ownershipError(slug, owner ? toOwner(owner) : undefined, exists, namespace);
      if (denied) throw denied;
      if (!owner) fresh.push(slug);
    }
    const owned = (
      this.db.prepare("SELECT COUNT(*) AS n FROM owners WHERE namespace = ? AND verified = 0").get(namespace) as {
        n: number;
      }
    ).n;
    const over = quotaError(namespace, owned, fresh.length, quota);
    if (over) throw over;
    const put = this.db.prepare(
      "INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES (?, ?, 0, NULL, ?)",
    );
    for (const slug of fresh) put.run(slug, namespace, at);
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
    if (batch.length === 0 || this.readOnly) return [];
    const putMatch = this.db.prepare("INSERT INTO matches(id, query, client, at, results) VALUES (?, ?, ?, ?, ?)");
    const putClient = this.db.prepare("INSERT OR IGNORE INTO match_clients(day, slug, client) VALUES (?, ?, ?)");
    const putTotal = this.db.prepare(`INSERT INTO match_totals(slug, times, seq) VALUES (?, ?, ?)
      ON CONFLICT(slug) DO UPDATE SET times = times + excluded.times, seq = excluded.seq RETURNING slug, times`);
    return this.db
      .transaction(() => {
        for (const m of batch) putMatch.run(m.id, m.query, m.client, m.at, JSON.stringify(m.results));
        const inserted = matchClientKeys(batch, topK).filter((k) => putClient.run(k.day, k.slug, k.client).changes > 0);
        if (inserted.length === 0) return [];
        const seq = Number(
          (
            this.db
              .prepare(
                "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'match_seq' RETURNING value",
              )
              .get() as { value: string }
          ).value,
        );
        return [...risesBySlug(inserted)].map(([slug, n]) => putTotal.get(slug, n, seq) as MatchCount);
      })
      .immediate();
  }

  async getMatch(id: string): Promise<MatchRecord | undefined> {
    const m = this.db.prepare("SELECT id, query, client, at, results FROM matches WHERE id = ?").get(id) as
      | { id: string; query: string; client: string; at: string; results: string }
      | undefined;
    return m ? { id: m.id, query: m.query, client: m.client, at: m.at, results: parseResults(m.results) } : undefined;
  }

  async matchCounts(sinceSeq = 0): Promise<{ seq: number; counts: MatchCount[] }> {
    const rows = this.db
      .prepare("SELECT slug, times, seq FROM match_totals WHERE seq > ? ORDER BY slug")
      .all(sinceSeq) as { slug: string; times: number; seq: number }[];
    const seq = rows.reduce((m, r) => Math.max(m, r.seq), sinceSeq);
    return { seq, counts: rows.map((r) => ({ slug: r.slug, times: r.times })) };
  }

  async pruneMatches(rule: MatchPruneRule): Promise<number> {
    return this.db
      .transaction(() => {
        const matches = this.db
          .prepare(`DELETE FROM matches WHERE rowid IN (SELECT rowid FROM matches m WHERE m.at < ?
        AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.match_id = m.id) LIMIT ?)`)
          .run(rule.matchesBefore, rule.limit).changes;
        const clients = this.db
          .prepare(
            "DELETE FROM match_clients WHERE (day, slug, client) IN (SELECT day, slug, client FROM match_clients WHERE day < ? LIMIT ?)",
          )
          .run(rule.clientsBefore, rule.limit).changes;
        return matches + clients;
      })
      .immediate();
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
    const cols = "SELECT match_id, slug, capability_id, outcome, reporter, at FROM outcomes";
    const rows = (
      slug
        ? this.db.prepare(`${cols} WHERE slug = ? ORDER BY seq`).all(slug)
        : this.db.prepare(`${cols} ORDER BY seq`).all()
    ) as (OutcomeRow & { match_id: string; slug: string })[];
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
    const rows = this.db
      .prepare(`SELECT o.seq, o.match_id, o.slug, o.capability_id, o.outcome, o.reporter, o.at, m.query, m.results
      FROM outcomes o JOIN matches m ON m.id = o.match_id
      WHERE o.seq > ? AND m.query NOT LIKE 'resolve:%' ORDER BY o.seq`)
      .all(afterSeq) as Parameters<typeof learnedOutcome>[0][];
    return rows.map(learnedOutcome);
  }

  async createKey(k: ApiKeyRecord): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO api_keys(id, hash, name, scopes, namespace, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(k.id, k.hash, k.name, JSON.stringify(k.scopes), k.namespace, k.createdAt, k.revokedAt);
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const r = this.db.prepare("SELECT * FROM api_keys WHERE hash = ?").get(hash) as KeyRow | undefined;
    return r ? toKey(r) : undefined;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare("SELECT * FROM api_keys ORDER BY created_at, id").all() as KeyRow[]).map(toKey);
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return (
      this.db.prepare("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?").run(at, id).changes > 0
    );
  }

  async getOwner(slug: string): Promise<OwnerRecord | undefined> {
    const r = this.db.prepare("SELECT * FROM owners WHERE slug = ?").get(slug) as OwnerRow | undefined;
    return r ? toOwner(r) : undefined;
  }

  async setOwner(o: OwnerRecord): Promise<void> {
    this.db
      .prepare(`INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(slug) DO UPDATE SET namespace = excluded.namespace, verified = excluded.verified, proof_url = excluded.proof_url, at = excluded.at`)
      .run(o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at);
  }

  async claimOwnerIfAbsent(o: OwnerRecord): Promise<OwnerRecord> {
    this.db
      .prepare(
        "INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(slug) DO NOTHING",
      )
      .run(o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at);
    return (await this.getOwner(o.slug)) ?? o;
  }

  async appendAudit(a: AuditRecord): Promise<void> {
    this.db
      .prepare("INSERT INTO audit(at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
      .run(a.at, a.actor, a.action, a.target, a.detail);
  }

  async listAudit(limit: number): Promise<AuditRecord[]> {
    return (
      this.db
        .prepare("SELECT seq, at, actor, action, target, detail FROM audit ORDER BY seq DESC LIMIT ?")
        .all(limit) as AuditRecord[]
    ).map((r) => ({ ...r, seq: Number(r.seq) }));
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
    const get = this.db.prepare("SELECT vector FROM embeddings WHERE model = ? AND key = ?");
    const out = new Map<string, Float32Array>();
    for (const key of keys) {
      const row = get.get(model, key) as { vector: Buffer } | undefined;
      if (row) out.set(key, vectorFromBytes(row.vector));
    }
    return out;
  }

  async putEmbeddings(model: string, rows: readonly { key: string; vector: Float32Array }[]): Promise<void> {
    const put = this.db.prepare(
      "INSERT INTO embeddings(model, key, vector) VALUES (?, ?, ?) ON CONFLICT(model, key) DO NOTHING",
    );
    this.db
      .transaction(() => {
        for (const r of rows) put.run(model, r.key, vectorBytes(r.vector));
      })
      .immediate();
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
    const rows = this.db.prepare("SELECT slug, rev FROM outcome_changes WHERE rev > ? ORDER BY slug").all(since) as {
      slug: string;
      rev: number;
    }[];
    return { revision: rows.reduce((m, r) => Math.max(m, r.rev), since), slugs: rows.map((r) => r.slug) };
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

interface OutcomeRow {
  capability_id: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}

type ArtifactRow = Parameters<typeof toArtifact>[0];
