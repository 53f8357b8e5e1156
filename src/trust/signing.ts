import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import type { Store } from "../store/store.js";

/**
 * Ed25519 signatures for passports. A signature proves that this capgraph deployment
 * issued exactly these bytes at `issuedAt`; it does not prove that the facts are true
 * (they are as good as their evidence levels and sources say).
 */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}
export interface Signature {
  alg: "EdDSA";
  kid: string;
  value: string;
  publicKey: PublicJwk;
}

const SETTING = "signing.ed25519.pkcs8";

/** JSON with sorted keys and no whitespace: the exact bytes that are signed. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

export class Signer {
  readonly jwk: PublicJwk;
  private readonly key: KeyObject;

  constructor(privatePem: string) {
    this.key = createPrivateKey(privatePem);
    const x = (createPublicKey(this.key).export({ format: "jwk" }) as { x: string }).x;
    this.jwk = { kty: "OKP", crv: "Ed25519", x, kid: keyId(x), alg: "EdDSA", use: "sig" };
  }

  /** The deployment's key: from CAPGRAPH_SIGNING_KEY (PKCS#8 PEM), else stored once in the store and shared by every replica. */
  static async forStore(store: Store, env: NodeJS.ProcessEnv = process.env): Promise<Signer> {
    const fromEnv = env["CAPGRAPH_SIGNING_KEY"];
    if (fromEnv) return new Signer(fromEnv);
    const existing = await store.getSetting(SETTING);
    if (existing) return new Signer(existing);
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    return new Signer(await store.putSettingIfAbsent(SETTING, pem));
  }

  sign<T extends { signature: unknown }>(doc: T): T & { signature: Signature } {
    const body = canonicalJson({ ...doc, signature: null });
    const value = sign(null, Buffer.from(body), this.key).toString("base64url");
    return { ...doc, signature: { alg: "EdDSA", kid: this.jwk.kid, value, publicKey: this.jwk } };
  }
}

/** A key's id is derived from the key itself, so a forger cannot borrow another key's id. */
export function keyId(x: string): string {
  return createHash("sha256").update(x).digest("hex").slice(0, 16);
}

/** `trusted`: the key is one of the trusted keys given; false when none were given (signer unknown). */
export type VerifyResult = { ok: true; kid: string; trusted: boolean } | { ok: false; reason: string };

/**
 * Verifies a signed document offline. With `trusted` keys (the deployment's
 * /.well-known/capgraph-keys.json), the embedded key must be one of them.
 */
export function verifySigned(doc: unknown, trusted?: readonly PublicJwk[]): VerifyResult {
  const sig = (doc as { signature?: Signature } | null)?.signature;
  if (!sig || typeof sig !== "object" || typeof sig.value !== "string" || !sig.publicKey?.x)
    return { ok: false, reason: "no signature block: this document was not signed" };
  if (typeof sig.publicKey.x !== "string" || sig.kid !== keyId(sig.publicKey.x))
    return { ok: false, reason: "the signature's key id does not belong to its key" };
  if (trusted && !trusted.some((k) => k.x === sig.publicKey.x))
    return { ok: false, reason: `signed with key ${sig.kid}, which is not among the trusted keys` };
  let pub: KeyObject;
  try {
    pub = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: sig.publicKey.x }, format: "jwk" });
  } catch {
    return { ok: false, reason: "the embedded public key is malformed" };
  }
  const body = canonicalJson({ ...(doc as object), signature: null });
  return verify(null, Buffer.from(body), pub, Buffer.from(sig.value, "base64url"))
    ? { ok: true, kid: sig.kid, trusted: trusted !== undefined }
    : {
        ok: false,
        reason: "signature does not match: the document was changed after signing, or signed by another key",
      };
}
