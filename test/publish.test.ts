import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { run } from "../src/cli/run.js";
import { createKey } from "../src/owners/keys.js";
import { isPrivateHost } from "../src/owners/publish.js";
import { captureIo, demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
let acme: string, other: string, reader: string, admin: string;
let site: http.Server;
let siteUrl = "";
const served = new Map<string, { status: number; body: string; location?: string }>();

beforeAll(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {}, allowPrivateClaimHosts: true });
  acme = (await createKey(core.store, { name: "acme-ci", namespace: "acme", scopes: ["read", "publish"] })).token;
  other = (await createKey(core.store, { name: "other", namespace: "other", scopes: ["publish"] })).token;
  reader = (await createKey(core.store, { name: "ro", namespace: "ro", scopes: ["read"] })).token;
  admin = (await createKey(core.store, { name: "root", namespace: "ops", scopes: ["admin"] })).token;
  // A stand-in for the artifact's own website, on loopback.
  site = http.createServer((req, res) => {
    const r = served.get(req.url ?? "") ?? { status: 404, body: "" };
    res.writeHead(r.status, r.location ? { location: r.location } : {});
    res.end(r.body);
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", () => r()));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => site.close(() => r())));

const manifest = (slug: string, description: string, url = "") =>
  `capgraph: 1\nartifact:\n  slug: ${slug}\n  name: ${slug}\n  kind: library\n  description: ${description}\n${url ? `  url: ${url}\n` : ""}capabilities:\n  - name: Summarise text\n    description: Short summaries.\n`;
const publish = (token: string | null, body: string) =>
  app.request("/api/v1/manifests", {
    method: "POST",
    body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const code = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe("publishing with API keys", () => {
  it("needs a key with the publish scope", async () => {
    expect((await publish(null, manifest("acme-tool", "One."))).status).toBe(401);
    expect((await publish("cg_000000000000_" + "x".repeat(32), manifest("acme-tool", "One."))).status).toBe(401);
    const ro = await publish(reader, manifest("acme-tool", "One."));
    expect(ro.status).toBe(403);
    expect(await code(ro)).toMatchObject({
      code: "SCOPE_MISSING",
      message: expect.stringContaining("lacks the 'publish' scope"),
    });
  });

  it("a new slug becomes the namespace's; another namespace gets 403 and nothing changes", async () => {
    const r = await publish(acme, manifest("acme-tool", "Version one."));
    expect(r.status).toBe(201);
    expect(await core.store.getOwner("acme-tool")).toMatchObject({ namespace: "acme", verified: false });
    const hijack = await publish(other, manifest("acme-tool", "Hijacked."));
    expect(hijack.status).toBe(403);
    expect(await code(hijack)).toMatchObject({
      code: "NOT_OWNER",
      message: expect.stringContaining("owned by namespace 'acme'"),
    });
    expect((await core.store.getArtifact("acme-tool"))?.description).toBe("Version one.");
    expect((await publish(acme, manifest("acme-tool", "Version two."))).status).toBe(200);
    expect((await core.store.getArtifact("acme-tool"))?.description).toBe("Version two.");
  });

  it("two namespaces racing for one new slug: exactly one wins, the other gets 403", async () => {
    const [x, y] = await Promise.all([
      publish(acme, manifest("race-slug", "From acme.")),
      publish(other, manifest("race-slug", "From other.")),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 403]);
    const owner = await core.store.getOwner("race-slug");
    expect((await core.store.getArtifact("race-slug"))?.description).toBe(
      owner?.namespace === "acme" ? "From acme." : "From other.",
    );
  });

  it("is atomic: one forbidden or invalid document and nothing from the request is written", async () => {
    const mixed = manifest("brand-new-a", "Fine.") + "---\n" + manifest("whisper", "Overwrite the demo entry.");
    const r = await publish(other, mixed);
    expect(r.status).toBe(403);
    expect(await code(r)).toMatchObject({ code: "UNCLAIMED", message: expect.stringContaining("claim it first") });
    expect(await core.store.getArtifact("brand-new-a")).toBeUndefined();
    const bad = await publish(other, manifest("brand-new-b", "Fine.") + "---\n" + manifest("Bad Slug", "x"));
    expect(bad.status).toBe(400);
    expect(await core.store.getArtifact("brand-new-b")).toBeUndefined();
  });

  it("an admin may change any artifact; the audit log records who did what", async () => {
    expect((await publish(admin, manifest("acme-tool", "Fixed by ops."))).status).toBe(200);
    const audit = await app.request("/api/v1/audit?limit=5", { headers: { authorization: `Bearer ${admin}` } });
    const entries = ((await audit.json()) as { entries: { action: string; target: string; actor: string }[] }).entries;
    expect(entries[0]).toMatchObject({ action: "publish", target: "acme-tool" });
    expect((await app.request("/api/v1/audit", { headers: { authorization: `Bearer ${acme}` } })).status).toBe(403);
  });
});

describe("claiming ownership by proving control of the declared URL", () => {
  it("verifies a token served at <origin>/.well-known/capgraph-claim.txt", async () => {
    expect((await publish(admin, manifest("claimable", "Owned by whoever proves it.", `${siteUrl}/tool`))).status).toBe(
      201,
    );
    const start = await app.request("/api/v1/claims/claimable", {
      method: "POST",
      headers: { authorization: `Bearer ${other}` },
    });
    const claim = (await start.json()) as { url: string; token: string };
    expect(claim.url).toBe(`${siteUrl}/.well-known/capgraph-claim.txt`);
    const verify = () =>
      app.request("/api/v1/claims/claimable/verify", { method: "POST", headers: { authorization: `Bearer ${other}` } });
    const missing = await verify();
    expect(missing.status).toBe(422);
    expect((await code(missing)).code).toBe("CLAIM_URL_REFUSED");
    served.set("/.well-known/capgraph-claim.txt", { status: 200, body: "someone else's token\n" });
    expect((await code(await verify())).code).toBe("CLAIM_TOKEN_ABSENT");
    served.set("/.well-known/capgraph-claim.txt", { status: 302, body: "", location: "http://elsewhere.example/" });
    expect(await code(await verify())).toMatchObject({
      code: "CLAIM_URL_REFUSED",
      message: expect.stringContaining("redirects"),
    });
    served.set("/.well-known/capgraph-claim.txt", { status: 200, body: `owner proof: ${claim.token}\n` });
    const ok = await verify();
    expect(ok.status).toBe(200);
    expect(await core.store.getOwner("claimable")).toMatchObject({ namespace: "other", verified: true });
    expect((await publish(other, manifest("claimable", "Now ours.", `${siteUrl}/tool`))).status).toBe(200);
    expect((await publish(acme, manifest("claimable", "Not yours.", `${siteUrl}/tool`))).status).toBe(403);
  });

  it("refuses private and loopback hosts unless the deployment allows them", async () => {
    const strict = createApp(core, { logError: () => {} });
    await strict.request("/api/v1/claims/claimable", { method: "POST", headers: { authorization: `Bearer ${acme}` } });
    const r = await strict.request("/api/v1/claims/claimable/verify", {
      method: "POST",
      headers: { authorization: `Bearer ${acme}` },
    });
    expect(r.status).toBe(422);
    expect(await code(r)).toMatchObject({
      code: "CLAIM_HOST_PRIVATE",
      message: expect.stringContaining("private or loopback"),
    });
    const unstarted = await strict.request("/api/v1/claims/whisper/verify", {
      method: "POST",
      headers: { authorization: `Bearer ${acme}` },
    });
    expect([unstarted.status, (await code(unstarted)).code]).toEqual([422, "CLAIM_NOT_STARTED"]);
    expect(
      [
        "localhost",
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.20.0.1",
        "169.254.169.254",
        "[::1]",
        "[::]",
        "100.64.0.1",
        "[::ffff:7f00:1]",
        "[::ffff:a9fe:a9fe]",
        "::ffff:10.0.0.1",
      ].every(isPrivateHost),
    ).toBe(true);
    expect(isPrivateHost("example.org")).toBe(false);
  });
});

describe("capgraph keys and audit", () => {
  it("creates (shown once), lists, revokes; a revoked key gets 401", async () => {
    const c = captureIo();
    const db = `${(await import("node:os")).tmpdir()}/capgraph-keys-${process.pid}.db`;
    expect(
      await run(
        ["keys", "create", "--name", "ci", "--namespace", "acme", "--scopes", "read,publish", "--db", db, "--json"],
        c.io,
      ),
    ).toBe(0);
    const created = JSON.parse(c.out()) as { token: string; id: string };
    expect(created.token).toMatch(/^cg_[0-9a-f]{12}_/);
    const l = captureIo();
    await run(["keys", "list", "--db", db], l.io);
    expect(l.out()).toContain(`${created.id}  ci  acme  read,publish  active`);
    // The secret may itself contain "_", so cut the prefix rather than split on it.
    expect(l.out()).not.toContain(created.token.replace(/^cg_[0-9a-f]{12}_/, ""));
    expect(await run(["keys", "revoke", created.id, "--db", db], captureIo().io)).toBe(0);
    const a = captureIo();
    await run(["audit", "--db", db], a.io);
    expect(a.out()).toMatch(/key\.revoke/);
    const bad = captureIo();
    expect(
      await run(["keys", "create", "--name", "x", "--namespace", "acme", "--scopes", "root", "--db", db], bad.io),
    ).toBe(2);
    const revoked = await createKey(core.store, { name: "tmp", namespace: "acme", scopes: ["publish"] });
    await core.store.revokeKey(revoked.key.id, new Date().toISOString());
    const r = await publish(revoked.token, manifest("acme-tool", "x"));
    expect(r.status).toBe(401);
    expect((await code(r)).message).toContain("revoked");
  });
});
