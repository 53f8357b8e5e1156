import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatDiagnostic, hasErrors, type Diagnostic } from "./diagnostics.js";
import { loadManifestPaths, parseManifestText } from "./manifest.js";
import { loadTaxonomy } from "./taxonomy.js";

const tax = loadTaxonomy();
const diag = (text: string) => parseManifestText(text, "m.yml", tax).diagnostics;
const find = (ds: Diagnostic[], code: string) => {
  const d = ds.find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} in ${JSON.stringify(ds.map((x) => x.code))}`);
  return d;
};

const VALID = `capgraph: 1
artifact:
  slug: my-tool
  name: My Tool
  kind: library
  description: Does one thing well.
capabilities:
  - name: Summarise text
    description: Turns long text into a short summary.
`;

describe("manifest diagnostics", () => {
  it("accepts a valid manifest and classifies a capability without uri", () => {
    const r = parseManifestText(VALID, "m.yml", tax);
    expect(r.diagnostics).toEqual([]);
    const cap = r.manifests[0]?.manifest.artifact.capabilities[0];
    expect(cap?.id).toBe("summarise-text");
    expect(cap?.uriSource).toBe("classified");
    expect(cap?.uri.startsWith("capability://text")).toBe(true);
    expect(cap?.uriConfidence).toBeGreaterThan(0);
    expect(cap?.uriConfidence).toBeLessThan(1);
  });

  // Each case: a broken manifest, the expected code, and the 1-based line:column of the offending node
  // (for a YAML syntax error: where the parser detects it, here the line after the unclosed bracket).
  const cases: [string, string, string, number, number][] = [
    [
      "unknown key",
      VALID.replace("  kind: library", "  kind: library\n  homepage: https://x.dev"),
      "MANIFEST_UNKNOWN_KEY",
      6,
      3,
    ],
    ["wrong enum", VALID.replace("kind: library", "kind: libary"), "MANIFEST_BAD_ENUM", 5, 9],
    ["non-kebab slug", VALID.replace("slug: my-tool", "slug: My_Tool"), "MANIFEST_BAD_SLUG", 3, 9],
    [
      "empty description",
      VALID.replace("description: Does one thing well.", 'description: "  "'),
      "MANIFEST_EMPTY_DESCRIPTION",
      6,
      16,
    ],
    ["missing field", VALID.replace("  name: My Tool\n", ""), "MANIFEST_MISSING_FIELD", 3, 3],
    [
      "price without unit",
      VALID + "pricing:\n  model: paid\n  prices:\n    - { amount: 1, currency: USD }\n",
      "MANIFEST_PRICE_NO_UNIT",
      13,
      7,
    ],
    ["wrong type", VALID.replace("kind: library", "kind: library\n  categories: llm"), "MANIFEST_WRONG_TYPE", 6, 15],
    ["bad url", VALID.replace("kind: library", "kind: library\n  url: not a url"), "MANIFEST_BAD_URL", 6, 8],
    [
      "unknown taxonomy uri",
      VALID.replace("  - name: Summarise text", "  - name: Summarise text\n    uri: capability://text.summarisation"),
      "MANIFEST_UNKNOWN_URI",
      9,
      10,
    ],
    [
      "bad date",
      VALID + "signals:\n  - { metric: github.stars, value: 3, source: GitHub, observedAt: yesterday }\n",
      "MANIFEST_BAD_DATE",
      11,
      67,
    ],
    ["version", VALID.replace("capgraph: 1", "capgraph: 2"), "MANIFEST_VERSION", 1, 11],
    ["yaml syntax", VALID.replace("  name: My Tool", "  name: [My Tool"), "MANIFEST_YAML_SYNTAX", 5, 3],
    [
      "duplicate capability id",
      VALID + "  - name: Summarise text\n    description: Again.\n",
      "MANIFEST_DUPLICATE_CAPABILITY_ID",
      10,
      11,
    ],
    [
      "out of range",
      VALID.replace("    description: Turns", "    confidence: 1.5\n    description: Turns"),
      "MANIFEST_OUT_OF_RANGE",
      9,
      17,
    ],
    ["bad tag", VALID.replace("kind: library", "kind: library\n  tags: [Good Tag]"), "MANIFEST_BAD_TAG", 6, 10],
  ];

  it.each(cases)("%s → %s at line:col", (_name, text, code, line, column) => {
    const ds = diag(text);
    const d = find(ds, code);
    expect(d.severity).toBe("error");
    expect([d.line, d.column]).toEqual([line, column]);
    expect(d.message.length).toBeGreaterThan(10);
  });

  it("covers at least 10 distinct error codes", () => {
    expect(new Set(cases.map((c) => c[2])).size).toBeGreaterThanOrEqual(10);
  });

  it("collects every problem in one pass, not just the first", () => {
    const text = VALID.replace("kind: library", "kind: libary")
      .replace("slug: my-tool", "slug: My Tool")
      .replace("  name: My Tool\n", "  nme: My Tool\n");
    const codes = diag(text)
      .map((d) => d.code)
      .sort();
    expect(codes).toEqual(["MANIFEST_BAD_ENUM", "MANIFEST_BAD_SLUG", "MANIFEST_MISSING_FIELD", "MANIFEST_UNKNOWN_KEY"]);
  });

  it("suggests the closest key and enum value", () => {
    const ds = diag(VALID.replace("kind: library", "kind: libary\n  licence: MIT"));
    expect(find(ds, "MANIFEST_UNKNOWN_KEY").message).toContain("did you mean 'license'");
    expect(find(ds, "MANIFEST_BAD_ENUM").message).toContain("did you mean 'library'");
  });

  it("warns, without failing, when there are no capabilities", () => {
    const ds = diag(VALID.split("capabilities:")[0] ?? "");
    expect(find(ds, "MANIFEST_NO_CAPABILITIES").severity).toBe("warning");
    expect(hasErrors(ds)).toBe(false);
  });

  it("warns about signals observed in the future", () => {
    const ds = diag(
      VALID + "signals:\n  - { metric: github.stars, value: 3, source: GitHub, observedAt: 2999-01-01 }\n",
    );
    expect(find(ds, "MANIFEST_FUTURE_DATE").severity).toBe("warning");
  });

  it("reads JSON manifests and multi-document YAML", () => {
    const json = JSON.stringify({
      capgraph: 1,
      artifact: { slug: "j", name: "J", kind: "api", description: "A JSON one." },
    });
    expect(parseManifestText(json, "j.json", tax).manifests).toHaveLength(1);
    const two = VALID + "---\n" + VALID.replace("my-tool", "other-tool");
    expect(parseManifestText(two, "two.yml", tax).manifests.map((m) => m.manifest.artifact.slug)).toEqual([
      "my-tool",
      "other-tool",
    ]);
  });

  it("reports duplicate slugs across files at the second slug, and formats file:line:col", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-"));
    fs.writeFileSync(path.join(dir, "a.yml"), VALID);
    fs.writeFileSync(path.join(dir, "b.yaml"), "# a comment\n" + VALID);
    const r = loadManifestPaths([dir], tax);
    const d = find(r.diagnostics, "MANIFEST_DUPLICATE_SLUG");
    expect(formatDiagnostic(d)).toBe(
      `${path.join(dir, "b.yaml")}:4:9: error MANIFEST_DUPLICATE_SLUG slug 'my-tool' is already used at ${path.join(dir, "a.yml")}:3; slugs must be unique (at artifact.slug)`,
    );
  });

  it("reports a missing path instead of throwing", () => {
    expect(loadManifestPaths(["/nonexistent/capgraph"], tax).diagnostics[0]?.code).toBe("MANIFEST_FILE_NOT_FOUND");
  });

  it("the shipped demo catalog is valid, with at least 60 artifacts", () => {
    const r = loadManifestPaths([path.resolve("catalog")], tax);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.manifests.length).toBeGreaterThanOrEqual(60);
    const bySlug = new Map(r.manifests.map((m) => [m.manifest.artifact.slug, m.manifest.artifact]));
    expect(bySlug.get("gpt-5-4-pro")?.capabilities).toHaveLength(12);
    expect(bySlug.get("dreambooth-stable-diffusion")?.capabilities).toHaveLength(12);
  });
});
