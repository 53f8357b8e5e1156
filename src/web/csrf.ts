import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createError } from "../errors.js";

/** The cookie that carries the form token (double submit: the page repeats it in a hidden field). */
export const CSRF_COOKIE = "capgraph_csrf";

/**
 * The visitor's form token: from the cookie, or a new random one set as a SameSite=Strict,
 * HttpOnly cookie. Another site can make a browser post the form, but cannot read the token
 * to put it in the body, and the strict cookie is not even sent along.
 */
export function formToken(c: Context): string {
  const have = getCookie(c, CSRF_COOKIE);
  if (have && /^[A-Za-z0-9_-]{22,64}$/.test(have)) return have;
  const token = randomBytes(18).toString("base64url");
  setCookie(c, CSRF_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
  });
  return token;
}

/** Refuses a form post whose token does not match the visitor's cookie (403, nothing recorded). */
export function checkFormToken(c: Context, sent: string | undefined): void {
  const cookie = getCookie(c, CSRF_COOKIE) ?? "";
  const a = Buffer.from(cookie),
    b = Buffer.from(sent ?? "");
  if (cookie === "" || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw createError("FORM_EXPIRED");
  }
}

/**
 * Browser writes must come from capgraph's own pages: a Sec-Fetch-Site other than
 * same-origin/none, or an Origin naming another host, is refused. Clients that are not
 * browsers send neither header and pass.
 */
export function checkSameOrigin(c: Context): void {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") throw crossSite();
  const origin = c.req.header("origin");
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  if (host !== new URL(c.req.url).host) throw crossSite();
}

function crossSite() {
  return createError("CROSS_SITE_WRITE");
}
