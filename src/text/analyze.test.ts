import { describe, expect, it } from "vitest";
import { analyze, analyzeQuery, joinDirectedPairs, tokenize } from "./analyze.js";

/** Compounds a catalog would index: the joined forms of its hyphenated words. */
const vocabularyOf = (...texts: string[]) => {
  const terms = new Set(texts.flatMap((t) => analyze(t)));
  return (c: string) => terms.has(c);
};

describe("directed pairs keep their direction (finding 14.7: 'text to speech' put Whisper first)", () => {
  const known = vocabularyOf("text-to-speech", "speech-to-text", "image-to-text");

  it("'A to B' analyses like 'A-to-B' when the compound is known, and the two directions differ", () => {
    expect(analyzeQuery("text to speech", known)).toEqual(analyzeQuery("text-to-speech"));
    expect(analyzeQuery("speech to text", known)).toEqual(["speech", "text", "speechtotext"]);
    expect(analyzeQuery("text to speech", known)).not.toEqual(analyzeQuery("speech to text", known));
  });

  it("reads 'into', 'A2B' and inflected words the same way", () => {
    expect(analyzeQuery("turn speech into text", known)).toEqual(["turn", "speech", "text", "speechtotext"]);
    expect(analyzeQuery("text2speech", known)).toEqual(["text2speech", "text", "text", "speech", "texttospeech"]);
    expect(analyzeQuery("convert images to text", known)).toEqual(["convert", "image", "text", "imagetotext"]);
  });

  it("leaves unknown pairs, stop words and queries without `known` as written", () => {
    expect(analyzeQuery("connect to postgres", known)).toEqual(analyzeQuery("connect postgres"));
    expect(joinDirectedPairs("how to text", () => true)).toBe("how to text");
    expect(analyzeQuery("text to speech")).toEqual(["text", "speech"]);
  });
});

describe("one pipeline, three modes (architecture issue: two splitters with different rules met in one function)", () => {
  const texts = [
    "Fine-tuning LoRA adapters for GPT-4o",
    "text-to-image with SD1.5 and img2img",
    "Naïve Bayes, café menus: x-ray scans",
  ];

  it("words mode is document mode without the compounds read from joined chunks", () => {
    for (const t of texts) {
      const words = tokenize(t);
      const terms = analyze(t);
      expect(terms.filter((x) => words.includes(x))).toEqual(words);
      expect(terms.length).toBeGreaterThan(words.length);
    }
    expect(tokenize("text-to-image")).toEqual(["text", "image"]);
    expect(analyze("text-to-image")).toEqual(["text", "image", "texttoimage"]);
  });

  it("every mode strips accents instead of splitting a word at them", () => {
    expect(tokenize("naïve café")).toEqual(["naive", "cafe"]);
    expect(analyze("naïve café")).toEqual(["naive", "cafe"]);
    expect(analyzeQuery("naïve café")).toEqual(["naive", "cafe"]);
  });

  it("every mode drops the same filler words and single letters", () => {
    expect(tokenize("I want a tool that generates x images")).toEqual(["generate", "image"]);
    expect(analyzeQuery("a tool that generates x images")).toEqual(["generate", "image"]);
  });
});
