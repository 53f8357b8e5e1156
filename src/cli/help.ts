import { VERSION } from "../version.js";

/** `capgraph help`. */
export const HELP = `capgraph ${VERSION} — choose AI tools from evidence

Usage: capgraph <command> [options]

Commands:
  serve [--port 8080] [--host 127.0.0.1] [--demo] [--search-mode memory|database] [--workers N]
        [--embedder-url URL --embedder-model M | --vectors FILE]
        [--rate-limit read=600/min,write=60/min,key-read=6000/min,key-write=600/min | off]
        [--body-limit 256kb]                        (also CAPGRAPH_RATE_LIMIT, CAPGRAPH_BODY_LIMIT;
                                                    CAPGRAPH_TRUST_PROXY=hops or proxy CIDRs)
                                                    serve pages, JSON API (/api/v1) and docs
  validate <file|dir>...                            check manifests; prints file:line:col: error CODE message
  add <file|dir>...                                 validate and upsert manifests atomically (all or nothing)
  import <source>... [--list FILE] [--from-file PATH]
                                                    sources: npm:<name> pypi:<name> github:<owner>/<repo>
                                                    hf:<owner>/<model> mcp:<server.json file>; README and model
                                                    card sections become documented capabilities; an entry with
                                                    the same repository is updated, not duplicated.
                                                    GITHUB_TOKEN, if set, is sent to api.github.com only.
                                                    --from-file answers from recorded responses instead of the
                                                    network: a JSON file with the main document, or a folder
                                                    holding npm: registry.json [downloads.json] [package.tgz],
                                                    pypi: pypi.json, github: repo.json [readme.json],
                                                    hf: model.json [README.md]
         [--llm-url URL --llm-model M]              also ask an OpenAI-compatible chat endpoint for capabilities
                                                    (marked inferred, kept only when they quote the README;
                                                    CAPGRAPH_LLM_KEY is sent as the bearer token)
  search "<intent>" [--limit N] [--kind K] [--free] [--category C] [--pricing P]
         [--license L] [--capability capability://area.*] [--json]
         [--vectors FILE | --embedder-url URL --embedder-model M]
  resolve <capability://node | alias> [--limit N] [--json]   artifacts for a taxonomy node and its subtree
  feedback <matchId> <slug> success|failure [--capability ID] [--reporter NAME]
  eval --queries FILE.jsonl [--embedder-url URL --embedder-model M | --vectors FILE] [--json]
                                                    MRR@10, nDCG@10, Recall@1/@10 on labelled queries
                                                    (--vectors: a GloVe/word2vec text file of word vectors)
  compare <slug> <slug> [...] [--json]              side-by-side comparison with a computed verdict
  leaderboard [--kind K | --capability NODE] [--free] [--license L|open-source|open-weights|proprietary]
         [--pricing P] [--limit N] [--json]          ranked by the lower end of the CapRank range; ties as =N
  show <slug> [--json]                              one artifact with its scores and capabilities
  explain <slug> [--json]                           every signal behind each score, with source and date
  mcp                                               MCP server over stdio (tools: search, compare, leaderboard,
                                                    get_passport, resolve_capability, report_outcome); also at /mcp over HTTP
  verify-passport FILE [--keys KEYS.json]           check a passport's Ed25519 signature offline; exit 0 valid
                                                    and signed by a trusted key, 1 invalid, 3 consistent but
                                                    signer unknown (no --keys)
  keys create --name N --namespace NS [--scopes read,publish,admin] | keys list | keys revoke ID
  audit [--limit N]                                 who changed what and when
  migrate                                           create or upgrade the database schema, then exit
  taxonomy [--json]                                 the capability taxonomy
  schema                                            the JSON Schema of capgraph.yml
  help                                              this text

Every command that reads or writes the catalog takes --db PATH|postgres://URL
(default: $CAPGRAPH_DB or ./data/capgraph.db).
`;
