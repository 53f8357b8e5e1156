import { gunzipSync } from "node:zlib";

/** Limits when reading a package tarball: only small text files are ever taken from it. */
export const TAR_LIMITS = { maxUnpackedBytes: 50_000_000, maxFileBytes: 1_000_000 } as const;

/**
 * The first file of a .tgz whose path matches `want`, as text. Reads ustar headers only
 * (enough for npm tarballs); anything malformed yields undefined rather than a crash.
 */
export function fileFromTgz(tgz: Uint8Array, want: RegExp): string | undefined {
  let tar: Buffer;
  try {
    tar = gunzipSync(tgz, { maxOutputLength: TAR_LIMITS.maxUnpackedBytes });
  } catch {
    return undefined;
  }
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    if (!name) return undefined;
    const prefix = header.subarray(345, 500).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(header.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) return undefined;
    const path = prefix ? `${prefix}/${name}` : name;
    const body = at + 512;
    if (want.test(path) && header[156] !== 53 /* '5' = directory */) {
      return size > TAR_LIMITS.maxFileBytes ? undefined : tar.subarray(body, body + size).toString("utf8");
    }
    at = body + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
