import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { ROOT } from "../paths.js";
import { HF_RECORDINGS, hfImporter, importHf } from "./hf.js";
import { HF_PIPELINE_URIS } from "./hf-tasks.js";
import { fixture, freshCore, memoryFetcher, runImporterContract } from "./importer.suite.js";

const FIX = path.join(ROOT, "test", "fixtures", "hf", "stabilityai-stable-diffusion-xl-base-1.0");
const NOW = new Date("2025-09-01T00:00:00Z");
const ID = "stabilityai/stable-diffusion-xl-base-1.0";

runImporterContract("Hugging Face", {
  importer: hfImporter,
  fixtures: FIX,
  good: ID,
  id: (w) => `stabilityai/${w}`,
  now: NOW,
  wrongTypes: { body: { id: 7, downloads: "many", tags: "text-to-image" }, message: "has no model id" },
});

const model = () => fixture(FIX, "model.json");
const card = () => fs.readFileSync(path.join(FIX, "README.md"), "utf8");
const run = (docs: Record<string, unknown>) =>
  importHf(ID, memoryFetcher(HF_RECORDINGS, docs), freshCore(), undefined, NOW);

describe("Hugging Face importer", () => {
  it("maps the model: the pipeline task as a documented capability on the taxonomy, the card's licence, lead and sections, and the signals", async () => {
    const m = (await run({ "model.json": model(), "README.md": card() })).manifests[0]?.manifest;
    expect(m?.artifact).toMatchObject({
      slug: "stable-diffusion-xl-base-1-0",
      name: ID,
      kind: "model",
      license: "openrail++",
      pricing: { model: "free" },
      url: `https://huggingface.co/${ID}`,
      categories: ["text-to-image", "stable-diffusion", "diffusers", "onnx", "safetensors"],
      description: expect.stringMatching(/^SDXL consists of an ensemble of experts pipeline for latent diffusion/),
    });
    expect(m?.artifact.capabilities[0]).toMatchObject({
      name: "Text-to-image",
      uri: "capability://image.generation.text-to-image",
      uriSource: "declared",
      evidence: "documented",
      sources: [
        { url: `https://huggingface.co/${ID}`, excerpt: "pipeline_tag: text-to-image", retrievedAt: "2025-09-01" },
      ],
    });
    // The card template's own sections (Model, Uses, Bias…) are structure, not capabilities.
    expect(m?.artifact.capabilities.map((c) => c.name)).toEqual(["Text-to-image", "Optimum"]);
    const source = `Hugging Face Hub API (models/${ID})`;
    expect(m?.signals.map((s) => [s.metric, s.value, s.source])).toEqual([
      ["hf.downloads", 2143512, "Hugging Face Hub API (downloads in the last 30 days)"],
      ["hf.likes", 6821, source],
      ["releases.latestAt", Math.round(Date.parse("2023-10-30T16:03:47.000Z") / 1000), source],
    ]);
  });

  it("every mapped pipeline task lands on an existing taxonomy node", () => {
    const t = loadTaxonomy();
    for (const [task, uri] of Object.entries(HF_PIPELINE_URIS)) expect(t.get(uri)?.uri, task).toBe(uri);
  });

  it("names an unmapped task and lets the classifier place it", async () => {
    const m = (await run({ "model.json": { ...model(), pipeline_tag: "depth-estimation" } })).manifests[0]?.manifest;
    expect(m?.artifact.capabilities[0]).toMatchObject({ name: "Depth estimation", uriSource: "classified" });
  });

  it("reads the licence from the card (its name when it is 'other'), else from the license: tag", async () => {
    const licence = async (front: string, tags?: string[]) =>
      (
        await run({
          "model.json": { ...model(), cardData: {}, ...(tags ? { tags } : {}) },
          "README.md": `---\n${front}\n---\n# Card\n`,
        })
      ).manifests[0]?.manifest.artifact;
    expect(await licence("license: other\nlicense_name: flux-1-dev-non-commercial-license")).toMatchObject({
      license: "flux-1-dev-non-commercial-license",
      pricing: { model: "free" },
    });
    expect(await licence("license: apache-2.0")).toMatchObject({
      license: "apache-2.0",
      pricing: { model: "open-source" },
    });
    expect(await licence("tags: [x]", ["license:mit"])).toMatchObject({ license: "mit" });
    expect((await licence("tags: [x]", []))?.pricing.model).toBe("unknown");
  });

  it.each([
    ["malformed front matter", "---\nlicense: [unclosed\n---\n# Card\n"],
    [
      "an alias bomb",
      `---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n---\n# Card\n`,
    ],
    ["an HTML page instead of the card", "<!doctype html><title>Access to model is restricted</title>"],
  ])("a card with %s is read without its front matter, and the import succeeds", async (_what, text) => {
    const r = await run({ "model.json": { ...model(), cardData: {} }, "README.md": text });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.manifests[0]?.manifest.artifact.license).toBe("openrail++"); // from the license: tag
  });

  it("describes a model without a card from its metadata", async () => {
    const r = await run({
      "model.json": { ...model(), cardData: { base_model: "stabilityai/stable-diffusion-xl-base-0.9" } },
    });
    expect(r.manifests[0]?.manifest.artifact.description).toBe(
      `${ID}: a text-to-image model on the Hugging Face Hub for diffusers, based on stabilityai/stable-diffusion-xl-base-0.9.`,
    );
  });
});
