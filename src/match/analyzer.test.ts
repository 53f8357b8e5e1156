import { describe, expect, it } from "vitest";
import { analyze, analyzeQuery, DIRECTED_PAIR_WEIGHT, joinDirectedPairs } from "./analyzer.js";
import { FIELD_NAMES, MatchIndex, type FieldName, type IndexCapability, type MatchParams } from "./engine.js";

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

  const PLAIN: Partial<MatchParams> = { synonyms: false, typos: false, nameWeight: 0, taxonomyWeight: 0 };
  const cap = (artifact: number, name: string): IndexCapability =>
    ({ artifact, node: null, fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, f === "name" ? name : ""])) as Record<FieldName, string> });
  const art = (slug: string) => ({ slug, name: slug, kind: "model", categories: [], freeTier: false, pricingModel: "unknown", license: null });
  const top = (idx: MatchIndex, q: string) => idx.artifacts[idx.search(q, 2).artifacts[0]?.artifact ?? -1]?.slug;

  it("the index ranks the indexed direction first; with joins off both directions tie as before", () => {
    const caps = [cap(0, "text-to-speech voices"), cap(1, "speech-to-text transcripts")];
    const idx = new MatchIndex([art("tts"), art("stt")], caps, undefined, PLAIN);
    expect(top(idx, "text to speech")).toBe("tts");
    expect(top(idx, "speech to text")).toBe("stt");
    expect(idx.search("text to speech", 2).terms).toContainEqual({ term: "texttospeech", weight: DIRECTED_PAIR_WEIGHT, kind: "typed", via: "text to speech" });
    const off = new MatchIndex([art("tts"), art("stt")], caps, undefined, { ...PLAIN, joins: false });
    const [a, b] = off.search("text to speech", 2).artifacts;
    expect(a?.score).toBeCloseTo(b?.score ?? -1, 9);
  });

  it("a compound only the synonym table knows still fires its group ('text to speech' → tts)", () => {
    const idx = new MatchIndex([art("stt"), art("voice")], [cap(0, "speech text transcripts"), cap(1, "tts speech text voices")], undefined, { ...PLAIN, synonyms: true });
    const terms = idx.search("text to speech", 2).terms;
    expect(terms).toContainEqual(expect.objectContaining({ term: "tts", kind: "synonym", via: "text speech texttospeech" }));
    expect(top(idx, "text to speech")).toBe("voice");
  });
});
