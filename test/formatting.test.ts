import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../src/paths.js";

/**
 * One formatter config is the style guide (biome.json): `npm test` checks it first, and these
 * tests keep the check honest when vitest runs alone.
 */
const BIOME = path.join(ROOT, "node_modules", ".bin", "biome");

let check: { status: number | null; output: string; processed: string[] };
beforeAll(() => {
  const r = spawnSync(BIOME, ["format", "--verbose", "--max-diagnostics=5"], { cwd: ROOT, encoding: "utf8" });
  const output = `${r.stdout}${r.stderr}`;
  const processed = [...output.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1] ?? "");
  check = { status: r.status, output, processed };
});

describe("formatting (biome.json)", () => {
  it("npm test checks formatting before it type-checks and tests; npm run format fixes it", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts["test"]).toMatch(/^biome format && /);
    expect(pkg.scripts["format"]).toBe("biome format --write");
  });

  it("every source file is formatted as biome.json says", () => {
    expect(check.status, check.output.slice(0, 2000)).toBe(0);
    expect(check.processed).toContain("src/capgraph.ts");
  });

  it("formats code only: JSON, Markdown, recorded fixtures and the demo catalog stay byte-exact", () => {
    const other = check.processed.filter((f) => f !== "biome.json" && !/\.(ts|tsx|js)$/.test(f));
    const data = check.processed.filter((f) => /^(test\/fixtures|catalog|taxonomy|sources|docs)\//.test(f));
    expect([...other, ...data]).toEqual([]);
  });
});
