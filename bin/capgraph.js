#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { existsSync } from "node:fs";
const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("capgraph is not built yet: run `npm run build` (or `npm ci`) in the repository root first.\n");
  process.exit(1);
}
await import(entry.href);
