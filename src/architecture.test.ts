import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./paths.js";
import fs from "node:fs";
import { importEdges, sourceFiles, unitCycles, unitOf } from "./architecture.js";

const SRC = path.join(ROOT, "src");
const edges = importEdges(SRC);

/** The floors, lowest first: a unit may import only from the units listed for it (and npm packages). */
const ROOT_HELPERS = ["errors", "paths", "files", "issues", "version", "limits"];
const LOWER_FLOORS: Record<string, readonly string[]> = {
  text: [...ROOT_HELPERS],
  catalog: ["text", ...ROOT_HELPERS],
  outcomes: ["catalog", ...ROOT_HELPERS],
  store: ["catalog", "outcomes", "text", ...ROOT_HELPERS],
  match: ["catalog", "text", "outcomes", ...ROOT_HELPERS],
  rank: ["catalog", "text", "outcomes", "store", ...ROOT_HELPERS],
};
const EDGES = ["app", "web", "api", "mcp", "cli", "http"];
/** Edges one surface may take to another: the command line launches the app and the stdio MCP server; every HTTP surface shares http/ (limits, client address). */
const SURFACE_LINKS = new Set(["cli>app", "cli>mcp", "cli>http", "api>http", "mcp>http", "web>http"]);
const MAX_FILE_LINES = 400;
/** What a surface may import besides another surface it is linked to: the core's published API, the wire contract and the ground. */
const SURFACE_MAY_USE = new Set(["capgraph", "core", "wire", "text", ...ROOT_HELPERS]);

/** Every TypeScript file below `dir`, tests included. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}
const WEB_FRAMEWORK = ["pkg:hono", "pkg:@hono/node-server"];

describe("house rules of src/ (see ARCHITECTURE.md)", () => {
  it("has no import cycle between folders, type imports included", () => {
    expect(unitCycles(edges)).toEqual([]);
  });

  it("keeps the lower floors free of anything above them", () => {
    const broken = edges.filter(
      (e) =>
        !e.to.startsWith("pkg:") &&
        e.from !== e.to &&
        LOWER_FLOORS[e.from] !== undefined &&
        !LOWER_FLOORS[e.from]?.includes(e.to),
    );
    expect(broken.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("keeps the wire contract above the core: only surfaces import wire/", () => {
    const broken = edges.filter((e) => e.to === "wire" && e.from !== "wire" && !EDGES.includes(e.from));
    expect(broken.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("keeps the core free of the surfaces and of the web framework", () => {
    const broken = edges.filter(
      (e) => !EDGES.includes(e.from) && (EDGES.includes(e.to) || WEB_FRAMEWORK.includes(e.to)),
    );
    expect(broken.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("keeps every file of src/ and test/ at 400 lines or fewer (split by concept, not by layer)", () => {
    const long = [...listFiles(SRC), ...listFiles(path.join(ROOT, "test"))]
      .map((f) => ({ f: path.relative(ROOT, f), n: fs.readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((x) => x.n > MAX_FILE_LINES);
    expect(long.map((x) => `${x.f}: ${x.n} lines`)).toEqual([]);
  });

  it("keeps the surfaces on the core and the wire contract: no surface reads the snapshot or another surface's parsers", () => {
    const reach = edges.filter(
      (e) =>
        EDGES.includes(e.from) &&
        e.from !== e.to &&
        EDGES.includes(e.to) &&
        e.from !== "app" &&
        !SURFACE_LINKS.has(`${e.from}>${e.to}`),
    );
    expect(reach.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
    const snapshotReaders = sourceFiles(SRC).filter(
      (f) => EDGES.includes(unitOf(SRC, f)) && /\.snapshot\(\)/.test(fs.readFileSync(f, "utf8")),
    );
    expect(snapshotReaders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it("keeps the surfaces on the core's published API: web/, api/, mcp/, cli/ and http/ reach the domain only through core/ and wire/", () => {
    const reach = edges.filter(
      (e) =>
        EDGES.includes(e.from) &&
        e.from !== "app" &&
        !e.to.startsWith("pkg:") &&
        !EDGES.includes(e.to) &&
        !SURFACE_MAY_USE.has(e.to),
    );
    expect(reach.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("finds a cycle where there is one (the checker itself can fail)", () => {
    const probe = [
      { from: "a", to: "b", file: "a/x.ts", spec: "../b/y.js" },
      { from: "b", to: "c", file: "b/y.ts", spec: "../c/z.js" },
      { from: "c", to: "a", file: "c/z.ts", spec: "../a/x.js" },
      { from: "c", to: "d", file: "c/z.ts", spec: "../d/w.js" },
    ];
    expect(unitCycles(probe)).toEqual([["a", "b", "c"]]);
  });
});
