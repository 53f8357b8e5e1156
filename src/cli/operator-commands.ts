import { z } from "zod";
import fs from "node:fs";
import { Capgraph } from "../capgraph.js";
import { ManifestSchema } from "../core/domain.js";
import { verifySigned, type PublicJwk } from "../core/operator.js";
import { repeatedKey } from "../core/operator.js";
import { parseTrustProxy } from "../http/client-address.js";
import { parseRateLimits } from "../http/rate-limit.js";
import { createKey, SCOPES, type Scope } from "../core/domain.js";
import { createError } from "../errors.js";
import { FlagCheck } from "./flags.js";
import { EMBEDDER_FLAGS, embedderFrom, parse, withCore, type Command } from "./common.js";
import { DEMO_CATALOG_DIR } from "../paths.js";
import { openStore, resolveDb } from "./db.js";

/** Commands that run the deployment: servers, keys, audit, schema, passports. */
export const OPERATOR_COMMANDS: Record<string, Command> = {
  async mcp(args) {
    const { values } = parse(args, {});
    const store = await openStore(resolveDb(values.db));
    const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
    const { createMcpServer } = await import("../mcp/server.js");
    const core = new Capgraph(store);
    const server = createMcpServer(core);
    const transport = new StdioServerTransport();
    await server.connect(transport);
    // Serve until the client closes stdin.
    await new Promise<void>((resolve) => {
      transport.onclose = resolve;
      process.stdin.once("end", resolve);
    });
    await core.close();
    await store.close();
    return 0;
  },

  async "verify-passport"(args, io) {
    const { positionals, values } = parse(args, { keys: { type: "string" } });
    const file = positionals[0];
    if (!file || positionals.length > 1)
      throw createError("USAGE", [
        "verify-passport",
        "one file",
        "capgraph verify-passport whisper.passport.json [--keys capgraph-keys.json]",
      ]);
    const doc = readJsonFile(file, "passport");
    if (doc.repeated !== undefined) {
      io.out(
        `INVALID: the key '${doc.repeated.slice(0, 100)}' appears twice in one object, so readers could see different values\n`,
      );
      return 1;
    }
    const trusted = values.keys
      ? ((readJsonFile(values.keys, "keys file").value as { keys?: PublicJwk[] } | null)?.keys ?? [])
      : undefined;
    const r = verifySigned(doc.value, trusted);
    if (!r.ok) {
      io.out(`INVALID: ${r.reason}\n`);
      return 1;
    }
    if (r.trusted) {
      io.out(`valid: signed by key ${r.kid} (a trusted key)\n`);
      return 0;
    }
    // Anyone can sign with a key of their own: without trust anchors only consistency is known.
    io.out(
      `UNKNOWN SIGNER: the signature matches key ${r.kid} embedded in the passport, but no trusted key was given; pass --keys with the deployment's /.well-known/capgraph-keys.json to check who signed it\n`,
    );
    return VERIFY_EXIT.signerUnknown;
  },

  async keys(args, io) {
    const [sub, ...rest] = args;
    const { positionals, values } = parse(rest, {
      name: { type: "string" },
      namespace: { type: "string" },
      scopes: { type: "string" },
    });
    return withCore(values.db, async (core) => {
      if (sub === "create") {
        if (!values.name || !values.namespace)
          throw createError("USAGE", [
            "keys create",
            "--name and --namespace",
            "capgraph keys create --name ci --namespace acme --scopes read,publish",
          ]);
        const scopes = (values.scopes ?? "read,publish").split(",").map((x) => x.trim());
        const check = new FlagCheck();
        for (const sc of scopes) check.oneOf("scopes", sc, SCOPES);
        check.done();
        const { token, key } = await createKey(core.store, {
          name: values.name,
          namespace: values.namespace,
          scopes: scopes as Scope[],
        });
        io.out(
          values.json
            ? JSON.stringify({ token, id: key.id, scopes: key.scopes, namespace: key.namespace }) + "\n"
            : `created key ${key.id} (${key.scopes.join(",")}, namespace ${key.namespace})\n${token}\nThis is the only time the key is shown: store it now.\n`,
        );
        return 0;
      }
      if (sub === "list") {
        const keys = await core.store.listKeys();
        io.out(
          values.json
            ? JSON.stringify(keys.map(({ hash: _h, ...k }) => k)) + "\n"
            : keys
                .map(
                  (k) =>
                    `${k.id}  ${k.name}  ${k.namespace}  ${k.scopes.join(",")}  ${k.revokedAt ? `revoked ${k.revokedAt}` : "active"}`,
                )
                .join("\n") + "\n",
        );
        return 0;
      }
      if (sub === "revoke" && positionals[0]) {
        const ok = await core.store.revokeKey(positionals[0], new Date().toISOString());
        if (!ok) throw createError("KEY_NOT_FOUND", [positionals[0]]);
        await core.store.appendAudit({
          at: new Date().toISOString(),
          actor: "cli",
          action: "key.revoke",
          target: positionals[0],
          detail: "",
        });
        io.out(`revoked ${positionals[0]}\n`);
        return 0;
      }
      throw createError("USAGE", [
        "keys",
        "a subcommand",
        "capgraph keys create --name N --namespace NS [--scopes ...] | keys list | keys revoke ID",
      ]);
    });
  },

  async audit(args, io) {
    const { values } = parse(args, { limit: { type: "string" } });
    const check = new FlagCheck();
    const limit = check.int("limit", values.limit, 50, 1000);
    check.done();
    const rows = await withCore(values.db, (core) => core.store.listAudit(limit));
    io.out(
      values.json
        ? JSON.stringify(rows) + "\n"
        : rows.map((r) => `${r.at}  ${r.actor}  ${r.action}  ${r.target}  ${r.detail}`).join("\n") +
            (rows.length ? "\n" : "no entries\n"),
    );
    return 0;
  },

  async migrate(args, io) {
    const { values } = parse(args, {});
    const where = resolveDb(values.db);
    const store = await openStore(where);
    io.out(`schema up to date (${store.kind}); ${await store.countArtifacts()} artifacts\n`);
    await store.close();
    return 0;
  },

  async schema(_args, io) {
    io.out(JSON.stringify(manifestJsonSchema(), null, 2) + "\n");
    return 0;
  },

  async serve(args, io) {
    const { values } = parse(args, {
      port: { type: "string" },
      host: { type: "string" },
      demo: { type: "boolean" },
      "search-mode": { type: "string" },
      "rate-limit": { type: "string" },
      "body-limit": { type: "string" },
      workers: { type: "string" },
      ...EMBEDDER_FLAGS,
    });
    const check = new FlagCheck();
    const rateSpec = values["rate-limit"] ?? process.env["CAPGRAPH_RATE_LIMIT"];
    const limits = rateSpec === undefined ? undefined : parseRateLimits(rateSpec);
    const bodySpec = values["body-limit"] ?? process.env["CAPGRAPH_BODY_LIMIT"];
    const maxBodyBytes = bodySpec === undefined ? undefined : parseByteSize("body-limit", bodySpec);
    parseTrustProxy(process.env["CAPGRAPH_TRUST_PROXY"]); // refused before the catalog loads
    const searchMode = check.oneOf("search-mode", values["search-mode"], ["memory", "database"] as const) ?? "memory";
    const port = check.int("port", values.port, Number(process.env["PORT"] ?? 8080), 65535, 0); // 0: any free port
    const host = values.host ?? "127.0.0.1";
    const { serve, defaultWorkers, MAX_WORKERS } = await import("./serve.js");
    const db = resolveDb(values.db);
    const workers = check.int(
      "workers",
      values.workers ?? process.env["CAPGRAPH_WORKERS"],
      defaultWorkers(db),
      MAX_WORKERS,
    );
    if (searchMode === "database" && !/^postgres(ql)?:\/\//.test(db))
      check.add("--search-mode", "database needs a PostgreSQL --db (postgres://…)", "FLAG_CONFLICT");
    if ((values.vectors ?? values["embedder-url"]) !== undefined && searchMode === "database")
      check.add(
        "--search-mode",
        "--vectors and --embedder-url work with the in-memory search (--search-mode memory), not --search-mode database",
        "FLAG_CONFLICT",
      );
    const embedder = await embedderFrom(values, check);
    await serve({
      port,
      host,
      db,
      demo: values.demo ?? false,
      demoDir: DEMO_CATALOG_DIR,
      log: io.err,
      searchMode,
      embedder,
      workers,
      ...(limits ? { limits } : {}),
      ...(maxBodyBytes ? { maxBodyBytes } : {}),
    });
    return 0;
  },
};

/** `300000`, `256kb` or `1mb` (1 KB = 1,000 bytes, as the limits table says), from 1 KB to 100 MB. */
function parseByteSize(name: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(v.trim());
  const n = m
    ? Math.round(
        Number(m[1]) * ({ b: 1, kb: 1_000, mb: 1_000_000 } as const)[(m[2]?.toLowerCase() ?? "b") as "b" | "kb" | "mb"],
      )
    : NaN;
  if (!Number.isFinite(n) || n < 1_000 || n > 100_000_000) throw createError("SIZE_INVALID", [name, v]);
  return n;
}

/** verify-passport's exit statuses besides 0 (valid, trusted signer) and 1 (invalid). */
export const VERIFY_EXIT = { signerUnknown: 3 } as const;

/** A JSON file and the first key it repeats within one object, if any. */
function readJsonFile(f: string, what: string): { value: unknown; repeated: string | undefined } {
  let text: string;
  let value: unknown;
  try {
    text = fs.readFileSync(f, "utf8");
    value = JSON.parse(text);
  } catch {
    throw createError("INPUT_UNREADABLE", [`the ${what} ${f}`, "it is missing or not JSON", "verify-passport"]);
  }
  return { value, repeated: repeatedKey(text) };
}

/** The JSON Schema of capgraph.yml, derived from the same zod schema that validates it. */
export function manifestJsonSchema(): unknown {
  return { title: "capgraph.yml v1", ...z.toJSONSchema(ManifestSchema, { unrepresentable: "any" }) };
}
