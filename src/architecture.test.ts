import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./paths.js";
import { importEdges, unitCycles } from "./architecture.js";

const SRC = path.join(ROOT, "src");
const edges = importEdges(SRC);

/** The floors, lowest first: a unit may import only from the units listed for it (and npm packages). */
const ROOT_HELPERS = ["errors", "paths", "files", "issues", "version"];
const LOWER_FLOORS: Record<string, readonly string[]> = {
  text: [...ROOT_HELPERS],
  catalog: ["text", ...ROOT_HELPERS],
  outcomes: ["catalog", ...ROOT_HELPERS],
  store: ["catalog", "outcomes", "text", ...ROOT_HELPERS],
  match: ["catalog", "text", "outcomes", ...ROOT_HELPERS],
  rank: ["catalog", "text", "outcomes", "store", ...ROOT_HELPERS],
};
const EDGES = ["app", "web", "api", "mcp", "cli"];
const WEB_FRAMEWORK = ["pkg:hono", "pkg:@hono/node-server"];

describe("house rules of src/ (see ARCHITECTURE.md)", () => {
  it("has no import cycle between folders, type imports included", () => {
    expect(unitCycles(edges)).toEqual([]);
  });

  it("keeps the lower floors free of anything above them", () => {
    const broken = edges.filter((e) => !e.to.startsWith("pkg:") && e.from !== e.to && LOWER_FLOORS[e.from] !== undefined && !LOWER_FLOORS[e.from]?.includes(e.to));
    expect(broken.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("keeps the core free of the surfaces and of the web framework", () => {
    const broken = edges.filter((e) => !EDGES.includes(e.from) && (EDGES.includes(e.to) || WEB_FRAMEWORK.includes(e.to)));
    expect(broken.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("finds a cycle where there is one (the checker itself can fail)", () => {
    const probe = [{ from: "a", to: "b", file: "a/x.ts", spec: "../b/y.js" }, { from: "b", to: "c", file: "b/y.ts", spec: "../c/z.js" }, { from: "c", to: "a", file: "c/z.ts", spec: "../a/x.js" }, { from: "c", to: "d", file: "c/z.ts", spec: "../d/w.js" }];
    expect(unitCycles(probe)).toEqual([["a", "b", "c"]]);
  });
});
