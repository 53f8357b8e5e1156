import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import type { Capgraph } from "../capgraph.js";
import { run } from "../cli/run.js";
import { captureIo, demoCore } from "../../test/helpers.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { canonicalJson, Signer, verifySigned, type PublicJwk, type Signature } from "./signing.js";
import { repeatedKey } from "./strict-json.js";

let core: Capgraph;
beforeAll(async () => {
  core = await demoCore();
});

describe("signed passports", () => {
  it("round-trips: the API passport verifies against the published key", async () => {
    const app = createApp(core, { logError: () => {} });
    const passport = await (await app.request("/api/v1/passport/whisper")).json();
    const keys = (await (await app.request("/.well-known/capgraph-keys.json")).json()) as { keys: PublicJwk[] };
    expect(verifySigned(passport, keys.keys)).toEqual({ ok: true, kid: keys.keys[0]?.kid, trusted: true });
    expect((passport as { capabilities: unknown[] }).capabilities.length).toBeGreaterThan(0);
  });

  it("detects tampering and foreign keys", async () => {
    const p = await core.passport("whisper");
    const tampered = { ...p, scores: { ...p.scores, capRank: 99 } };
    expect(verifySigned(tampered)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("changed after signing"),
    });
    const other = Signer.forStore(openSqliteStore(":memory:"), {});
    const foreign = (await other).sign({ ...p, signature: null });
    expect(verifySigned(foreign, [(await core.signer()).jwk])).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not among the trusted keys"),
    });
    expect(verifySigned({ hello: 1 })).toMatchObject({ ok: false });
  });

  it("keeps one key per store (replicas agree) and canonicalises JSON", async () => {
    const store = openSqliteStore(":memory:");
    const [a, b] = await Promise.all([Signer.forStore(store, {}), Signer.forStore(store, {})]);
    expect(a.jwk.x).toBe(b.jwk.x);
    expect(canonicalJson({ b: 1, a: [true, null, { d: "x", c: 2 }] })).toBe('{"a":[true,null,{"c":2,"d":"x"}],"b":1}');
  });

  it("capgraph verify-passport checks a file offline (exit 0 valid, 1 tampered)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-pp-"));
    const p = await core.passport("whisper");
    fs.writeFileSync(path.join(dir, "p.json"), JSON.stringify(p));
    fs.writeFileSync(path.join(dir, "keys.json"), JSON.stringify({ keys: [(await core.signer()).jwk] }));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ ...p, issuedAt: "2020-01-01T00:00:00.000Z" }));
    const ok = captureIo();
    expect(await run(["verify-passport", path.join(dir, "p.json"), "--keys", path.join(dir, "keys.json")], ok.io)).toBe(
      0,
    );
    expect(ok.out()).toContain("valid: signed by key");
    const bad = captureIo();
    expect(await run(["verify-passport", path.join(dir, "bad.json")], bad.io)).toBe(1);
    expect(bad.out()).toMatch(/^INVALID: signature does not match/);
  });

  it("finding 10: verify-passport without --keys does not call a forged passport valid, and a borrowed kid is refused", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-pp-"));
    const real = await core.passport("whisper");
    const forger = await Signer.forStore(openSqliteStore(":memory:"), {});
    const forged = forger.sign({
      ...real,
      scores: { ...real.scores, capRank: 99 },
      signature: null as Signature | null,
    });
    fs.writeFileSync(path.join(dir, "forged.json"), JSON.stringify(forged));
    const unknown = captureIo();
    expect(await run(["verify-passport", path.join(dir, "forged.json")], unknown.io)).toBe(3);
    expect(unknown.out()).toMatch(/^UNKNOWN SIGNER: /);
    // The forger claims the deployment's key id for its own key.
    const borrowed = {
      ...forged,
      signature: { ...forged.signature, kid: real.signature?.kid ?? (await core.signer()).jwk.kid },
    };
    fs.writeFileSync(path.join(dir, "borrowed.json"), JSON.stringify(borrowed));
    const bad = captureIo();
    expect(await run(["verify-passport", path.join(dir, "borrowed.json")], bad.io)).toBe(1);
    expect(bad.out()).toBe("INVALID: the signature's key id does not belong to its key\n");
    expect(bad.out()).not.toContain((await core.signer()).jwk.kid);
  });

  it("finding 10: verify-passport refuses a passport that repeats a key", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-pp-"));
    const p = await core.passport("whisper");
    fs.writeFileSync(path.join(dir, "keys.json"), JSON.stringify({ keys: [(await core.signer()).jwk] }));
    // Readers that keep the first value see CapRank 99; JSON.parse keeps the signed last one.
    const text = JSON.stringify(p).replace('"capRank":', '"capRank":99,"capRank":');
    fs.writeFileSync(path.join(dir, "dup.json"), text);
    const io = captureIo();
    expect(
      await run(["verify-passport", path.join(dir, "dup.json"), "--keys", path.join(dir, "keys.json")], io.io),
    ).toBe(1);
    expect(io.out()).toMatch(/^INVALID: the key 'capRank' appears twice/);
    expect(repeatedKey('{"a":{"b":1,"c":[{"b":2}]},"b":[1,"x,\\"y"],"\\u0061":3}')).toBe("a");
    expect(repeatedKey('{"a":[{"k":1},{"k":2}],"s":"{\\"a\\":1}"}')).toBeUndefined();
  });
});
