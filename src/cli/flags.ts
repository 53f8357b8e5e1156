import { parseArgs, type ParseArgsConfig } from "node:util";
import { createError, type Issue, type LocalError } from "../errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** One flag problem as a local error, for checks that can only fail alone (`--workers` vs :memory:). */
export function flagError(path: string, message: string, code = "BAD_FLAG"): LocalError {
  return createError("BAD_FLAGS", [1], [{ code, path, message }]);
}

/**
 * Parses a command line. When it is malformed, every unknown option and every option missing
 * its value is reported at once (node's parser stops at the first), as one BAD_FLAGS error.
 */
export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const issues = flagIssues(args, options);
    throw createError(
      "BAD_FLAGS",
      [Math.max(issues.length, 1)],
      issues.length ? issues : [{ code: "BAD_FLAG", path: "", message: (e as Error).message }],
    );
  }
}

function flagIssues(args: string[], options: Options): Issue[] {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const issues: Issue[] = [];
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const spec = options[t.name];
    if (!spec) issues.push({ code: "UNKNOWN_FLAG", path: t.rawName, message: "is not an option of this command" });
    else if (spec.type === "string" && t.value === undefined)
      issues.push({
        code: "FLAG_NEEDS_VALUE",
        path: t.rawName,
        message: "needs a value, e.g. " + `${t.rawName} VALUE`,
      });
    else if (spec.type === "boolean" && t.inlineValue)
      issues.push({ code: "FLAG_TAKES_NO_VALUE", path: t.rawName, message: "is a switch and takes no value" });
  }
  return issues;
}

/** Collects every flag problem of one command, then fails once with all of them. */
export class FlagCheck {
  private readonly issues: Issue[] = [];

  add(path: string, message: string, code = "BAD_FLAG"): void {
    this.issues.push({ code, path, message });
  }

  /** The value if it is one of `allowed`; otherwise an issue, and undefined. */
  oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
    if (v === undefined) return undefined;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.add(`--${name}`, `must be one of ${allowed.join(", ")}, got '${v}'`);
    return undefined;
  }

  /** A whole number in [min, max], `def` when absent; otherwise an issue, and `def`. */
  int(name: string, v: string | undefined, def: number, max: number, min = 1): number {
    if (v === undefined) return def;
    const n = Number(v);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    this.add(`--${name}`, `must be a whole number from ${min} to ${max}, got '${v}'`);
    return def;
  }

  /** Throws BAD_FLAGS with every issue collected so far, if any. */
  done(): void {
    if (this.issues.length) throw createError("BAD_FLAGS", [this.issues.length], [...this.issues]);
  }
}
