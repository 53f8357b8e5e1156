import { parentPort } from "node:worker_threads";
import { parseManifestText, type LoadResult } from "../core/domain.js";
import { loadTaxonomy } from "../core/operator.js";

/**
 * Parses manifest texts posted over HTTP on a worker thread (see parse-off-loop.ts): YAML
 * parsing of a hostile 256 KB body costs up to seconds of CPU, which must not stall the
 * event loop that answers everyone else.
 */
const taxonomy = loadTaxonomy();

parentPort?.on("message", (m: { id: number; text: string; file: string }) => {
  let result: LoadResult;
  try {
    result = parseManifestText(m.text, m.file, taxonomy);
  } catch {
    result = {
      manifests: [],
      diagnostics: [
        {
          file: m.file,
          line: 1,
          column: 1,
          severity: "error",
          code: "MANIFEST_TOO_COMPLEX",
          path: "",
          message: "could not be read; simplify it",
        },
      ],
    };
  }
  parentPort?.postMessage({ id: m.id, result });
});
