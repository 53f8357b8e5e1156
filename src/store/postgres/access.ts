import type pg from "pg";
import {
  toKey,
  toOwner,
  type ApiKeyRecord,
  type AuditRecord,
  type KeyRow,
  type OwnerRecord,
  type OwnerRow,
} from "../store.js";
import { ownershipError, quotaError } from "../write.js";
import type { Q } from "./connection.js";

/** Who may write what: API keys, ownership of slugs (with publishing quotas), and the audit log. */

/**
 * Inside a transaction: refuses slugs owned by other namespaces (or unowned but present),
 * then reserves the new ones. The namespace lock serialises its quota count; slug locks are
 * taken in one order, as upsertIn takes them, so cross-ordered batches cannot deadlock.
 */
export async function reserve(
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

export async function createKey(pool: pg.Pool, k: ApiKeyRecord): Promise<void> {
  await pool.query(
    "INSERT INTO api_keys(id, hash, name, scopes, namespace, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [k.id, k.hash, k.name, JSON.stringify(k.scopes), k.namespace, k.createdAt, k.revokedAt],
  );
}

export async function findKeyByHash(pool: pg.Pool, hash: string): Promise<ApiKeyRecord | undefined> {
  const r = (await pool.query("SELECT * FROM api_keys WHERE hash = $1", [hash])).rows[0] as KeyRow | undefined;
  return r ? toKey(r) : undefined;
}

export async function listKeys(pool: pg.Pool): Promise<ApiKeyRecord[]> {
  return ((await pool.query(`SELECT * FROM api_keys ORDER BY created_at, id COLLATE "C"`)).rows as KeyRow[]).map(toKey);
}

export async function revokeKey(pool: pg.Pool, id: string, at: string): Promise<boolean> {
  return (
    ((await pool.query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", [at, id])).rowCount ??
      0) > 0
  );
}

export async function getOwner(pool: pg.Pool, slug: string): Promise<OwnerRecord | undefined> {
  const r = (await pool.query("SELECT * FROM owners WHERE slug = $1", [slug])).rows[0] as OwnerRow | undefined;
  return r ? toOwner(r) : undefined;
}

export async function setOwner(pool: pg.Pool, o: OwnerRecord): Promise<void> {
  await pool.query(
    `INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (slug) DO UPDATE SET namespace = EXCLUDED.namespace, verified = EXCLUDED.verified, proof_url = EXCLUDED.proof_url, at = EXCLUDED.at`,
    [o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at],
  );
}

export async function claimOwnerIfAbsent(pool: pg.Pool, o: OwnerRecord): Promise<OwnerRecord> {
  await pool.query(
    "INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING",
    [o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at],
  );
  return (await getOwner(pool, o.slug)) ?? o;
}

export async function appendAudit(pool: pg.Pool, a: AuditRecord): Promise<void> {
  await pool.query("INSERT INTO audit(at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)", [
    a.at,
    a.actor,
    a.action,
    a.target,
    a.detail,
  ]);
}

export async function listAudit(pool: pg.Pool, limit: number): Promise<AuditRecord[]> {
  return (
    (await pool.query("SELECT seq, at, actor, action, target, detail FROM audit ORDER BY seq DESC LIMIT $1", [limit]))
      .rows as AuditRecord[]
  ).map((r) => ({ ...r, seq: Number(r.seq) }));
}
