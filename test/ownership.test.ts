import { beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { createKey } from "../src/owners/keys.js";
import { DENIED_AUDIT_PER_MINUTE } from "../src/owners/denied.js";
import { NAMESPACE_QUOTA } from "../src/owners/squatting.js";
import { demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
let acme: string, other: string, admin: string;

beforeEach(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {} });
  acme = (await createKey(core.store, { name: "acme-ci", namespace: "acme", scopes: ["read", "publish"] })).token;
  other = (await createKey(core.store, { name: "other", namespace: "other", scopes: ["publish"] })).token;
  admin = (await createKey(core.store, { name: "root", namespace: "ops", scopes: ["admin"] })).token;
});

const doc = (slug: string, name = slug, extra = "") =>
  `capgraph: 1\nartifact:\n  slug: ${slug}\n  name: ${name}\n  kind: library\n  description: A tool.\n${extra}capabilities:\n  - name: Summarise text\n    description: Short summaries.\n`;
const publish = (token: string | null, body: string, headers: Record<string, string> = {}) =>
  app.request("/api/v1/manifests", {
    method: "POST",
    body,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
const message = async (res: Response, code = "PUBLISH_DENIED") => {
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe(code);
  return error.message;
};

describe("finding 12: squatting and impersonation", () => {
  it("a reserved vendor name, or a name starting with one, is refused to a publisher and open to an admin", async () => {
    for (const slug of ["openai", "openai-whisper-pro"]) {
      const r = await publish(acme, doc(slug));
      expect(r.status).toBe(403);
      expect(await message(r)).toContain("reserved name");
    }
    expect(await core.store.getOwner("openai")).toBeUndefined();
    expect((await publish(admin, doc("openai"))).status).toBe(201);
  });

  it("an artifact named like a catalog entry, or pointing at its repository, is refused", async () => {
    const named = await publish(acme, doc("my-whisper", "Whisper"));
    expect(named.status).toBe(403);
    expect(await message(named)).toContain("the name of 'whisper'");
    const pointing = await publish(
      acme,
      doc("speech-thing", "Speech thing", "  repository: https://github.com/openai/whisper\n"),
    );
    expect(pointing.status).toBe(403);
    expect(await message(pointing)).toContain("that of 'whisper'");
    expect(await core.store.getArtifact("my-whisper")).toBeUndefined();
    expect(await core.store.getArtifact("speech-thing")).toBeUndefined();
  });

  it(`a namespace owns at most ${NAMESPACE_QUOTA} unverified artifacts`, async () => {
    const many = Array.from({ length: NAMESPACE_QUOTA }, (_, i) => doc(`acme-thing-${i}`)).join("---\n");
    expect((await publish(acme, many)).status).toBe(201);
    const over = await publish(acme, doc("acme-one-more"));
    expect(over.status).toBe(403);
    expect(await message(over, "OWNER_QUOTA")).toContain(`at most ${NAMESPACE_QUOTA}`);
    expect(await core.store.getOwner("acme-one-more")).toBeUndefined();
  });

  it("the artifact page, the artifact API and the signed passport show the owner and whether it is verified", async () => {
    expect((await publish(acme, doc("acme-tool"))).status).toBe(201);
    const page = await (await app.request("/a/acme-tool")).text();
    expect(page).toContain("Published by namespace &#39;acme&#39;; not verified");
    expect(await (await app.request("/a/whisper")).text()).toContain("no publisher owns it");
    const detail = (await (await app.request("/api/v1/artifacts/acme-tool")).json()) as {
      owner: { namespace: string; verified: boolean };
    };
    expect(detail.owner).toMatchObject({ namespace: "acme", verified: false });
    await core.store.setOwner({
      slug: "acme-tool",
      namespace: "acme",
      verified: true,
      proofUrl: "https://acme.example/.well-known/capgraph-claim.txt",
      at: "2026-11-27T00:00:00.000Z",
    });
    const passport = (await (await app.request("/api/v1/passport/acme-tool")).json()) as {
      owner: { verified: boolean; proofUrl: string; text: string };
    };
    expect(passport.owner).toMatchObject({
      verified: true,
      proofUrl: "https://acme.example/.well-known/capgraph-claim.txt",
    });
  });
});

describe("finding 11: all-or-nothing publish over HTTP", () => {
  it("cross-ordered batches of two publishers: one gets both slugs, the other 403 and no reservation", async () => {
    const [x, y] = await Promise.all([
      publish(acme, doc("slug-x") + "---\n" + doc("slug-y")),
      publish(other, doc("slug-y") + "---\n" + doc("slug-x")),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 403]);
    const winner = x.status === 201 ? "acme" : "other";
    expect([
      (await core.store.getOwner("slug-x"))?.namespace,
      (await core.store.getOwner("slug-y"))?.namespace,
    ]).toEqual([winner, winner]);
  });
});

describe("finding 9: denied attempts leave a trace", () => {
  it("401 and 403 publishes are audited, at most a few per client and minute", async () => {
    expect((await publish(null, doc("acme-tool"))).status).toBe(401);
    expect((await publish(acme, doc("acme-tool"))).status).toBe(201);
    expect((await publish(other, doc("acme-tool"))).status).toBe(403);
    const rows = await core.store.listAudit(10);
    expect(rows.filter((r) => r.action === "publish.denied").map((r) => r.detail.slice(0, 16))).toEqual([
      "403 NOT_OWNER: '",
      "401 UNAUTHORIZED",
    ]);
    for (let i = 0; i < 3 * DENIED_AUDIT_PER_MINUTE; i++) await publish(null, doc("acme-tool"));
    expect((await core.store.listAudit(1000)).filter((r) => r.action === "publish.denied").length).toBeLessThanOrEqual(
      DENIED_AUDIT_PER_MINUTE + 1,
    );
  });
});
