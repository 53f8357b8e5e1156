import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { demoCore } from "../../test/helpers.js";
import { ROOT } from "../paths.js";
import type { MatchIndex } from "./engine.js";
import { parseLabelled } from "./eval.js";

let index: MatchIndex;
beforeAll(async () => {
  index = (await (await demoCore()).snapshot()).index.base;
});

const queries = ["dev", "test", "paraphrase"].flatMap((split) =>
  parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", `${split}.jsonl`), "utf8")).map((q) => q.query),
);

describe("explanations from the engine's own pass", () => {
  it("every returned capability's why equals explain(), which analyses its text again (demo catalog, every labelled query)", () => {
    let compared = 0;
    for (const q of [...queries, "speech recgnition", "ASR for my recordings", "lang chain agents", "text to speech"]) {
      const r = index.search(q, 10);
      for (const a of r.artifacts)
        for (const c of a.capabilities) {
          expect(c.why, q).toEqual(index.explain(c.ordinal, r.terms));
          compared++;
        }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
