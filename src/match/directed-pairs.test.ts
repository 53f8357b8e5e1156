import { describe, expect, it } from "vitest";
import { DIRECTED_PAIR_WEIGHT } from "../text/analyze.js";
import { FIELD_NAMES, MatchIndex, type FieldName, type IndexCapability, type MatchParams } from "./engine.js";

describe("the index keeps directed pairs' direction (finding 14.7: 'text to speech' put Whisper first)", () => {
  const PLAIN: Partial<MatchParams> = { synonyms: false, typos: false, nameWeight: 0, taxonomyWeight: 0 };
  const cap = (artifact: number, name: string): IndexCapability => ({
    artifact,
    node: null,
    fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, f === "name" ? name : ""])) as Record<FieldName, string>,
  });
  const art = (slug: string) => ({
    slug,
    name: slug,
    kind: "model",
    categories: [],
    freeTier: false,
    pricingModel: "unknown",
    license: null,
  });
  const top = (idx: MatchIndex, q: string) => idx.artifacts[idx.search(q, 2).artifacts[0]?.artifact ?? -1]?.slug;

  it("the index ranks the indexed direction first; with joins off both directions tie as before", () => {
    const caps = [cap(0, "text-to-speech voices"), cap(1, "speech-to-text transcripts")];
    const idx = new MatchIndex([art("tts"), art("stt")], caps, undefined, PLAIN);
    expect(top(idx, "text to speech")).toBe("tts");
    expect(top(idx, "speech to text")).toBe("stt");
    expect(idx.search("text to speech", 2).terms).toContainEqual({
      term: "texttospeech",
      weight: DIRECTED_PAIR_WEIGHT,
      kind: "typed",
      via: "text to speech",
    });
    const off = new MatchIndex([art("tts"), art("stt")], caps, undefined, { ...PLAIN, joins: false });
    const [a, b] = off.search("text to speech", 2).artifacts;
    expect(a?.score).toBeCloseTo(b?.score ?? -1, 9);
  });

  it("a compound only the synonym table knows still fires its group ('text to speech' → tts)", () => {
    const idx = new MatchIndex(
      [art("stt"), art("voice")],
      [cap(0, "speech text transcripts"), cap(1, "tts speech text voices")],
      undefined,
      { ...PLAIN, synonyms: true },
    );
    const terms = idx.search("text to speech", 2).terms;
    expect(terms).toContainEqual(
      expect.objectContaining({ term: "tts", kind: "synonym", via: "text speech texttospeech" }),
    );
    expect(top(idx, "text to speech")).toBe("voice");
  });
});
