import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import type { NormalizedManifest } from "../src/catalog/schema.js";
import { MANIFEST_LIMITS } from "../src/catalog/manifest.js";
import { ROOT } from "../src/paths.js";
import { peakRss, treeUsage } from "./proc.js";
import { syntheticManifests } from "./startup.js";
import { syntheticCorpus } from "./synthetic.js";

type Row = Record<string, string | number>;
export type ManifestFormat = "json" | "yaml";

/** A synthetic artifact as its owner would write it: only what a manifest states. */
function manifestDoc({ artifact: a }: NormalizedManifest): object {
  return {
    capgraph: 1,
    artifact: { slug: a.slug, name: a.name, kind: a.kind, description: a.description, categories: a.categories },
    capabilities: a.capabilities.map((c) => ({
      id: c.id,
      name: c.name,
      uri: c.uri,
      description: c.description,
      intents: c.intents,
      bestFor: c.bestFor,
    })),
  };
}

/**
 * Writes `manifests` as manifest files of up to 200 documents each (the per-file limit),
 * JSON documents or YAML ones, `---` between documents. Returns the folder.
 */
export function writeManifestFiles(manifests: readonly NormalizedManifest[], format: ManifestFormat): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `capgraph-add-${format}-`));
  const per = MANIFEST_LIMITS.maxDocumentsPerFile;
  for (let i = 0; i < manifests.length; i += per) {
    const docs = manifests.slice(i, i + per).map(manifestDoc);
    const text =
      format === "json"
        ? docs.map((d) => JSON.stringify(d, null, 1)).join("\n---\n")
        : docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
    fs.writeFileSync(
      path.join(dir, `part-${String(i / per).padStart(5, "0")}.${format === "json" ? "json" : "yml"}`),
      text,
    );
  }
  return dir;
}

/** Runs the real CLI (`capgraph add DIR --db DB`) in its own process; wall and CPU seconds, peak RSS. */
async function timeAdd(dir: string, db: string): Promise<{ wallS: number; cpuS: number; rssMb: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ["--max-old-space-size=8192", "--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), "add", dir, "--db", db],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const pid = child.pid ?? 0;
  const rss = peakRss(pid);
  let cpuS = 0;
  // CPU of the tree, sampled until it exits (/proc entries vanish with the process).
  const sample = setInterval(() => {
    cpuS = Math.max(cpuS, treeUsage(pid).cpuS);
  }, 250);
  let out = "";
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  clearInterval(sample);
  const rssMb = rss.stop();
  if (code !== 0) throw new Error(`capgraph add exited with ${code}: ${out.slice(0, 500)}`);
  return { wallS: (performance.now() - t0) / 1000, cpuS, rssMb, out: out.trim() };
}

/**
 * `capgraph add` of `n` synthetic capabilities into an empty SQLite file, from manifest files
 * in each of `formats`: capabilities per second of wall time, CPU time, peak RSS.
 */
export async function addRows(sizes: readonly number[], formats: readonly ManifestFormat[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const manifests = syntheticManifests(syntheticCorpus(n));
    for (const format of formats) {
      const dir = writeManifestFiles(manifests, format);
      const db = path.join(dir, "add.db");
      try {
        const r = await timeAdd(dir, db);
        rows.push({
          capabilities: n,
          artifacts: manifests.length,
          format,
          files: Math.ceil(manifests.length / MANIFEST_LIMITS.maxDocumentsPerFile),
          "wall s": Math.round(r.wallS * 10) / 10,
          "caps/s": Math.round(n / r.wallS),
          "CPU s": Math.round(r.cpuS * 10) / 10,
          "peak RSS MB": Math.round(r.rssMb),
          result: r.out,
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return rows;
}
