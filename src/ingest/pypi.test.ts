import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../paths.js";
import { fixture, freshCore, memoryFetcher, runImporterContract } from "./importer.suite.js";
import { importPypi, PYPI_RECORDINGS, pypiImporter } from "./pypi.js";
import { rstToMarkdown } from "./rst.js";
import { extractCapabilities } from "./readme.js";

const FIX = path.join(ROOT, "test", "fixtures", "pypi", "peft");
const NOW = new Date("2025-09-01T00:00:00Z");

runImporterContract("PyPI", {
  importer: pypiImporter,
  fixtures: FIX,
  good: "peft",
  id: (w) => w,
  now: NOW,
  wrongTypes: { body: { info: "peft", releases: 7 }, message: "has no info.name" },
});

type PypiDoc = { info: Record<string, unknown>; releases: Record<string, Record<string, unknown>[]> };
const peft = () => fixture<PypiDoc>(FIX, "pypi.json");
const run = (doc: unknown, core = freshCore()) =>
  importPypi("peft", memoryFetcher(PYPI_RECORDINGS, { "pypi.json": doc }), core, undefined, NOW);

describe("PyPI importer", () => {
  it("maps the project: repository from project_urls, licence, keywords, README sections with their spans, release signals", async () => {
    const m = (await run(peft())).manifests[0]?.manifest;
    expect(m?.artifact).toMatchObject({
      slug: "peft",
      name: "peft",
      kind: "library",
      license: "Apache",
      repository: "https://github.com/huggingface/peft",
      url: "https://github.com/huggingface/peft",
      description: "Parameter-Efficient Fine-Tuning (PEFT)",
      categories: ["deep-learning"],
      tags: ["pypi"],
      status: "active",
    });
    const quant = m?.artifact.capabilities.find((c) => c.name === "Quantization");
    expect(quant).toMatchObject({ evidence: "documented", uri: "capability://serving.quantization" });
    expect(quant?.sources[0]).toEqual({
      url: "https://pypi.org/project/peft/#description",
      excerpt: expect.stringMatching(/^Quantization is another method for reducing the memory requirements/),
      retrievedAt: "2025-09-01",
    });
    expect(m?.artifact.capabilities.map((c) => c.name)).not.toContain("Contribute");
    expect(m?.signals.map((s) => [s.metric, s.value, s.source])).toEqual([
      [
        "releases.latestAt",
        Math.round(Date.parse("2025-08-21T09:25:22.123456Z") / 1000),
        "PyPI JSON API (peft 0.17.1)",
      ],
      ["releases.count", 28, "PyPI JSON API (peft release history)"],
      // 0.13.0 (2024-09-25) up to 0.17.1: the ten releases after 2024-09-01.
      ["releases.last365d", 10, "PyPI JSON API (peft release history)"],
    ]);
  });

  it("takes the licence from license_expression, a short license field, then the OSI classifier", async () => {
    const licence = async (edit: (i: Record<string, unknown>) => void) => {
      const d = peft();
      edit(d.info);
      return (await run(d)).manifests[0]?.manifest.artifact.license;
    };
    expect(
      await licence((i) => {
        i["license_expression"] = "Apache-2.0";
      }),
    ).toBe("Apache-2.0");
    expect(
      await licence((i) => {
        i["license"] = "Apache License\n\nVersion 2.0, January 2004\n" + "terms ".repeat(50);
      }),
    ).toBe("Apache Software License");
    expect(
      await licence((i) => {
        i["license"] = null;
        i["classifiers"] = [];
      }),
    ).toBeUndefined();
  });

  it("finds the repository under Source, Repository or Code before Homepage, and only on github.com", async () => {
    const repo = async (urls: Record<string, string>, home?: string) => {
      const d = peft();
      d.info["project_urls"] = urls;
      d.info["home_page"] = home ?? null;
      return (await run(d)).manifests[0]?.manifest.artifact.repository;
    };
    expect(
      await repo({
        Homepage: "https://huggingface.co/docs/peft",
        Source: "https://github.com/huggingface/peft/tree/main",
      }),
    ).toBe("https://github.com/huggingface/peft");
    expect(await repo({ "Source Code": "https://github.com/Org/Pkg.git" })).toBe("https://github.com/org/pkg");
    expect(await repo({ Homepage: "https://example.org/pkg" })).toBeUndefined();
  });

  it("marks 'Development Status :: 7 - Inactive' archived and ignores yanked files", async () => {
    const d = peft();
    (d.info["classifiers"] as string[]).push("Development Status :: 7 - Inactive");
    for (const f of d.releases["0.17.1"] ?? []) f["yanked"] = true;
    const m = (await run(d)).manifests[0]?.manifest;
    expect(m?.artifact.status).toBe("archived");
    expect(m?.signals.find((s) => s.metric === "releases.count")?.value).toBe(27);
  });

  it("reads a reStructuredText description", async () => {
    const d = peft();
    d.info["description_content_type"] = "text/x-rst";
    d.info["description"] =
      "=====\nTitle\n=====\n\nIntro text.\n\nStreaming transcription\n-----------------------\n\nTranscribes audio while it is still being recorded, with `low latency <https://example.org>`_.\n\n.. code-block:: python\n\n    import tool\n";
    const caps = (await run(d)).manifests[0]?.manifest.artifact.capabilities;
    expect(caps?.map((c) => [c.name, c.description])).toEqual([
      ["Streaming transcription", "Transcribes audio while it is still being recorded, with low latency."],
    ]);
  });

  it("reads wrong field types as absent instead of failing", async () => {
    const d = peft();
    Object.assign(d.info, {
      summary: 42,
      keywords: ["llm", 7],
      classifiers: "nope",
      project_urls: ["x"],
      license: { spdx: "MIT" },
      description: null,
    });
    d.releases = 5 as never;
    const r = await run(d);
    expect(r.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    expect(r.manifests[0]?.manifest.artifact).toMatchObject({
      description: "The peft package on PyPI.",
      categories: ["llm"],
      capabilities: [],
    });
    // Without a releases map, the latest release time still comes from the current files (urls).
    expect(r.manifests[0]?.manifest.signals.map((s) => s.metric)).toEqual(["releases.latestAt"]);
  });
});

describe("reStructuredText", () => {
  it("turns titles into headings by adornment order and drops directives and literal blocks", () => {
    const md = rstToMarkdown(
      "#####\nTool\n#####\n\nFeatures\n========\n\n- Fast vector search over millions of embeddings\n\nUsage::\n\n    tool run\n\nHybrid ranking\n==============\n\nCombines BM25 and vectors so exact terms and meaning both count.\n\n.. note::\n   Hidden.\n",
    );
    expect(md).toContain("# Tool\n");
    expect(md).toContain("## Features\n");
    expect(md).not.toContain("tool run");
    expect(md).not.toContain("Hidden");
    expect(extractCapabilities(md).map((c) => c.name)).toEqual([
      "Fast vector search over millions of embeddings",
      "Hybrid ranking",
    ]);
  });
});
