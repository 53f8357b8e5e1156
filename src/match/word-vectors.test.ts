import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo, demoCore } from "../../test/helpers.js";
import { createApp } from "../app.js";
import { Capgraph } from "../capgraph.js";
import { run } from "../cli/run.js";
import { DEMO_CATALOG_DIR } from "../paths.js";
import { WordVectorEmbedder, WordVectors } from "./word-vectors.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-vectors-"));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

// Most frequent first, as GloVe and word2vec files are. "xylophonic" is a made-up word that
// the demo catalog never uses, placed next to "transcription".
const SMALL = file(
  "small.txt",
  [
    "the 1 0 0 0",
    "speech 0 1 0 0",
    "transcription 0 1 0 0",
    "text 0 0 0 1",
    "image 0 0 1 0",
    "photo 0 0 0.9 0.1",
    "xylophonic 0 1 0.05 0",
  ].join("\n") + "\n",
);

describe("WordVectors (GloVe / word2vec text files)", () => {
  it("embeds a text as the SIF-weighted sum of its words (hand-computed)", async () => {
    const v = await WordVectors.load(file("four.txt", "4 2\nthe 1 0\nspeech 0 2\nimage 3 0\ntext 1 1\n"));
    expect(v.size).toBe(4);
    // Rank 1 of 4 words: p = 1 / (2 · (ln 4 + 0.5772)) = 0.254648; weight = 0.001 / 0.255648.
    expect(v.weight(1)).toBeCloseTo(0.0039116, 6);
    const [speech, hyphen, none] = await new WordVectorEmbedder(v).embed(["Speech!", "speech-to-text", "the to"]);
    expect([...(speech ?? [])]).toEqual([0, expect.closeTo(2 * 0.0039116, 6)]);
    // "speech-to-text" is not in the file: its parts count ("to" is a stop word).
    const w3 = 0.001 / (0.001 + 1 / (4 * (Math.log(4) + 0.5772)));
    expect(hyphen?.[0]).toBeCloseTo(w3, 6);
    expect(hyphen?.[1]).toBeCloseTo(2 * 0.0039116 + w3, 6);
    expect([...(none ?? [])]).toEqual([0, 0]); // stop words only
  });

  it("rejects a malformed file with its path, line and what to fix", async () => {
    await expect(WordVectors.load(file("ragged.txt", "the 1 0 0\nspeech 0 1\n"))).rejects.toMatchObject({
      message: expect.stringContaining("ragged.txt:2: expected 'speech' and 3 numbers, found 2 fields after it"),
    });
    await expect(WordVectors.load(file("nan.txt", "the 1 0\nspeech 0 x1\n"))).rejects.toMatchObject({
      message: expect.stringContaining(
        "nan.txt:2: 'x1' (number 2 of 'speech') is not a number a 32-bit float can hold",
      ),
    });
    await expect(WordVectors.load(file("empty.txt", "\n\n"))).rejects.toMatchObject({
      message: expect.stringContaining("no word vectors found"),
    });
    await expect(WordVectors.load(file("words.txt", "just words\n"))).rejects.toMatchObject({
      message: expect.stringContaining("'words' (number 1 of 'just') is not a number"),
    });
    await expect(WordVectors.load(path.join(dir, "missing.txt"))).rejects.toMatchObject({
      code: "VECTORS_INVALID",
      exit: 2,
      message: expect.stringContaining("cannot read the file"),
    });
    await expect(WordVectors.load(dir)).rejects.toMatchObject({
      code: "VECTORS_INVALID",
      message: expect.stringContaining("is not a file"),
    });
    // Too many numbers is a ragged line, not a word with a space in it.
    await expect(WordVectors.load(file("long.txt", "the 1 0\nspeech 0 1 2\n"))).rejects.toMatchObject({
      message: expect.stringContaining("long.txt:2: expected 'speech' and 2 numbers, found 3 fields after it"),
    });
    // 1e39 is finite as a double but not as a float32: it would turn every score into NaN.
    await expect(WordVectors.load(file("big.txt", "the 1 0\nspeech 0 1e39\n"))).rejects.toMatchObject({
      message: expect.stringContaining("'1e39' (number 2 of 'speech') is not a number a 32-bit float can hold"),
    });
  });

  it("reads what word2vec and GloVe tools write: a BOM, a header, tabs, words with spaces; looks up accents both ways", async () => {
    const v = await WordVectors.load(file("tools.txt", "\uFEFF3 2\nthe\t1\t0\n. . . 0 1\ncafe 2 2\n"));
    expect([v.size, v.dimensions, v.row("the"), v.row(". . ."), v.row("cafe")]).toEqual([3, 2, 0, 1, 2]);
    const [accented] = await new WordVectorEmbedder(v).embed(["Café"]);
    expect(accented?.[0]).toBeCloseTo(2 * v.weight(2), 6);
  });

  it("finds a capability through a word the catalog never uses", async () => {
    const plain = await demoCore();
    const store = plain.store;
    expect((await plain.search("xylophonic")).results).toEqual([]);
    const withVectors = new Capgraph(store, { embedder: new WordVectorEmbedder(await WordVectors.load(SMALL)) });
    const found = (await withVectors.search("xylophonic", { limit: 5 })).results;
    const whisper = found.find((x) => x.slug === "whisper");
    // It explains itself: no word matched, the meaning did.
    expect(whisper?.capabilities[0]).toMatchObject({ matchedTerms: [], similarity: expect.any(Number) });
    expect(whisper?.capabilities[0]?.similarity).toBeGreaterThan(0.5);
    expect((await plain.search("speech")).results[0]?.capabilities[0]?.similarity).toBeNull();
    const page = await (await createApp(withVectors).request("/search?q=xylophonic")).text();
    expect(page).toMatch(/It is close in meaning to your intent \(similarity 0\.\d+\)/);
    // A query with no known word adds nothing: the lexical result stands.
    expect((await withVectors.search("qqqq zzzz")).results).toEqual([]);
    await store.close();
  });

  it("capgraph eval --vectors FILE reports metrics; conflicting flags are a clear error", async () => {
    const db = path.join(dir, "eval.db");
    const io = captureIo();
    expect(await run(["add", DEMO_CATALOG_DIR, "--db", db], io.io)).toBe(0);
    const queries = file("q.jsonl", `{"query": "xylophonic", "slug": "whisper"}\n`);
    const out = captureIo();
    expect(await run(["eval", "--queries", queries, "--vectors", SMALL, "--db", db, "--json"], out.io)).toBe(0);
    expect(JSON.parse(out.out())).toMatchObject({ queries: 1, recall10: 1 });
    const both = captureIo();
    expect(
      await run(
        ["eval", "--queries", queries, "--vectors", SMALL, "--embedder-url", "http://127.0.0.1:1", "--db", db],
        both.io,
      ),
    ).toBe(2);
    expect(both.err()).toContain("use either --vectors FILE or --embedder-url/--embedder-model, not both");
    const db2 = captureIo();
    expect(
      await run(["serve", "--search-mode", "database", "--db", "postgres://127.0.0.1:1/x", "--vectors", SMALL], db2.io),
    ).toBe(2);
    expect(db2.err()).toContain("work with the in-memory search (--search-mode memory)");
  });
});
