import { fileURLToPath } from "node:url";
import path from "node:path";

/** The package root: this file sits one level below it both in src/ and in dist/. */
export const ROOT = path.resolve(fileURLToPath(new URL("../", import.meta.url)));
export const TAXONOMY_FILE = path.join(ROOT, "taxonomy", "v1.yaml");
export const DEMO_CATALOG_DIR = path.join(ROOT, "catalog");
