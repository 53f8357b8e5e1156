import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createError, ERRORS, isCapgraphError, isKnownError, LOCAL_ERRORS, LocalError, withContext } from "./errors.js";
import { ROOT } from "./paths.js";

/** The rows `| \`CODE\` | 404 | … |` of one section of docs/errors.md, as code → status or exit. */
function documented(section: string): Record<string, number> {
  const text = fs.readFileSync(path.join(ROOT, "docs", "errors.md"), "utf8");
  const body = text.split(/^## /m).find((s) => s.startsWith(section)) ?? "";
  return Object.fromEntries([...body.matchAll(/^\| `([A-Z_]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]));
}

const table = <T extends Record<string, { template: string }>>(c: T, key: "status" | "exit") =>
  Object.fromEntries(Object.entries(c).map(([code, e]) => [code, (e as unknown as Record<string, number>)[key]]));

describe("the error catalogue and docs/errors.md agree both ways", () => {
  it("every wire code is documented with its HTTP status, and every documented wire code exists", () => {
    expect(documented("Wire errors")).toEqual(table(ERRORS, "status"));
  });

  it("every local code is documented with its exit status, and every documented local code exists", () => {
    expect(documented("Local errors")).toEqual(table(LOCAL_ERRORS, "exit"));
  });

  it("no code is in both families, and no template merely passes text through", () => {
    expect(Object.keys(ERRORS).filter((c) => c in LOCAL_ERRORS)).toEqual([]);
    const bare = [...Object.entries(ERRORS), ...Object.entries(LOCAL_ERRORS)].filter(
      ([, e]) => e.template.replace(/%s/g, "").replace(/[^A-Za-z]/g, "").length < 5,
    );
    expect(bare.map(([c]) => c)).toEqual([]);
  });
});

describe("two families", () => {
  it("a wire error has an HTTP status and serialises to the unchanged JSON shape", () => {
    const e = createError("UPSTREAM_NOT_JSON", ["https://pypi.org/pypi/x/json", "it answered HTML"]);
    expect(isCapgraphError(e)).toBe(true);
    expect(e.status).toBe(502);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      error: { code: "UPSTREAM_NOT_JSON", message: e.message, details: [] },
    });
  });

  it("a local error has an exit status, no HTTP status and no wire form", () => {
    const e = createError("BAD_FLAGS", [1], [{ code: "BAD_FLAG", path: "--limit", message: "must be a whole number" }]);
    expect(e).toBeInstanceOf(LocalError);
    expect(isCapgraphError(e)).toBe(false);
    expect(isKnownError(e)).toBe(true);
    expect(e.exit).toBe(2);
    expect("status" in e || "toJSON" in e).toBe(false);
  });

  it("withContext keeps the code, the family and attached fields, and prefixes where it happened", () => {
    const e = withContext(
      Object.assign(createError("UPSTREAM_STATUS", ["https://x", 410]), { upstreamStatus: 410 }),
      "npm:x",
    );
    expect(e).toMatchObject({
      code: "UPSTREAM_STATUS",
      status: 502,
      upstreamStatus: 410,
      message: expect.stringMatching(/^npm:x: https:\/\/x answered 410/),
    });
    expect(withContext(createError("RECORDING_MISSING", ["https://x"]), "npm:x")).toBeInstanceOf(LocalError);
  });
});
