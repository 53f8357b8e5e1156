import { createError } from "../errors.js";
import type { OwnerRecord, UpsertSummary } from "./store.js";

/**
 * Who writes a batch of manifests. The store checks ownership, reserves new slugs, upserts
 * and appends the audit rows in one transaction, so a refused or interrupted write leaves
 * no reservation, no artifact and no audit row behind.
 */
export interface WriteAs {
  /** `key:<id>` for an API key, `cli` for the operator. */
  actor: string;
  /** The audit action: `publish`, `add`, `import`. */
  action: string;
  /**
   * A publisher's namespace: every existing artifact must be owned by it and every new slug
   * becomes owned by it (unverified). Absent for the operator and for admin keys.
   */
  namespace?: string;
  /** With `namespace`: most slugs a namespace may own without having verified any of them. */
  quota?: number;
  /** The server's record of where an import came from (`npm:ollama` → its slug), kept with the write. */
  origin?: { source: string; slug: string };
  /** Appended to every audit row's detail (the import source). */
  detail?: string;
}

/** The settings key under which the server records which slug an import source created. */
export const originKey = (source: string): string => `origin:${source}`;
/** The settings key of the operator's record that a curated entry takes an import source's data (`sources/index.yml`). */
export const linkRecordKey = (source: string): string => `link:${source}`;

/** Refuses a write to a slug the writer's namespace does not own (nothing is written). */
export function ownershipError(
  slug: string,
  owner: OwnerRecord | undefined,
  exists: boolean,
  namespace: string,
): Error | undefined {
  if (owner && owner.namespace !== namespace) return createError("NOT_OWNER", [slug, owner.namespace]);
  if (!owner && exists) return createError("UNCLAIMED", [slug, slug]);
  return undefined;
}

/** Refuses new slugs beyond a namespace's quota of unverified slugs. */
export function quotaError(
  namespace: string,
  owned: number,
  fresh: number,
  quota: number | undefined,
): Error | undefined {
  if (quota === undefined || fresh === 0 || owned + fresh <= quota) return undefined;
  return createError("OWNER_QUOTA", [namespace, owned, quota]);
}

/** The audit rows of one write: one per created or updated artifact. */
export function auditRows(
  sum: UpsertSummary,
  as: WriteAs,
  at: string,
): { at: string; actor: string; action: string; target: string; detail: string }[] {
  const row = (slug: string, what: string) => ({
    at,
    actor: as.actor,
    action: as.action,
    target: slug,
    detail: as.detail ? `${what} from ${as.detail}` : what,
  });
  return [...sum.created.map((s) => row(s, "created")), ...sum.updated.map((s) => row(s, "updated"))];
}
