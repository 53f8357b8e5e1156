/**
 * The error catalogue, in two families. Wire errors (here) cross the API, pages and MCP: a
 * stable code, an HTTP status and a message template that says what to do next. Local errors
 * (`LOCAL_ERRORS`) are the command line's own, with an exit status. Programming errors are
 * plain `Error`s and are never serialised: the edges log them and answer a neutral INTERNAL.
 * docs/errors.md documents every code; a test keeps the two in step.
 */
export const ERRORS = {
  NOT_FOUND: {
    status: 404,
    template: "No artifact with slug '%s'. List slugs with `capgraph search` or GET /api/v1/search.",
  },
  ROUTE_NOT_FOUND: { status: 404, template: "No such page or endpoint: %s. See /docs/api for the endpoints." },
  BAD_COMPARE_SLUGS: {
    status: 400,
    template:
      "Compare needs 2 to 6 distinct artifact slugs, got: %s. Example: /api/v1/compare?slugs=gpt-5-4-pro,dreambooth-stable-diffusion",
  },
  BAD_COMPARE_PATH: { status: 404, template: "'%s' is not a comparison path. Use /compare/<slug>-vs-<slug>." },
  UNKNOWN_LEADERBOARD: {
    status: 404,
    template:
      "No leaderboard for '%s'. Open /leaderboards, a kind (/leaderboards/%s) or a taxonomy node (/leaderboards/capability/audio.speech-to-text).",
  },
  BAD_QUERY_PARAM: { status: 400, template: "Query parameter '%s' is invalid: %s" },
  QUERY_TOO_LONG: {
    status: 400,
    template: "The query is %s characters long; the limit is %s. Shorten it to the words that matter.",
  },
  MATCH_NOT_FOUND: {
    status: 404,
    template: "No match with id '%s'. Use the matchId returned by a search (GET /api/v1/search).",
  },
  UNKNOWN_CAPABILITY_URI: {
    status: 404,
    template: "'%s' is not a node of the capability taxonomy%s. Browse /taxonomy or run `capgraph taxonomy`.",
  },
  MANIFEST_INVALID: {
    status: 400,
    template: "The manifest has %s error(s); nothing was written. Fix them and send it again.",
  },
  DB_OPEN_FAILED: {
    status: 500,
    template: "Could not open the database at '%s': %s. Check the path and its permissions, or pass another with --db.",
  },
  DB_SCHEMA_AHEAD: {
    status: 500,
    template:
      "The database at '%s' has schema version %s, newer than this capgraph (%s). Upgrade capgraph or use another --db.",
  },
  DB_CORRUPT: {
    status: 500,
    template:
      "The database is damaged (a page or index cannot be read). Restore it from a backup, or for SQLite try `sqlite3 FILE .recover`, then run the command again.",
  },
  TAXONOMY_INVALID: { status: 500, template: "The shipped taxonomy is invalid: %s" },
  BODY_TOO_LARGE: {
    status: 413,
    template: "The request body is larger than %s bytes. Send a smaller body (split manifests into several requests).",
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, template: "Send the body as %s with a matching Content-Type header." },
  RATE_LIMITED: { status: 429, template: "Too many requests from this client; try again in %s s." },
  UNAUTHORIZED: {
    status: 401,
    template: "%s Send Authorization: Bearer <key> (create one with `capgraph keys create`).",
  },
  SERVER_BUSY: { status: 503, template: "The server is busy with other requests of this kind; try again in %s s." },
  BAD_COMPARE_PICK: {
    status: 400,
    template: "%s Pick 2 to 6 different artifacts, e.g. /compare?a=whisper&b=gpt-4o&c=claude-code.",
  },
  // Errors as data: specific codes, each template saying what to do next.
  BAD_BODY: { status: 400, template: "The request body is invalid: %s. See /docs/api for the fields it takes." },
  BODY_NOT_JSON: { status: 400, template: "The request body is not valid JSON; send a JSON object, e.g. %s." },
  FEEDBACK_INVALID: {
    status: 400,
    template:
      'The outcome report is invalid: %s. Send {"matchId", "slug", "outcome": "success" or "failure"} (capabilityId optional).',
  },
  FEEDBACK_NOT_A_RESULT: {
    status: 400,
    template: "'%s' was not a result of match %s; report outcomes only for returned artifacts (%s).",
  },
  FEEDBACK_UNKNOWN_CAPABILITY: {
    status: 400,
    template: "'%s' is not a capability of %s; leave capabilityId out, or use an id from GET /api/v1/artifacts/%s.",
  },
  UNKNOWN_SOURCE: { status: 400, template: "'%s' is not a supported source; use %s." },
  SOURCE_ID_INVALID: { status: 400, template: "%s: %s. Write it as %s." },
  SOURCE_NOT_FOUND: { status: 404, template: "%s: %s (%s). Check the name and its spelling on the source." },
  SOURCE_UNREACHABLE: {
    status: 502,
    template: "%s %s; try again later, or import from a recorded answer with --from-file.",
  },
  UPSTREAM_STATUS: {
    status: 502,
    template: "%s answered %s; check the name, or import from a recorded answer with --from-file.",
  },
  UPSTREAM_NOT_JSON: {
    status: 502,
    template:
      "%s did not answer valid JSON (%s); check that the address is the service's API, not a proxy or login page.",
  },
  UPSTREAM_UNEXPECTED: {
    status: 502,
    template: "%s: %s. Check that the name points at the right source, or the file given to --from-file.",
  },
  UPSTREAM_TOO_LARGE: {
    status: 502,
    template: "%s is larger than %s bytes, the limit for this source; nothing past it was read.",
  },
  UPSTREAM_URL_REFUSED: { status: 502, template: "%s %s; capgraph fetches only https URLs on the source's own hosts." },
  SERVER_JSON_INVALID: {
    status: 400,
    template:
      "%s is not a usable MCP registry server.json: %s. See https://registry.modelcontextprotocol.io for the format.",
  },
  IMPORT_INVALID: {
    status: 422,
    template:
      "The import of %s produced an invalid manifest (%s); nothing was written. Write a manifest by hand and add it with capgraph add.",
  },
  SLUG_TAKEN: {
    status: 409,
    template: "%s: the slugs %s belong to other artifacts; write a manifest for it and add it with capgraph add.",
  },
  LLM_FAILED: {
    status: 502,
    template: "The LLM endpoint %s %s; check --llm-url and --llm-model, or import without them.",
  },
  LLM_ANSWER_INVALID: {
    status: 502,
    template: "The model's answer %s; nothing inferred was written. Try again, or another --llm-model.",
  },
  EMBEDDER_UNREACHABLE: {
    status: 502,
    template: "The embeddings endpoint %s could not be reached (%s); check --embedder-url.",
  },
  EMBEDDER_FAILED: {
    status: 502,
    template: "The embeddings endpoint %s; check --embedder-url, --embedder-model and CAPGRAPH_EMBEDDER_KEY.",
  },
  NAMESPACE_INVALID: {
    status: 400,
    template:
      "Namespace '%s' must be kebab-case (lowercase letters and digits joined by single hyphens), e.g. acme-labs.",
  },
  SCOPE_MISSING: {
    status: 403,
    template: "The API key %s lacks the '%s' scope; use a key created with it (capgraph keys create --scopes %s).",
  },
  PUBLISH_DENIED: { status: 403, template: "'%s' cannot be published by namespace '%s': %s. Nothing was written." },
  NOT_OWNER: {
    status: 403,
    template: "'%s' is owned by namespace '%s'; only its owner or an admin can change it. Nothing was written.",
  },
  UNCLAIMED: {
    status: 403,
    template:
      "'%s' has no owner yet; claim it first (POST /api/v1/claims/%s) to prove you control it. Nothing was written.",
  },
  OWNER_QUOTA: {
    status: 403,
    template:
      "Namespace '%s' owns %s unverified artifact(s) and may own at most %s; verify a claim (POST /api/v1/claims/<slug>) or ask an admin. Nothing was written.",
  },
  CLAIM_NOT_STARTED: {
    status: 422,
    template: "No claim was started for '%s' by namespace '%s'. POST /api/v1/claims/%s first.",
  },
  CLAIM_NO_URL: { status: 422, template: "'%s' declares no url or repository to prove control of; publish one first." },
  CLAIM_URL_INVALID: { status: 422, template: "%s is not a usable http(s) URL; publish a valid url first." },
  CLAIM_HOST_PRIVATE: {
    status: 422,
    template: "%s is (or resolves to) a private or loopback address; claims are verified only against public hosts.",
  },
  CLAIM_URL_UNREACHABLE: {
    status: 502,
    template: "Could not fetch %s: %s. Check that the host is up and try the verification again.",
  },
  CLAIM_URL_REFUSED: {
    status: 422,
    template: "%s %s; serve the claim file, holding just the token, at that exact URL.",
  },
  CLAIM_TOKEN_ABSENT: { status: 422, template: "%s does not contain the claim token. Publish it there and try again." },
  FORM_EXPIRED: {
    status: 403,
    template:
      "This form has expired or was sent from another site; reload the search page and answer again. Nothing was recorded.",
  },
  CROSS_SITE_WRITE: {
    status: 403,
    template:
      "Writes are accepted only from capgraph's own pages or from clients that are not browsers. Nothing was recorded.",
  },
  DB_SCHEMA_NAME_INVALID: {
    status: 500,
    template:
      "The PostgreSQL schema '%s' must be a lowercase SQL identifier (letters, digits and _); pick another schema name.",
  },
  INTERNAL: { status: 500, template: "Something went wrong on our side. The problem was logged; try again." },
} as const satisfies Record<string, { status: number; template: string }>;

/**
 * Local errors: the command line's own problems (flags, files it was pointed at, ports). They
 * carry a process exit status instead of an HTTP status and are never serialised on the wire.
 */
export const LOCAL_ERRORS = {
  UNKNOWN_COMMAND: { exit: 2, template: "Unknown command '%s'. Run `capgraph --help` for the list." },
  BAD_FLAGS: {
    exit: 2,
    template: "The command line has %s problem(s), listed below. Run `capgraph --help` for usage.",
  },
  USAGE: { exit: 2, template: "%s needs %s, e.g. %s" },
  INPUT_UNREADABLE: { exit: 2, template: "Cannot read %s: %s. Check the path given to %s." },
  QUERIES_INVALID: {
    exit: 2,
    template: '%s. Each line of --queries is {"query", "slug"} or {"query", "slugs": [...]}.',
  },
  VECTORS_INVALID: {
    exit: 2,
    template: "%s: %s. --vectors takes a GloVe or word2vec text file (a word, then its numbers, per line).",
  },
  RECORDING_MISSING: {
    exit: 1,
    template:
      "offline: no recorded response for %s. Put its recording in the folder given to --from-file (see `capgraph --help`), or import from the network.",
  },
  RECORDING_UNREADABLE: {
    exit: 1,
    template: "offline: %s %s (it would answer %s). Check the path given to --from-file.",
  },
  SOURCES_INDEX_INVALID: { exit: 1, template: "%s: %s. Fix that entry of the sources index." },
  KEY_NOT_FOUND: { exit: 2, template: "No key with id '%s'; list the keys with `capgraph keys list`." },
  WORKER_FAILED: { exit: 2, template: "A worker could not start (exit %s); its error is printed above." },
  RATE_LIMIT_INVALID: {
    exit: 2,
    template:
      "Rate limit '%s' is not CLASS=N/UNIT[:BURST] with CLASS one of %s and UNIT s, min or h; e.g. --rate-limit read=600/min,write=60/min:20 (or off).",
  },
  SIZE_INVALID: { exit: 2, template: "--%s must be a size from 1kb to 100mb, e.g. 256kb, got '%s'." },
  TRUST_PROXY_INVALID: {
    exit: 2,
    template:
      "CAPGRAPH_TRUST_PROXY: '%s' is neither a hop count, an address nor a CIDR range; use e.g. 1, 10.0.0.5 or 10.0.0.0/8.",
  },
  PORT_IN_USE: {
    exit: 1,
    template:
      "Port %s on %s is already in use by another program. Stop it, or pick another port: capgraph serve --port %s (npm start -- --port %s).",
  },
  DB_READ_ONLY: {
    exit: 1,
    template:
      "The database is read-only for this process; nothing was written. Give it write access to the file and its folder to change the catalog.",
  },
  PORT_FORBIDDEN: {
    exit: 1,
    template:
      "Not allowed to listen on port %s on %s. Ports below 1024 need privileges: pick a higher one with --port.",
  },
} as const satisfies Record<string, { exit: number; template: string }>;

/** Codes of errors that cross the wire (API, pages, MCP). */
export type ErrorCode = keyof typeof ERRORS;
/** Codes of errors that stay on the command line. */
export type LocalCode = keyof typeof LOCAL_ERRORS;

/**
 * One validation problem, as data: a stable code, where it is (a field path, a flag such as
 * `--limit`, or a file position) and what is wrong. Edges format it: an HTTP 400's `details`,
 * a CLI line, an MCP tool error's structured content.
 */
export interface Issue {
  code: string;
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ErrorDetail {
  code: string;
  message: string;
  path?: string;
  file?: string;
  line?: number;
  column?: number;
  severity?: "error" | "warning";
}

/** An error meant for users that crosses the wire: stable code, HTTP status, message and details. */
export class CapgraphError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "CapgraphError";
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** An error of the command line: stable code, exit status, message and details; never serialised. */
export class LocalError extends Error {
  readonly code: LocalCode;
  readonly exit: number;
  readonly details: ErrorDetail[];

  constructor(code: LocalCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "LocalError";
    this.code = code;
    this.exit = LOCAL_ERRORS[code].exit;
    this.details = details;
  }
}

const fill = (template: string, args: ReadonlyArray<string | number>): string => {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ""));
};

/** Builds an error from the catalogue, filling `%s` placeholders in order; the code picks the family. */
export function createError(
  code: ErrorCode,
  args?: ReadonlyArray<string | number>,
  details?: ErrorDetail[],
): CapgraphError;
export function createError(
  code: LocalCode,
  args?: ReadonlyArray<string | number>,
  details?: ErrorDetail[],
): LocalError;
export function createError(
  code: ErrorCode | LocalCode,
  args: ReadonlyArray<string | number> = [],
  details: ErrorDetail[] = [],
): CapgraphError | LocalError {
  if (code in LOCAL_ERRORS)
    return new LocalError(code as LocalCode, fill(LOCAL_ERRORS[code as LocalCode].template, args), details);
  return new CapgraphError(code as ErrorCode, fill(ERRORS[code as ErrorCode].template, args), details);
}

/** The default log of unexpected errors, for the HTTP app and MCP alike (the server's stderr). */
export function logUnexpected(e: unknown): void {
  console.error("capgraph: unexpected error", e);
}

/** True for errors that may be serialised to clients (they carry an HTTP status). */
export function isCapgraphError(e: unknown): e is CapgraphError {
  return e instanceof CapgraphError;
}

/**
 * A database's report of damaged storage (SQLite SQLITE_CORRUPT/SQLITE_NOTADB, PostgreSQL
 * data_corrupted/index_corrupted) as the catalogue's DB_CORRUPT; anything else undefined.
 */
export function storageError(e: unknown): CapgraphError | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  return /^SQLITE_(CORRUPT|NOTADB)/.test(code) || code === "XX001" || code === "XX002"
    ? createError("DB_CORRUPT")
    : undefined;
}

/** True for any catalogued error, wire or local. */
export function isKnownError(e: unknown): e is CapgraphError | LocalError {
  return e instanceof CapgraphError || e instanceof LocalError;
}

/** The same error with its message prefixed by where it happened (`pypi:x: …`). */
export function withContext<E extends CapgraphError | LocalError>(e: E, where: string): E {
  const copy =
    e instanceof LocalError
      ? new LocalError(e.code, `${where}: ${e.message}`, e.details)
      : new CapgraphError((e as CapgraphError).code, `${where}: ${e.message}`, e.details);
  return Object.assign(copy, extras(e)) as E;
}

/** Own fields some callers attach (upstreamStatus, retryable) travel with the copy. */
const extras = (e: Error): Record<string, unknown> =>
  Object.fromEntries(Object.entries(e).filter(([k]) => !["code", "status", "exit", "details", "name"].includes(k)));
