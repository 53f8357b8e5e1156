import { createError, isKnownError, LocalError, storageError, type CapgraphError } from "../errors.js";
import type { Command, Io } from "./common.js";
import { HELP } from "./help.js";
import { VERSION } from "../version.js";
import { CATALOG_COMMANDS } from "./catalog-commands.js";
import { QUERY_COMMANDS } from "./query-commands.js";
import { OPERATOR_COMMANDS } from "./operator-commands.js";

export type { Io } from "./common.js";

/** Runs one CLI command; returns the process exit code. Never throws. */
export async function run(argv: string[], raw: Io): Promise<number> {
  const io = terminalSafe(raw);
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === "help" || cmd === "--help" || cmd === "-h") {
      io.out(HELP);
      return 0;
    }
    if (cmd === "--version" || cmd === "-v") {
      io.out(VERSION + "\n");
      return 0;
    }
    const handler = COMMANDS[cmd];
    if (!handler) throw createError("UNKNOWN_COMMAND", [cmd]);
    return await handler(rest, io);
  } catch (caught) {
    const e = storageError(caught) ?? caught;
    if (isKnownError(e)) return report(e, io);
    if (/^SQLITE_READONLY/.test(String((e as { code?: unknown })?.code))) {
      return report(createError("DB_READ_ONLY"), io);
    }
    io.err(`error INTERNAL: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

/** The CLI edge of the error catalogue: the error, then one line per detail; returns the exit status. */
function report(e: CapgraphError | LocalError, io: Io): number {
  io.err(`error ${e.code}: ${e.message}\n`);
  for (const d of e.details)
    io.err(`  ${d.file ? `${d.file}:${d.line}:${d.column}: ` : d.path ? `${d.path}: ` : ""}${d.code} ${d.message}\n`);
  if (e instanceof LocalError) return e.exit;
  return e.status >= 500 ? 1 : 2;
}

/**
 * Control characters (ESC, CSI, BEL, CR, DEL, C1) and bidirectional overrides in published
 * text must not reach the operator's terminal: they could retitle it, clear it, hide lines or
 * reorder what is shown. Each is written as its JSON escape (`\u001b`), which reads back to
 * the same character inside --json output and shows harmlessly as text. Newlines and tabs stay.
 */
export function escapeControls(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function terminalSafe(io: Io): Io {
  return { out: (s) => io.out(escapeControls(s)), err: (s) => io.err(escapeControls(s)) };
}

const COMMANDS: Record<string, Command> = { ...CATALOG_COMMANDS, ...QUERY_COMMANDS, ...OPERATOR_COMMANDS };
