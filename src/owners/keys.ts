import { createHash, randomBytes } from "node:crypto";
import { createError } from "../errors.js";
import type { ApiKeyRecord, Store } from "../store/store.js";

export const SCOPES = ["read", "publish", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Creates a key; the returned token is shown once and stored only as a hash. */
export async function createKey(
  store: Store,
  input: { name: string; scopes: Scope[]; namespace: string },
  now = new Date(),
): Promise<{ token: string; key: ApiKeyRecord }> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.namespace)) throw createError("NAMESPACE_INVALID", [input.namespace]);
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(24).toString("base64url");
  const key: ApiKeyRecord = {
    id,
    hash: hashOf(secret),
    name: input.name,
    scopes: input.scopes,
    namespace: input.namespace,
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await store.createKey(key);
  await store.appendAudit({
    at: key.createdAt,
    actor: "cli",
    action: "key.create",
    target: id,
    detail: `${input.name} [${input.scopes.join(",")}] namespace ${input.namespace}`,
  });
  return { token: `cg_${id}_${secret}`, key };
}

/** The key behind an `Authorization: Bearer cg_…` header; errors say what is wrong without echoing the secret. */
export async function authenticate(store: Store, header: string | undefined, need: Scope): Promise<ApiKeyRecord> {
  const m = /^Bearer cg_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(header?.trim() ?? "");
  if (!m?.[2])
    throw createError("UNAUTHORIZED", [header ? "The API key is malformed." : "This endpoint needs an API key."]);
  const key = await store.findKeyByHash(hashOf(m[2]));
  if (!key || key.id !== m[1]) throw createError("UNAUTHORIZED", ["The API key is not known."]);
  if (key.revokedAt) throw createError("UNAUTHORIZED", [`The API key ${key.id} was revoked at ${key.revokedAt}.`]);
  if (!key.scopes.includes(need) && !key.scopes.includes("admin"))
    throw createError("SCOPE_MISSING", [key.id, need, need]);
  return key;
}
