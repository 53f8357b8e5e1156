import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { listening } from "../src/cli/serve.js";
import { isKnownError } from "../src/errors.js";
import { pickEncoding } from "../src/web/http.js";
import { demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
beforeAll(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {} });
});

/** Every kind of page the site serves, with real slugs from the demo catalog. */
export const PAGES = [
  "/",
  "/search?q=speech+to+text",
  "/search",
  "/a/whisper",
  "/compare",
  "/compare/whisper-vs-gpt-4o",
  "/compare/whisper-vs-gpt-4o-vs-claude-code",
  "/methodology",
  "/taxonomy",
  "/docs/api",
  "/no-such-page",
];

describe("HTML and JSON are compressed (finding: 47 KB of HTML sent uncompressed)", () => {
  it("no page is sent uncompressed when gzip is asked, and it inflates to the same page", async () => {
    for (const p of PAGES) {
      const plain = await (await app.request(p)).text();
      const res = await app.request(p, { headers: { "accept-encoding": "gzip" } });
      expect(res.headers.get("content-encoding"), p).toBe("gzip");
      expect(res.headers.get("vary"), p).toContain("Accept-Encoding");
      const body = zlib.gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8");
      // A search records a match per request (new id, moved counts); every other page is byte-identical.
      if (p.startsWith("/search?")) expect(body.slice(0, 300), p).toBe(plain.slice(0, 300));
      else expect(body, p).toBe(plain);
      expect(Number(res.headers.get("content-length")), p).toBeLessThan(Buffer.byteLength(plain) / 2);
    }
  });

  it("brotli is preferred when offered; JSON answers are compressed too", async () => {
    const res = await app.request("/a/whisper", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(zlib.brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString("utf8")).toContain(
      "<h1>OpenAI: Whisper",
    );
    const json = await app.request("/api/v1/taxonomy", { headers: { "accept-encoding": "gzip" } });
    expect(json.headers.get("content-encoding")).toBe("gzip");
    expect(
      JSON.parse(zlib.gunzipSync(Buffer.from(await json.arrayBuffer())).toString("utf8")).nodes.length,
    ).toBeGreaterThan(100);
  });

  it("nothing is compressed for a client that does not ask, or refuses with q=0", async () => {
    expect((await app.request("/taxonomy")).headers.get("content-encoding")).toBeNull();
    expect(
      (await app.request("/taxonomy", { headers: { "accept-encoding": "br;q=0, gzip;q=0" } })).headers.get(
        "content-encoding",
      ),
    ).toBeNull();
    expect(pickEncoding("gzip;q=0.5, br;q=0")).toBe("gzip");
    expect(pickEncoding("*")).toBe("br");
    expect(pickEncoding("identity")).toBeUndefined();
  });
});

describe("page caching (finding: pages send no cache headers)", () => {
  it("pages carry an ETag and a short public lifetime; a matching If-None-Match gets 304", async () => {
    const res = await app.request("/a/whisper");
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const tag = res.headers.get("etag") ?? "";
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    expect((await app.request("/a/whisper", { headers: { "if-none-match": tag } })).status).toBe(304);
    // Compressed bytes differ, so the validator becomes weak, and still revalidates.
    const gz = await app.request("/a/whisper", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("etag")).toBe(`W/${tag}`);
    expect(
      (await app.request("/a/whisper", { headers: { "if-none-match": `W/${tag}`, "accept-encoding": "gzip" } })).status,
    ).toBe(304);
  });

  it("search pages record a match, so they are never cached", async () => {
    const res = await app.request("/search?q=transcribe");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("etag")).toBeNull();
  });
});

describe("favicon, Open Graph, no inline script (findings: /favicon.ico 404, shared links without preview)", () => {
  it("serves /favicon.ico as a real 32×32 icon and /favicon.svg", async () => {
    const ico = await app.request("/favicon.ico");
    expect(ico.status).toBe(200);
    expect(ico.headers.get("content-type")).toBe("image/x-icon");
    const b = Buffer.from(await ico.arrayBuffer());
    expect([b.readUInt16LE(0), b.readUInt16LE(2), b.readUInt16LE(4), b[6], b[7]]).toEqual([0, 1, 1, 32, 32]);
    expect(b.length).toBe(6 + 16 + b.readUInt32LE(14));
    expect(await (await app.request("/favicon.svg")).text()).toMatch(/^<svg /);
  });

  it("a compare page previews with its title and summary", async () => {
    const html = await (await app.request("/compare/whisper-vs-gpt-4o")).text();
    expect(html).toContain('<meta property="og:title" content="OpenAI: Whisper vs OpenAI: GPT-4o"/>');
    expect(html).toMatch(/<meta property="og:description" content="OpenAI: Whisper vs OpenAI: GPT-4o: [^"]+"\/>/);
    expect(html).toContain('<link rel="icon" href="/favicon.svg"');
  });

  it("no page carries inline script or inline event handlers (a CSP without 'unsafe-inline' allows neither)", async () => {
    for (const p of PAGES) {
      const html = await (await app.request(p)).text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, p).toBeGreaterThan(0);
      for (const s of scripts) {
        expect(s[2], p).toBe("");
        const src = /src="([^"]+)"/.exec(s[1] ?? "")?.[1] ?? "";
        expect(src, p).toMatch(/^\/assets\//);
        const js = await app.request(src);
        expect(js.headers.get("content-type"), src).toContain("javascript");
        expect(js.headers.get("cache-control"), src).toContain("immutable");
      }
      expect(html, p).not.toMatch(/\son[a-z]+="/);
      expect(html, p).not.toMatch(/href="javascript:/i);
    }
  });
});

describe("type-ahead suggestions (finding: every keystroke was recorded as a search)", () => {
  it("suggests artifacts and taxonomy nodes in separate groups", async () => {
    const r = (await (await app.request("/api/v1/suggest?q=speech")).json()) as {
      artifacts: { slug: string }[];
      nodes: { uri: string; label: string; count: number }[];
    };
    expect(r.nodes.map((n) => n.uri)).toContain("capability://audio.speech-to-text");
    expect(r.nodes.find((n) => n.uri === "capability://audio.speech-to-text")?.count).toBeGreaterThan(0);
    expect(r.artifacts.map((a) => a.slug)).toContain("whisper");
    const byName = (await (await app.request("/api/v1/suggest?q=whis")).json()) as {
      artifacts: { slug: string; via: string }[];
    };
    expect(byName.artifacts[0]).toMatchObject({ slug: "whisper", via: "name" });
  });

  it("suggestions leave the match log and every score unchanged", async () => {
    const before = await stateOf(core);
    for (const q of ["sp", "spe", "speech", "speech to", "speech to text", "whisper", "gpt", "image gen"]) {
      expect((await app.request(`/api/v1/suggest?q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    expect(await stateOf(core)).toEqual(before);
    // The check can fail: one search does move the log.
    await app.request("/api/v1/search?q=speech+to+text");
    expect(await stateOf(core)).not.toEqual(before);
  });

  it("bad input gets a clear error with a code", async () => {
    const res = await app.request(`/api/v1/suggest?q=${"x".repeat(501)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_QUERY_PARAM");
    expect(((await (await app.request("/api/v1/suggest?q=a")).json()) as { artifacts: unknown[] }).artifacts).toEqual(
      [],
    );
  });
});

async function stateOf(c: Capgraph) {
  // Searches are written behind the request: flush, so the store holds every one of them.
  await c.flush();
  const s = await c.snapshot();
  return {
    revision: await c.store.revision(),
    matches: (await c.store.matchCounts()).counts,
    logged: c.matchLogStats().written,
    cards: s.artifacts.map(({ slug }) => {
      const card = s.cards.get(slug);
      return [slug, card?.capRank, card?.timesMatched, ...Object.values(card?.scores ?? {}).map((x) => x.value)];
    }),
  };
}

describe("command line (findings: raw EADDRINUSE stack, `capgraph taxonomy | head` dies with EPIPE)", () => {
  it("a busy port is one clear error with a code and what to do", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const app2 = createApp(core, { logError: () => {} });
    const server = serve({ fetch: app2.fetch, port, hostname: "127.0.0.1" });
    const err = await listening(server as unknown as net.Server, port, "127.0.0.1").then(
      () => undefined,
      (e: unknown) => e,
    );
    blocker.close();
    expect(isKnownError(err) && err.code).toBe("PORT_IN_USE");
    expect((err as Error).message).toContain(`--port ${port + 1}`);
  });

  it("output piped into a reader that stops early ends quietly", async () => {
    const main = path.resolve("src/cli/main.ts");
    const child = spawn(process.execPath, ["--import", "tsx", main, "taxonomy", "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    // The reader goes away before the output comes, as `head` does once it has its lines.
    child.stdout.destroy();
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect(err).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 30_000);
});
