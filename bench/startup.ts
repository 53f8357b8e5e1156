import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "../src/paths.js";
import { Capgraph } from "../src/capgraph.js";
import { openStore } from "../src/cli/db.js";
import type { Artifact, NormalizedManifest } from "../src/catalog/schema.js";
import type { BenchDoc } from "./corpus.js";
import { syntheticCorpus } from "./synthetic.js";

/** Synthetic capabilities grouped into catalog artifacts, as manifests for a store. */
export function syntheticManifests(docs: readonly BenchDoc[]): NormalizedManifest[] {
  const bySlug = new Map<string, Artifact>();
  for (const d of docs) {
    let a = bySlug.get(d.slug);
    if (!a) {
      a = {
        slug: d.slug,
        name: d.artifactName,
        kind: d.kind as Artifact["kind"],
        description: `${d.artifactName} (synthetic).`,
        categories: d.categories,
        tags: [],
        status: "active",
        pricing: { model: "unknown", freeTier: false, prices: [] },
        capabilities: [],
      };
      bySlug.set(d.slug, a);
    }
    a.capabilities.push({
      id: `c${a.capabilities.length}`,
      uri: "capability://text.generation",
      uriSource: "declared",
      uriConfidence: 1,
      name: d.name,
      description: d.description,
      intents: d.intents,
      bestFor: d.bestFor,
      limitations: [],
      requires: [],
      inputTypes: [],
      outputTypes: [],
      evidence: "declared",
      confidence: 0.6,
      sources: [],
    });
  }
  return [...bySlug.values()].map((artifact) => ({ artifact, signals: [] }));
}

/** Writes `n` synthetic capabilities (or the given ones) into the store at `db` in batches; returns the seconds it took. */
export async function writeSyntheticCatalog(db: string, n: number | readonly BenchDoc[], batch = 500): Promise<number> {
  const manifests = syntheticManifests(typeof n === "number" ? syntheticCorpus(n) : n);
  const writer = await openStore(db);
  const t0 = performance.now();
  for (let i = 0; i < manifests.length; i += batch) await writer.upsertManifests(manifests.slice(i, i + batch));
  const seconds = (performance.now() - t0) / 1000;
  await writer.close();
  return seconds;
}

/**
 * Replica start-up on a catalog of `n` capabilities: load everything from the store, score
 * it and build the search index (what a new replica does before serving).
 */
export async function startupRow(db: string, label: string, n: number): Promise<Record<string, string | number>> {
  const loadS = await writeSyntheticCatalog(db, n);
  const t1 = performance.now();
  const store = await openStore(db);
  const core = new Capgraph(store);
  const snap = await core.snapshot();
  const startS = (performance.now() - t1) / 1000;
  await store.close();
  return {
    store: label,
    capabilities: n,
    artifacts: snap.artifacts.length,
    "catalog load s": Math.round(loadS * 10) / 10,
    "replica start-up s": Math.round(startS * 100) / 100,
  };
}

/** bench/startup-stages.ts in a fresh process (its own heap and RSS); its JSON line. */
async function stagesOf(mode: "stages" | "core", db: string): Promise<Record<string, number>> {
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      "--max-old-space-size=12000",
      "--import",
      "tsx",
      path.join(ROOT, "bench", "startup-stages.ts"),
      mode,
      db,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  let text = "";
  child.stdout?.on("data", (b: Buffer) => {
    text += b.toString();
  });
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`startup-stages ${mode} exited with ${code}`);
  return JSON.parse(text.trim().split("\n").pop() ?? "{}") as Record<string, number>;
}

/**
 * Where a replica's start-up goes on a catalog of `n` capabilities in a SQLite file: each step
 * alone (wall and CPU seconds, heap), then the real snapshot and first search with the RSS.
 */
export async function startupBreakdown(
  db: string,
  n: number,
): Promise<{ stages: Record<string, string | number>; core: Record<string, string | number> }> {
  const writeS = await writeSyntheticCatalog(db, n, 2000);
  const stages = await stagesOf("stages", db);
  const core = await stagesOf("core", db);
  return {
    stages: { capabilities: n, "store write caps/s": Math.round(n / writeS), ...stages },
    core: { capabilities: n, ...core },
  };
}
