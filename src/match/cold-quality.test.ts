import { describe, expect, it } from "vitest";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { normalize } from "../catalog/normalize.js";
import type { ManifestInput } from "../catalog/schema.js";
import { analyzeQuery } from "../text/analyze.js";
import { buildCatalogIndex } from "./catalog-index.js";
import { StemFamilies } from "./stem-family.js";
import { shippedTranslations } from "./translation.js";

const taxonomy = loadTaxonomy();
const artifact = (slug: string, capName: string, description: string, uri?: string) =>
  normalize(
    {
      capgraph: 1,
      artifact: { slug, name: slug, kind: "api", description },
      capabilities: [{ name: capName, description, ...(uri ? { uri } : {}) }],
    } as ManifestInput,
    taxonomy,
  ).artifact;

describe("cold quality on long third-party intents (issue 13)", () => {
  it("a guessed taxonomy node's label is not indexed as the capability's text", () => {
    // The image editor is classified somewhere on the taxonomy; that node's words were never written about it.
    const editor = artifact("photo-editor", "Photo touch-up", "Remove blemishes and retouch portraits.");
    expect(editor.capabilities[0]?.uriSource).toBe("classified");
    const label = taxonomy.get(editor.capabilities[0]?.uri ?? "")?.label ?? "";
    const word = label.split(/\s+/).find((w) => w.length > 3 && !/retouch|portrait|blemish|photo|touch/i.test(w)) ?? "";
    expect(word).not.toBe("");
    // Learned translations off: they may reach it through other words, which is not what this pins.
    const idx = buildCatalogIndex([editor], taxonomy, { translationWeight: 0 });
    expect(idx.search(word, 10).artifacts).toHaveLength(0);
    // As before (v1): the guessed label's words made it a hit.
    expect(
      buildCatalogIndex([editor], taxonomy, { classifiedTextConfidence: 0, translationWeight: 0 }).search(word, 10)
        .artifacts,
    ).toHaveLength(1);
  });

  it("a declared node's label still is", () => {
    const asr = artifact(
      "asr-engine",
      "Transcriber",
      "Turns recordings into text.",
      "capability://audio.speech-to-text",
    );
    const label = taxonomy.get("capability://audio.speech-to-text")?.label ?? "";
    expect(buildCatalogIndex([asr], taxonomy).search(label, 10).artifacts).toHaveLength(1);
  });

  it("a short real word is not corrected into a different word (blue → clue)", () => {
    const idx = buildCatalogIndex(
      [artifact("clue-kit", "Clue release writer", "Drafts crossword clue releases.")],
      taxonomy,
    );
    expect(idx.search("a deep blue gown", 10).artifacts).toHaveLength(0);
    // Longer words are still corrected.
    expect(idx.search("relaese", 10).artifacts).toHaveLength(1);
  });

  it('contractions leave no fragments behind ("I\'ve", "don\'t")', () => {
    expect(analyzeQuery("I've tried but I don't know")).toEqual(["tri", "know"]);
  });

  it("a query word meets the catalog's other forms of it (generate → generation)", () => {
    const maker = artifact("pixel-forge", "Picture maker", "Text-to-image generation from a written prompt.");
    const editor = artifact(
      "retoucher",
      "Image editor",
      "Edit images: crop, resize and retouch images from text instructions.",
    );
    const query = "I want to generate images from text descriptions";
    const slugsFor = (p: { stemWeight?: number }) => {
      const arts = [maker, editor];
      return buildCatalogIndex(arts, taxonomy, p)
        .search(query, 10)
        .artifacts.map((a) => arts[a.artifact]?.slug);
    };
    expect(slugsFor({})[0]).toBe("pixel-forge");
    // Without the stem forms the light stemmer keeps "generate" and "generation" apart.
    expect(slugsFor({ stemWeight: 0 })[0]).toBe("retoucher");
    const idx = buildCatalogIndex([maker, editor], taxonomy);
    expect(idx.expandQuery("generating")).toContainEqual({
      term: "generation",
      weight: 0.3,
      kind: "synonym",
      via: "generat",
    });
  });

  it("stem forms keep words Porter over-joins apart (general is not a form of generate)", () => {
    const families = StemFamilies.of(["general", "generation", "generator", "community", "communication"]);
    expect(families.of("generate")).toEqual(["generation", "generator"]);
    expect(families.of("communicate")).toEqual(["communication"]);
  });

  it("an intent word no description holds reaches the right capability through a learned translation (rain → weather)", () => {
    // Written here, not MetaTool's text: the model maps words to words, so it serves any catalog.
    const forecast = artifact("forecast-desk", "City forecasts", "Weather forecasts and storm alerts for any city.");
    const trips = artifact("trip-desk", "Trip planner", "Plan trips: flights, hotels and activities in any city.");
    const arts = [forecast, trips];
    const query = "will it rain in Denver tomorrow";
    expect(
      shippedTranslations()
        .of("rain")
        .map(([t]) => t),
    ).toContain("weather");
    const hits = (p: { translationWeight?: number }) => buildCatalogIndex(arts, taxonomy, p).search(query, 10);
    // Without the model no query word is in either description.
    expect(hits({ translationWeight: 0 }).artifacts).toHaveLength(0);
    const res = hits({});
    expect(res.artifacts.map((a) => arts[a.artifact]?.slug)).toEqual(["forecast-desk"]);
    // The explanation says which typed words brought "weather".
    const why = res.artifacts[0]?.capabilities[0]?.why ?? [];
    expect(why).toContainEqual(
      expect.objectContaining({ term: "weather", kind: "related", via: expect.stringContaining("rain") }),
    );
  });
});
