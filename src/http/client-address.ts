import { BlockList, isIP } from "node:net";
import { createError } from "../errors.js";

/**
 * Which proxies in front of capgraph may be believed about the client's address.
 * `hops`: that many proxies append to X-Forwarded-For (a load balancer alone is 1).
 * `proxies`: the addresses or CIDR ranges of the proxies; hops from them are skipped.
 */
export type TrustProxy = { hops: number } | { proxies: BlockList; text: string };

/**
 * Reads CAPGRAPH_TRUST_PROXY: unset, empty or 0 trusts no proxy; a whole number is a hop
 * count; otherwise a comma-separated list of addresses and CIDR ranges.
 * Example: `CAPGRAPH_TRUST_PROXY=10.0.0.0/8,fd00::/8`.
 */
export function parseTrustProxy(v: string | undefined): TrustProxy | undefined {
  const text = (v ?? "").trim();
  if (text === "" || text === "0") return undefined;
  if (/^\d+$/.test(text)) return { hops: Math.min(Number(text), 20) };
  const proxies = new BlockList();
  for (const part of text
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [addr = "", bits] = part.split("/");
    const family = isIP(addr);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw createError("TRUST_PROXY_INVALID", [part]);
    }
    proxies.addSubnet(addr, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return { proxies, text };
}

/**
 * The client behind a chain of proxies: the right-most X-Forwarded-For hop that no trusted
 * proxy added. Proxies append what they saw to what the client sent, so everything left of
 * that hop may be the client's own invention. Without trust, the socket address.
 */
export function clientAddress(socket: string, forwardedFor: string | undefined, trust: TrustProxy | undefined): string {
  if (!trust || !forwardedFor) return socket;
  const chain = [
    ...forwardedFor
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
    socket,
  ];
  if ("hops" in trust) return chain[Math.max(0, chain.length - 1 - trust.hops)] ?? socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i] ?? "";
    if (!isTrusted(hop, trust.proxies)) return hop.slice(0, 64);
  }
  return (chain[0] ?? socket).slice(0, 64);
}

function isTrusted(addr: string, proxies: BlockList): boolean {
  const plain = addr.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  const family = isIP(plain);
  return family !== 0 && proxies.check(plain, family === 6 ? "ipv6" : "ipv4");
}
