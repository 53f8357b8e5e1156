import type Database from "better-sqlite3";
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

/** Who may write what: API keys, ownership of slugs (with publishing quotas), and the audit log. */

/** Inside a transaction: refuses slugs owned by others, then reserves the new ones. */
export function reserve(
  db: Database.Database,
  slugs: readonly string[],
  namespace: string,
  quota: number | undefined,
  at: string,
): void {
  const fresh: string[] = [];
  for (const slug of [...new Set(slugs)].sort()) {
    const owner = db.prepare("SELECT * FROM owners WHERE slug = ?").get(slug) as OwnerRow | undefined;
    const exists = db.prepare("SELECT 1 FROM artifacts WHERE slug = ?").get(slug) !== undefined;
    const denied = ownershipError(slug, owner ? toOwner(owner) : undefined, exists, namespace);
    if (denied) throw denied;
    if (!owner) fresh.push(slug);
  }
  const owned = (
    db.prepare("SELECT COUNT(*) AS n FROM owners WHERE namespace = ? AND verified = 0").get(namespace) as { n: number }
  ).n;
  const over = quotaError(namespace, owned, fresh.length, quota);
  if (over) throw over;
  const put = db.prepare("INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES (?, ?, 0, NULL, ?)");
  for (const slug of fresh) put.run(slug, namespace, at);
}

export async function createKey(db: Database.Database, k: ApiKeyRecord): Promise<void> {
  db.prepare(
    "INSERT INTO api_keys(id, hash, name, scopes, namespace, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(k.id, k.hash, k.name, JSON.stringify(k.scopes), k.namespace, k.createdAt, k.revokedAt);
}

export async function findKeyByHash(db: Database.Database, hash: string): Promise<ApiKeyRecord | undefined> {
  const r = db.prepare("SELECT * FROM api_keys WHERE hash = ?").get(hash) as KeyRow | undefined;
  return r ? toKey(r) : undefined;
}

export async function listKeys(db: Database.Database): Promise<ApiKeyRecord[]> {
  return (db.prepare("SELECT * FROM api_keys ORDER BY created_at, id").all() as KeyRow[]).map(toKey);
}

export async function revokeKey(db: Database.Database, id: string, at: string): Promise<boolean> {
  return db.prepare("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?").run(at, id).changes > 0;
}

export async function getOwner(db: Database.Database, slug: string): Promise<OwnerRecord | undefined> {
  const r = db.prepare("SELECT * FROM owners WHERE slug = ?").get(slug) as OwnerRow | undefined;
  return r ? toOwner(r) : undefined;
}

export async function setOwner(db: Database.Database, o: OwnerRecord): Promise<void> {
  db.prepare(`INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(slug) DO UPDATE SET namespace = excluded.namespace, verified = excluded.verified, proof_url = excluded.proof_url, at = excluded.at`).run(
    o.slug,
    o.namespace,
    o.verified ? 1 : 0,
    o.proofUrl,
    o.at,
  );
}

export async function claimOwnerIfAbsent(db: Database.Database, o: OwnerRecord): Promise<OwnerRecord> {
  db.prepare(
    "INSERT INTO owners(slug, namespace, verified, proof_url, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(slug) DO NOTHING",
  ).run(o.slug, o.namespace, o.verified ? 1 : 0, o.proofUrl, o.at);
  return (await getOwner(db, o.slug)) ?? o;
}

export async function appendAudit(db: Database.Database, a: AuditRecord): Promise<void> {
  db.prepare("INSERT INTO audit(at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)").run(
    a.at,
    a.actor,
    a.action,
    a.target,
    a.detail,
  );
}

export async function listAudit(db: Database.Database, limit: number): Promise<AuditRecord[]> {
  return (
    db
      .prepare("SELECT seq, at, actor, action, target, detail FROM audit ORDER BY seq DESC LIMIT ?")
      .all(limit) as AuditRecord[]
  ).map((r) => ({ ...r, seq: Number(r.seq) }));
}
