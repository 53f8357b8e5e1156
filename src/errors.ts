/**
 * The error catalogue. Every error that reaches a user has a stable code, an HTTP status
 * and a message template that says what to do next. Local programming errors are plain
 * `Error`s and are never serialised: the edges turn them into a neutral 500.
 */
export const ERRORS = {
  NOT_FOUND: { status: 404, template: "No artifact with slug '%s'. List slugs with `capgraph search` or GET /api/v1/search." },
  ROUTE_NOT_FOUND: { status: 404, template: "No such page or endpoint: %s. See /docs/api for the endpoints." },
  BAD_COMPARE_SLUGS: { status: 400, template: "Compare needs 2 to 6 distinct artifact slugs, got: %s. Example: /api/v1/compare?slugs=gpt-5-4-pro,dreambooth-stable-diffusion" },
  BAD_COMPARE_PATH: { status: 404, template: "'%s' is not a comparison path. Use /compare/<slug>-vs-<slug>." },
  UNKNOWN_LEADERBOARD: { status: 404, template: "No leaderboard for '%s'. Open /leaderboards, a kind (/leaderboards/%s) or a taxonomy node (/leaderboards/capability/audio.speech-to-text)." },
  BAD_QUERY_PARAM: { status: 400, template: "Query parameter '%s' is invalid: %s" },
  QUERY_TOO_LONG: { status: 400, template: "The query is %s characters long; the limit is %s. Shorten it to the words that matter." },
  MATCH_NOT_FOUND: { status: 404, template: "No match with id '%s'. Use the matchId returned by a search (GET /api/v1/search)." },
  FEEDBACK_INVALID: { status: 400, template: "%s" },
  UNKNOWN_CAPABILITY_URI: { status: 404, template: "'%s' is not a node of the capability taxonomy%s. Browse /taxonomy or run `capgraph taxonomy`." },
  MANIFEST_INVALID: { status: 400, template: "The manifest has %s error(s); nothing was written. Fix them and send it again." },
  UNKNOWN_COMMAND: { status: 400, template: "Unknown command '%s'. Run `capgraph --help` for the list." },
  BAD_ARGUMENT: { status: 400, template: "%s" },
  DB_OPEN_FAILED: { status: 500, template: "Could not open the database at '%s': %s. Check the path and its permissions, or pass another with --db." },
  DB_SCHEMA_AHEAD: { status: 500, template: "The database at '%s' has schema version %s, newer than this capgraph (%s). Upgrade capgraph or use another --db." },
  DB_CORRUPT: { status: 500, template: "The database is damaged (a page or index cannot be read). Restore it from a backup, or for SQLite try `sqlite3 FILE .recover`, then run the command again." },
  TAXONOMY_INVALID: { status: 500, template: "The shipped taxonomy is invalid: %s" },
  BODY_TOO_LARGE: { status: 413, template: "The request body is larger than %s bytes. Send a smaller body (split manifests into several requests)." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, template: "Send the body as %s with a matching Content-Type header." },
  RATE_LIMITED: { status: 429, template: "Too many requests from this client; try again in %s s." },
  UNAUTHORIZED: { status: 401, template: "%s Send Authorization: Bearer <key> (create one with `capgraph keys create`)." },
  FORBIDDEN: { status: 403, template: "%s" },
  CLAIM_FAILED: { status: 422, template: "%s" },
  IMPORT_FAILED: { status: 502, template: "%s" },
  SERVER_BUSY: { status: 503, template: "The server is busy with other requests of this kind; try again in %s s." },
  PORT_IN_USE: { status: 500, template: "Port %s on %s is already in use by another program. Stop it, or pick another port: capgraph serve --port %s (npm start -- --port %s)." },
  PORT_FORBIDDEN: { status: 500, template: "Not allowed to listen on port %s on %s. Ports below 1024 need privileges: pick a higher one with --port." },
  INTERNAL: { status: 500, template: "Something went wrong on our side. The problem was logged; try again." },
} as const satisfies Record<string, { status: number; template: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  code: string;
  message: string;
  path?: string;
  file?: string;
  line?: number;
  column?: number;
  severity?: "error" | "warning";
}

/** An error meant for users: stable code, status, message and optional details. */
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

/** Builds an error from the catalogue, filling `%s` placeholders in order. */
export function createError(code: ErrorCode, args: ReadonlyArray<string | number> = [], details: ErrorDetail[] = []): CapgraphError {
  let i = 0;
  const message = ERRORS[code].template.replace(/%s/g, () => String(args[i++] ?? ""));
  return new CapgraphError(code, message, details);
}

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
  return /^SQLITE_(CORRUPT|NOTADB)/.test(code) || code === "XX001" || code === "XX002" ? createError("DB_CORRUPT") : undefined;
}
