import { createError } from "../errors.js";

/**
 * Network hygiene for importers: https only (plain http only for hosts a test allows),
 * only the hosts of the source, redirects followed only within them, a timeout, retries
 * with backoff on 429/5xx/network errors, a response size cap, a concurrency limit and a
 * minimum interval per host.
 */
export interface FetchPolicy {
  hosts: readonly string[];
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBytes: number;
  concurrency: number;
  minIntervalMs: number;
  /** Tests serve fixtures from loopback over plain http. */
  allowHttp?: boolean;
  /** Extra request headers per host (an API token), sent to that host and no other. */
  headers?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const DEFAULT_POLICY: Omit<FetchPolicy, "hosts"> = {
  timeoutMs: 15_000,
  retries: 3,
  backoffMs: 500,
  maxBytes: 20_000_000,
  concurrency: 4,
  minIntervalMs: 100,
};
const MAX_REDIRECTS = 3;

export class SafeFetcher {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly lastAt = new Map<string, number>();
  constructor(
    readonly policy: FetchPolicy,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async json(url: string): Promise<unknown> {
    const { body, type } = await this.get(url);
    const text = new TextDecoder().decode(body);
    if (!/json/.test(type) && /^\s*</.test(text)) throw createError("UPSTREAM_NOT_JSON", [url, "it answered HTML"]);
    try {
      return JSON.parse(text);
    } catch {
      throw createError("UPSTREAM_NOT_JSON", [url, "the text does not parse"]);
    }
  }

  async bytes(url: string): Promise<Uint8Array> {
    return (await this.get(url)).body;
  }

  private async get(url: string): Promise<{ body: Uint8Array; type: string }> {
    await this.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.once(url);
        } catch (e) {
          const retryable = (e as { retryable?: boolean }).retryable === true;
          if (!retryable || attempt >= this.policy.retries) throw e;
          await this.sleep(this.policy.backoffMs * 2 ** attempt);
        }
      }
    } finally {
      this.release();
    }
  }

  private async once(start: string): Promise<{ body: Uint8Array; type: string }> {
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const u = this.check(url);
      await this.pace(u.host);
      let res: Response;
      try {
        res = await fetch(u, {
          redirect: "manual",
          signal: AbortSignal.timeout(this.policy.timeoutMs),
          headers: { accept: "application/json, */*", ...this.policy.headers?.[u.host] },
        });
      } catch (e) {
        throw Object.assign(createError("SOURCE_UNREACHABLE", [url, unreachable(e, this.policy.timeoutMs)]), {
          retryable: true,
        });
      }
      if (res.status >= 300 && res.status < 400) {
        const loc = res.headers.get("location");
        if (!loc) throw createError("UPSTREAM_URL_REFUSED", [url, `redirected (${res.status}) without a location`]);
        url = new URL(loc, u).toString();
        continue;
      }
      if (res.status === 429 || res.status >= 500)
        throw Object.assign(createError("SOURCE_UNREACHABLE", [url, `answered ${res.status}`]), { retryable: true });
      // The status lets importers tell "no such package" (404) from other failures.
      if (!res.ok)
        throw Object.assign(createError("UPSTREAM_STATUS", [url, res.status]), { upstreamStatus: res.status });
      return { body: await this.read(res, url), type: res.headers.get("content-type") ?? "" };
    }
    throw createError("UPSTREAM_URL_REFUSED", [start, `redirected more than ${MAX_REDIRECTS} times`]);
  }

  private check(url: string): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw createError("UPSTREAM_URL_REFUSED", [url, "is not a URL"]);
    }
    if (u.protocol !== "https:" && !(this.policy.allowHttp && u.protocol === "http:"))
      throw createError("UPSTREAM_URL_REFUSED", [url, "is not https"]);
    if (!this.policy.hosts.includes(u.host))
      throw createError("UPSTREAM_URL_REFUSED", [
        url,
        `is not on an allowed host for this source (${this.policy.hosts.join(", ")})`,
      ]);
    return u;
  }

  private async read(res: Response, url: string): Promise<Uint8Array> {
    const declared = Number(res.headers.get("content-length") ?? 0);
    if (declared > this.policy.maxBytes) throw createError("UPSTREAM_TOO_LARGE", [url, this.policy.maxBytes]);
    const reader = res.body?.getReader();
    const chunks: Uint8Array[] = [];
    let n = 0;
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      n += r.value.length;
      if (n > this.policy.maxBytes) {
        await reader?.cancel();
        throw createError("UPSTREAM_TOO_LARGE", [url, this.policy.maxBytes]);
      }
      chunks.push(r.value);
    }
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private async pace(host: string): Promise<void> {
    const wait = (this.lastAt.get(host) ?? 0) + this.policy.minIntervalMs - Date.now();
    this.lastAt.set(host, Date.now() + Math.max(0, wait));
    if (wait > 0) await this.sleep(wait);
  }

  private async acquire(): Promise<void> {
    if (this.active < this.policy.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/**
 * Why a request got no answer, from the error fetch gives (undici puts the system error in
 * `cause`): DNS, timeout, TLS, refused, reset or no route, so the operator knows what to fix.
 */
export function unreachable(e: unknown, timeoutMs: number): string {
  if ((e as Error)?.name === "TimeoutError") return `could not be reached (timeout: no answer within ${timeoutMs} ms)`;
  const cause = (e as { cause?: { code?: unknown; message?: unknown; cause?: { code?: unknown } } })?.cause;
  const code = String(cause?.code ?? cause?.cause?.code ?? "");
  const text = `${code} ${String(cause?.message ?? "")}`;
  if (/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|EAI_NODATA)$/.test(code))
    return "could not be reached (DNS: the host name did not resolve)";
  if (code === "ECONNREFUSED") return "could not be reached (connection refused)";
  if (/^(UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/.test(code))
    return "could not be reached (timeout while connecting)";
  if (
    /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO|HOSTNAME_MISMATCH|wrong version number|handshake/i.test(text)
  )
    return `could not be reached (TLS: ${code || "the secure connection failed"})`;
  if (/^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/.test(code)) return "could not be reached (the connection was reset)";
  if (/^(ENETUNREACH|EHOSTUNREACH|ENETDOWN)$/.test(code)) return "could not be reached (no network route to the host)";
  return `could not be reached${code ? ` (${code})` : ""}`;
}
