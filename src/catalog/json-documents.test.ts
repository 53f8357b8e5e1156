import { beforeEach, describe, expect, it, vi } from "vitest";
import * as yaml from "yaml";
import { loadManifestPaths, parseManifestText } from "./manifest.js";
import { loadTaxonomy } from "./taxonomy.js";
import { jsonDocuments } from "./json-documents.js";
import { DEMO_CATALOG_DIR } from "../paths.js";

// The YAML parser, observed: a valid JSON text must not reach it, anything doubtful must.
vi.mock("yaml", async (importOriginal) => {
  const real = await importOriginal<typeof import("yaml")>();
  return { ...real, parseAllDocuments: vi.fn(real.parseAllDocuments) };
});

const tax = loadTaxonomy();
const demo = loadManifestPaths([DEMO_CATALOG_DIR], tax).manifests;

/** The demo catalog as one JSON text: documents pretty-printed, `---` lines between them. */
function demoAsJson(count: number): string {
  return demo
    .slice(0, count)
    .map(({ manifest: { artifact: a, signals } }) =>
      JSON.stringify(
        {
          capgraph: 1,
          artifact: {
            slug: a.slug,
            name: a.name,
            kind: a.kind,
            description: a.description,
            categories: a.categories,
            tags: a.tags,
          },
          pricing: a.pricing,
          capabilities: a.capabilities.map((c) => ({
            id: c.id,
            name: c.name,
            uri: c.uri,
            description: c.description,
            intents: c.intents,
            evidence: c.evidence,
            confidence: c.confidence,
            sources: c.sources,
          })),
          signals,
        },
        null,
        2,
      ),
    )
    .join("\n---\n");
}

const parser = vi.mocked(yaml.parseAllDocuments);
beforeEach(() => parser.mockClear());

describe("manifests written as JSON", () => {
  it("JSON manifests are read without the YAML parser (capgraph add of 1M capabilities took minutes in it)", () => {
    const text = demoAsJson(40);
    const r = parseManifestText(text, "c.json", tax);
    expect(r.diagnostics).toEqual([]);
    expect(r.manifests).toHaveLength(40);
    expect(parser).not.toHaveBeenCalled();
  });

  it("gives the very manifests, slug lines and columns the YAML way gives", () => {
    const text = demoAsJson(demo.length);
    const fast = parseManifestText(text, "c.json", tax);
    const slow = parseManifestText(text, "c.json", tax, { json: false });
    expect(slow.manifests).toHaveLength(demo.length);
    expect(fast).toEqual(slow);
  });

  it("a repeated key goes the YAML way and is reported at its line", () => {
    const text = `${demoAsJson(2)}\n---\n{"capgraph": 1, "capgraph": 1,\n "artifact": {"slug": "x", "name": "X", "kind": "library", "description": "d"}}`;
    const r = parseManifestText(text, "c.json", tax);
    expect(parser).toHaveBeenCalledTimes(1);
    const d = r.diagnostics.find((x) => x.code === "MANIFEST_DUPLICATE_KEY");
    expect(d?.line).toBe(text.split("\n").findIndex((l) => l.includes('"capgraph": 1, "capgraph"')) + 1);
  });

  it("an invalid document and a document that draws a warning are located by the YAML way", () => {
    const bad = parseManifestText(
      `{"capgraph": 1,\n "artifact": {"slug": "Not Kebab", "name": "X", "kind": "library", "description": "d"}}`,
      "c.json",
      tax,
    );
    expect(bad.diagnostics.map((d) => [d.code, d.line])).toEqual([["MANIFEST_BAD_SLUG", 2]]);
    const warned = parseManifestText(
      `{"capgraph": 1, "artifact": {"slug": "x", "name": "X", "kind": "library", "description": "d"}}`,
      "c.json",
      tax,
    );
    expect(warned.diagnostics.map((d) => d.code)).toEqual(["MANIFEST_NO_CAPABILITIES"]);
    expect(warned.manifests).toHaveLength(1);
    expect(parser).toHaveBeenCalledTimes(2);
  });

  it("a JSON document's slug is placed at its line and column, as duplicate-slug diagnostics need", () => {
    const one = demoAsJson(1);
    const twice = parseManifestText(`${one}\n---\n${one}`, "c.json", tax);
    expect(parser).not.toHaveBeenCalled();
    const second = twice.manifests[1];
    expect(second?.line).toBe(one.split("\n").length + 1 + one.split("\n").findIndex((l) => l.includes('"slug"')) + 1);
    expect(second?.column).toBe(
      one
        .split("\n")
        .find((l) => l.includes('"slug"'))!
        .indexOf(": ") + 3,
    );
  });
});

describe("jsonDocuments", () => {
  it("splits on separator lines only, skips empty documents, refuses what is not one JSON object each", () => {
    expect(
      jsonDocuments('---\n{"a": "x\\n---\\ny"}\n---\n\n---\n{"b": [1, {"c": 2}]}\n', 10)?.map((d) => d.value),
    ).toEqual([{ a: "x\n---\ny" }, { b: [1, { c: 2 }] }]);
    expect(jsonDocuments('{"a": 1}\n---\n[1]', 10)).toBeUndefined();
    expect(jsonDocuments('{"a": 1, "a": 2}', 10)).toBeUndefined();
    expect(jsonDocuments('{"a": {"b": 1, "b": 1}}', 10)).toBeUndefined();
    expect(jsonDocuments("a: 1", 10)).toBeUndefined();
    expect(jsonDocuments('{"a": 1}\n---\n{"a": 2}', 1)).toBeUndefined();
  });
});
