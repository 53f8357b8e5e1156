import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { Hono, type MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import { CLIENT_JS } from "./client.js";

/** Bodies smaller than this go out as they are: compressing them costs more than it saves. */
export const COMPRESS_MIN_BYTES = 1024;
/** Brotli quality 5: most of the gain of 11 at a small fraction of the CPU, on every request. */
const BROTLI_QUALITY = 5;
/** What is worth compressing: text formats. Images, fonts and event streams are left alone. */
const COMPRESSIBLE = /^(text\/(?!event-stream)|application\/(json|javascript|xml|[\w.+-]*\+json)|image\/svg\+xml)/i;
/** Pages may be reused by browsers and caches for a minute: scores move on new evidence, not by the second. */
const PAGE_MAX_AGE = 60;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The best encoding the client accepts among ours (brotli, then gzip); q=0 refuses one. */
export function pickEncoding(accept: string | undefined): "br" | "gzip" | undefined {
  if (!accept) return undefined;
  const q = new Map<string, number>();
  for (const part of accept.toLowerCase().split(",")) {
    const [name = "", ...params] = part.trim().split(";");
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    q.set(name.trim(), qp ? Number(qp.slice(2)) || 0 : 1);
  }
  const ok = (enc: string) => (q.get(enc) ?? q.get("*") ?? 0) > 0;
  return ok("br") ? "br" : ok("gzip") ? "gzip" : undefined;
}

/**
 * Compresses text responses with brotli or gzip (node zlib, so brotli works too). Bodies are
 * buffered: pages and JSON answers are small and complete before they are sent.
 */
export function compression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (
      c.req.method === "HEAD" ||
      res.status === 204 ||
      res.status === 206 ||
      res.status === 304 ||
      res.headers.has("content-encoding")
    )
      return;
    if (!COMPRESSIBLE.test(res.headers.get("content-type") ?? "")) return;
    vary(res.headers);
    const enc = pickEncoding(c.req.header("accept-encoding"));
    // The body last: reading it turns a prepared answer into a stream, worth it only to compress.
    if (!enc || !res.body) return;
    const raw = Buffer.from(await res.arrayBuffer());
    const body =
      raw.length < COMPRESS_MIN_BYTES
        ? raw
        : enc === "br"
          ? await brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            })
          : await gzip(raw);
    // Hono copies the old response's headers onto a new one, so headers are fixed after the swap.
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    const headers = c.res.headers;
    headers.set("content-length", String(body.length));
    if (body === raw) return;
    headers.set("content-encoding", enc);
    // The bytes differ from the uncompressed ones, so a strong validator would lie.
    const tag = headers.get("etag");
    if (tag && !tag.startsWith("W/")) headers.set("etag", `W/${tag}`);
  };
}

function vary(h: Headers): void {
  const v = h.get("vary");
  if (v === "*" || (v && /(^|,)\s*accept-encoding\s*(,|$)/i.test(v))) return;
  h.set("vary", v ? `${v}, Accept-Encoding` : "Accept-Encoding");
}

/**
 * Caching of server-rendered pages: an ETag so a reload costs a 304, and a short public
 * lifetime. Search pages record a match on every request, so they are never cached.
 */
export function pageCaching(): MiddlewareHandler {
  const tagged = etag();
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    if (c.req.path === "/search") {
      await next();
      if (isHtml(c.res)) c.res.headers.set("cache-control", "no-store");
      return;
    }
    await tagged(c, next);
    if (isHtml(c.res) && c.res.ok && !c.res.headers.has("cache-control"))
      c.res.headers.set("cache-control", `public, max-age=${PAGE_MAX_AGE}`);
  };
}

const isHtml = (res: Response) => (res.headers.get("content-type") ?? "").startsWith("text/html");

/** The client script's address carries a hash of its text, so it can be cached for a year. */
export const CLIENT_JS_PATH = `/assets/app.${createHash("sha256").update(CLIENT_JS).digest("hex").slice(0, 10)}.js`;

/** The mark: a rounded square in the header's colours with a bar chart, as SVG. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0f1b2d"/><rect x="7" y="16" width="4" height="9" rx="1" fill="#7fb2ff"/><rect x="14" y="10" width="4" height="15" rx="1" fill="#fff"/><rect x="21" y="6" width="4" height="19" rx="1" fill="#0f7a5c"/></svg>`;

/**
 * /favicon.ico for clients that ask for it blindly: the same mark drawn into a 32×32
 * 32-bit icon (ICO header, one directory entry, a bottom-up BGRA bitmap and its AND mask).
 */
export function faviconIco(): Buffer {
  const size = 32;
  const px = Buffer.alloc(size * size * 4);
  const bars: [number, number, number, [number, number, number]][] = [
    [7, 16, 4, [0x7f, 0xb2, 0xff]],
    [14, 10, 4, [0xff, 0xff, 0xff]],
    [21, 6, 4, [0x0f, 0x7a, 0x5c]],
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bar = bars.find(([bx, top, w]) => x >= bx && x < bx + w && y >= top && y < 25);
      const [r, g, b] = bar ? bar[3] : [0x0f, 0x1b, 0x2d];
      const corner = Math.min(x, size - 1 - x) + Math.min(y, size - 1 - y) < 3;
      const o = ((size - 1 - y) * size + x) * 4; // rows are stored bottom-up
      px.set([b, g, r, corner ? 0 : 255], o);
    }
  }
  const header = Buffer.alloc(6 + 16 + 40);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  const mask = Buffer.alloc((size * size) / 8);
  header.writeUInt32LE(40 + px.length + mask.length, 14);
  header.writeUInt32LE(22, 18); // offset of the bitmap
  header.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  header.writeInt32LE(size, 26);
  header.writeInt32LE(size * 2, 30); // an icon's height counts the AND mask too
  header.writeUInt16LE(1, 34);
  header.writeUInt16LE(32, 36);
  return Buffer.concat([header, px, mask]);
}

/** Static assets: the client script and the icons, all cacheable for a long time. */
export function assetRoutes(): Hono {
  const web = new Hono();
  const ico = faviconIco();
  const year = "public, max-age=31536000, immutable";
  web.get(CLIENT_JS_PATH, (c) =>
    c.body(CLIENT_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": year }),
  );
  web.get("/favicon.svg", (c) =>
    c.body(FAVICON_SVG, 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" }),
  );
  web.get("/favicon.ico", (c) =>
    c.body(new Uint8Array(ico), 200, { "content-type": "image/x-icon", "cache-control": "public, max-age=86400" }),
  );
  return web;
}
