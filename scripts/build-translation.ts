import fs from "node:fs";
import { translationFile } from "../bench/translation.js";
import { TRANSLATION_FILE } from "../src/match/translation.js";

/**
 * Builds the committed word → word translation model from the MetaTool stream split
 * (bench/translation.ts, match/DESIGN.md "Translation model"). Deterministic: the same data
 * gives a byte-identical file.
 */
fs.writeFileSync(TRANSLATION_FILE, translationFile());
process.stdout.write(`wrote ${TRANSLATION_FILE} (${fs.statSync(TRANSLATION_FILE).size} bytes)\n`);
