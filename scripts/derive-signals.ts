// Re-derives the demo catalog's release signals from the recorded source documents in
// sources/ (the importers' offline path) and writes them into the catalog manifests.
import fs from "node:fs";
import path from "node:path";
import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { deriveSignals, readSourceIndex, withDerivedSignals } from "../src/ingest/derive.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";

const core = new Capgraph(openSqliteStore(":memory:"));
const loaded = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
const files = new Map(loaded.manifests.map((m) => [m.manifest.artifact.slug, m.file]));
for (const entry of readSourceIndex()) {
  const file = files.get(entry.slug);
  if (!file) throw new Error(`sources/index.yml: no manifest in the catalog has slug ${entry.slug}`);
  const signals = await deriveSignals(entry, core);
  fs.writeFileSync(file, withDerivedSignals(fs.readFileSync(file, "utf8"), signals));
  process.stdout.write(
    `${path.relative(process.cwd(), file)}: ${signals.map((s) => `${s.metric}=${s.value}`).join(", ")}\n`,
  );
}
