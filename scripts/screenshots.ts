// Regenerates the README pictures from the running app: the top of a comparison (table and
// verdict) and a search result page, each cropped to what a reader needs, at 1280 px.
// Usage: npm run screenshots [-- --out DIR]
import path from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { DEMO_CATALOG_DIR, ROOT } from "../src/paths.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { CHROMIUM, HAVE_CHROMIUM, launchBrowser, startServer } from "../test/e2e/browser.js";

/** Taller than this and a picture scaled to the README column stops being readable. */
const MAX_HEIGHT = 1250;
const WIDTH = 1280;

const SHOTS = [
  { file: "compare.png", url: "/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion", until: ".glance, .verdict" },
  {
    file: "search.png",
    url: `/search?q=${encodeURIComponent("fine-tune stable diffusion on photos of my dog")}`,
    until: "ol.results > li:nth-child(3)",
  },
];

const { values } = parseArgs({ options: { out: { type: "string", default: path.join(ROOT, "docs") } } });
if (!HAVE_CHROMIUM) {
  process.stderr.write(
    `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n`,
  );
  process.exit(1);
}

const core = new Capgraph(openSqliteStore(":memory:"));
const loaded = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
await core.add(loaded.manifests, loaded.diagnostics);
const server = await startServer(core);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
  for (const shot of SHOTS) {
    await page.goto(server.url + shot.url);
    const height = await cropHeight(page, shot.until);
    const file = path.join(values.out, shot.file);
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: WIDTH, height } });
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${WIDTH}×${height}\n`);
  }
} finally {
  await browser.close();
  await server.close();
}

/** Down to the bottom of the first element matching `until` (plus a margin), at most MAX_HEIGHT. */
async function cropHeight(page: Page, until: string): Promise<number> {
  const box = await page
    .locator(until)
    .first()
    .boundingBox()
    .catch(() => null);
  return Math.min(MAX_HEIGHT, Math.ceil((box ? box.y + box.height : MAX_HEIGHT) + 16));
}
