/**
 * What the command line runs besides the `Capgraph` facade: opening stores, importers and
 * their fetchers, signature checks, embedders and the evaluation harness. The command line
 * imports the domain only through here, `core/domain.ts` and `wire/`.
 */
export { loadTaxonomy } from "../catalog/taxonomy.js";
export { type Fetcher, type Importer } from "../ingest/common.js";
export { recordSourceLinks } from "../ingest/derive.js";
export { LlmInferrer } from "../ingest/llm.js";
export { importMcpServerJson } from "../ingest/mcp.js";
export { recordedFetcher } from "../ingest/recorded.js";
export { importerFor, networkFetcher, SOURCE_FORMS } from "../ingest/sources.js";
export { OpenAICompatibleEmbedder } from "../match/embedder.js";
export { evaluate, parseLabelled } from "../match/eval.js";
export { WordVectorEmbedder, WordVectors } from "../match/word-vectors.js";
export { type PublicJwk, verifySigned } from "../trust/signing.js";
export { repeatedKey } from "../trust/strict-json.js";
export { openStore } from "../store/open.js";
