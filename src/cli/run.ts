import { z } from "zod";
import { Capgraph } from "../capgraph.js";
import { formatDiagnostic, hasErrors, loadManifestPaths } from "../core/domain.js";
import fs from "node:fs";
import { ARTIFACT_KINDS, ManifestSchema, PRICING_MODELS } from "../core/domain.js";
import { evaluate, parseLabelled } from "../core/operator.js";
import { verifySigned, type PublicJwk } from "../core/operator.js";
import { repeatedKey } from "../core/operator.js";
import { parseTrustProxy } from "../http/client-address.js";
import { parseRateLimits } from "../http/rate-limit.js";
import { createKey, SCOPES, type Scope } from "../core/domain.js";
import type { Fetcher, Importer } from "../core/operator.js";

import { importMcpServerJson } from "../core/operator.js";
import { recordedFetcher } from "../core/operator.js";
import { importerFor, networkFetcher, SOURCE_FORMS } from "../core/operator.js";
import { loadTaxonomy } from "../core/operator.js";
import { createError, isKnownError, LocalError, storageError, type CapgraphError } from "../errors.js";
import { FlagCheck } from "./flags.js";
import { EMBEDDER_FLAGS, embedderFrom, gapLabel, LIST_MAX_BYTES, llmOption, parse, readList, withCore, type Command, type Io } from "./common.js";
import { HELP } from "./help.js";
import { leaderboardFilters, searchFilters } from "../wire/inputs.js";
import { LIMITS, PAGE_LIMITS } from "../wire/limits.js";

export type { Io } from "./common.js";
import { DEMO_CATALOG_DIR } from "../paths.js";
import { readRegularFile } from "../files.js";
import { VERSION } from "../version.js";
import { openStore, resolveDb } from "./db.js";
import { renderCompareText, renderExplainText, renderLeaderboardText, renderResolveText, renderSearchText, renderShowText } from "./text.js";

/** Runs one CLI command; returns the process exit code. Never throws. */
export async function run(argv: string[], raw: Io): Promise<number> {
  const io = terminalSafe(raw);
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === "help" || cmd === "--help" || cmd === "-h") { io.out(HELP); return 0; }
    if (cmd === "--version" || cmd === "-v") { io.out(VERSION + "\n"); return 0; }
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
  for (const d of e.details) io.err(`  ${d.file ? `${d.file}:${d.line}:${d.column}: ` : d.path ? `${d.path}: ` : ""}${d.code} ${d.message}\n`);
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
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function terminalSafe(io: Io): Io {
  return { out: (s) => io.out(escapeControls(s)), err: (s) => io.err(escapeControls(s)) };
}

const COMMANDS: Record<string, Command> = {
  async validate(args, io) {
    const { positionals } = parse(args, {});
    if (positionals.length === 0) throw createError("USAGE", ["validate", "at least one file or folder", "`capgraph validate catalog/`"]);
    const r = loadManifestPaths(positionals, loadTaxonomy());
    for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    io.err(`${r.manifests.length} valid manifest(s), ${errors} error(s), ${r.diagnostics.length - errors} warning(s)\n`);
    return errors > 0 ? 1 : 0;
  },

  async add(args, io) {
    const { positionals, values } = parse(args, {});
    if (positionals.length === 0) throw createError("USAGE", ["add", "at least one file or folder", "`capgraph add my-tool.yml`"]);
    const r = loadManifestPaths(positionals, loadTaxonomy());
    for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
    if (hasErrors(r.diagnostics)) { io.err("nothing was written: fix the errors above and run add again\n"); return 1; }
    const sum = await withCore(values.db, (core) => core.add(r.manifests, r.diagnostics, { actor: "cli", action: "add" }));
    io.out(`added ${sum.created.length}, updated ${sum.updated.length}, unchanged ${sum.unchanged.length}, signals appended ${sum.signalsAppended}\n`);
    return 0;
  },

  async import(args, io) {
    const { positionals, values } = parse(args, { "from-file": { type: "string" }, list: { type: "string" }, "llm-url": { type: "string" }, "llm-model": { type: "string" } });
    const sources = [...positionals, ...(values.list ? readList(values.list) : [])];
    const check = new FlagCheck();
    const llm = llmOption(values["llm-url"], values["llm-model"], check);
    check.done();
    if (sources.length === 0) throw createError("USAGE", ["import", "sources", "capgraph import npm:ollama pypi:diffusers github:huggingface/diffusers, or --list FILE (one source per line)"]);
    const bad = sources.find((p) => !p.startsWith("mcp:") && !importerFor(p));
    if (bad) throw createError("UNKNOWN_SOURCE", [bad, SOURCE_FORMS.join(", ")]);
    const from = values["from-file"];
    if (from && !fs.existsSync(from)) throw createError("INPUT_UNREADABLE", [from, "no such file or folder", "--from-file"]);
    // One fetcher per source, so each is held to its own hosts, pacing and concurrency.
    const fetchers = new Map<Importer, Fetcher>();
    const fetcherFor = (imp: Importer): Fetcher => {
      const f = fetchers.get(imp) ?? (from ? recordedFetcher(from, imp.recordings) : networkFetcher(imp));
      fetchers.set(imp, f);
      return f;
    };
    const rows: { source: string; slug: string; result: string; capabilities: number; signals: number }[] = [];
    let gaps = 0;
    const t0 = Date.now();
    await withCore(values.db, async (core) => {
      for (const [i, source] of sources.entries()) {
        const net = importerFor(source);
        llm?.take();
        try {
          const r = net ? await net.importer.import(net.id, fetcherFor(net.importer), core, new Date(), llm?.infer) : await importMcpServerJson(source.slice("mcp:".length), core);
          const inferred = llm?.take();
          if (inferred?.error) io.err(`${source}: no capabilities inferred (${inferred.error}); imported from its documentation alone\n`);
          else if (inferred) io.err(`${source}: ${inferred.kept} capabilit${inferred.kept === 1 ? "y" : "ies"} inferred by ${llm?.endpoint.model} (marked inferred), ${inferred.dropped} dropped (malformed, repeated, or not quoting the README)\n`);
          for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
          const sum = await core.add(r.manifests, r.diagnostics, { actor: "cli", action: "import", detail: source, ...(r.origin ? { origin: r.origin } : {}) });
          for (const g of r.gaps) io.err(`${source}: ${gapLabel(g.metric)}: not fetched — ${g.reason}; kept as a gap, not as zero\n`);
          const a = r.manifests[0]?.manifest.artifact;
          // A source linked to several entries of one repository updates each of them.
          const result = sum.created.length ? "created" : sum.updated.length ? "updated" : "unchanged";
          gaps += r.gaps.length;
          rows.push({ source, slug: r.manifests.map((m) => m.manifest.artifact.slug).join(",") || "—", result: r.gaps.length ? `${result}, ${r.gaps.length} signal(s) not fetched` : result, capabilities: a?.capabilities.length ?? 0, signals: sum.signalsAppended });
        } catch (e) {
          rows.push({ source, slug: "—", result: `FAILED ${isKnownError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`, capabilities: 0, signals: 0 });
        }
        const done = i + 1, secs = (Date.now() - t0) / 1000, rate = done / Math.max(secs, 0.001);
        const failed = rows.filter((r) => r.result.startsWith("FAILED")).length;
        io.err(`[${done}/${sources.length}] ${source}: ${rows[i]?.result} · ${rate.toFixed(1)}/s · ETA ${Math.round((sources.length - done) / rate)}s · ${failed} failed\n`);
      }
    });
    const w = (k: keyof (typeof rows)[number]) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
    const line = (r: Record<string, string | number>) => (["source", "slug", "capabilities", "signals", "result"] as const).map((k) => String(r[k]).padEnd(w(k))).join("  ").trimEnd();
    io.out(`${line({ source: "source", slug: "slug", capabilities: "capabilities", signals: "signals", result: "result" })}\n${rows.map(line).join("\n")}\n`);
    const failures = rows.filter((r) => r.result.startsWith("FAILED")).length;
    io.err(`${rows.length - failures} imported, ${failures} failed${gaps ? `, ${gaps} signal(s) not fetched (kept as gaps, see above)` : ""}\n`);
    return failures ? 1 : 0;
  },

  async search(args, io) {
    const { positionals, values } = parse(args, {
      limit: { type: "string" }, kind: { type: "string" }, free: { type: "boolean" }, category: { type: "string" },
      pricing: { type: "string" }, license: { type: "string" }, capability: { type: "string" }, ...EMBEDDER_FLAGS,
    });
    const q = positionals.join(" ").trim();
    if (!q) throw createError("USAGE", ["search", "an intent", "capgraph search \"fine-tune stable diffusion on my photos\""]);
    const check = new FlagCheck();
    const kind = check.oneOf("kind", values.kind, ARTIFACT_KINDS);
    const pricing = check.oneOf("pricing", values.pricing, PRICING_MODELS);
    const limit = check.int("limit", values.limit, LIMITS.defaultResults, LIMITS.maxResults);
    const embedder = await embedderFrom(values, check);
    const filters = searchFilters({ ...values, kind, pricing });
    const res = await withCore(values.db, (core) => core.search(q, { limit, client: "cli", filters }), embedder, io.err);
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderSearchText(res));
    return 0;
  },

  async leaderboard(args, io) {
    const { positionals, values } = parse(args, { limit: { type: "string" }, kind: { type: "string" }, capability: { type: "string" }, free: { type: "boolean" }, license: { type: "string" }, pricing: { type: "string" } });
    if (positionals.length) throw createError("USAGE", ["leaderboard", "options only", "capgraph leaderboard --kind model"]);
    const check = new FlagCheck();
    const kind = check.oneOf("kind", values.kind, ARTIFACT_KINDS);
    const pricing = check.oneOf("pricing", values.pricing, PRICING_MODELS);
    const limit = check.int("limit", values.limit, 20, PAGE_LIMITS.leaderboardMax);
    check.done();
    const filters = leaderboardFilters({ ...values, pricing });
    const res = await withCore(values.db, (core) => core.leaderboard({ kind, capability: values.capability, filters, limit }));
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderLeaderboardText(res));
    return 0;
  },

  async resolve(args, io) {
    const { positionals, values } = parse(args, { limit: { type: "string" } });
    const uri = positionals.join(" ").trim();
    if (!uri) throw createError("USAGE", ["resolve", "a taxonomy node or alias", "capgraph resolve capability://audio.speech-to-text"]);
    const check = new FlagCheck();
    const limit = check.int("limit", values.limit, 10, 50);
    check.done();
    const res = await withCore(values.db, (core) => core.resolve(uri, { limit, client: "cli" }));
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderResolveText(res));
    return 0;
  },

  async feedback(args, io) {
    const { positionals, values } = parse(args, { capability: { type: "string" }, reporter: { type: "string" } });
    const [matchId, slug, outcome] = positionals;
    if (!matchId || !slug || (outcome !== "success" && outcome !== "failure") || positionals.length !== 3) {
      throw createError("USAGE", ["feedback", "<matchId> <slug> success|failure", "capgraph feedback 6f1c… whisper success"]);
    }
    const res = await withCore(values.db, (core) => core.feedback({ matchId, slug, outcome, capabilityId: values.capability, reporter: values.reporter ?? "cli" }));
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : `${res.recorded ? "recorded" : "already recorded"}: ${slug} ${outcome} for match ${matchId}; ${slug} now has ${res.artifact.text}\n`);
    return 0;
  },

  async eval(args, io) {
    const { values } = parse(args, { queries: { type: "string" }, ...EMBEDDER_FLAGS });
    if (!values.queries) throw createError("USAGE", ["eval", "--queries FILE.jsonl (lines of {\"query\", \"slug\"} or {\"query\", \"slugs\": [...]})", "capgraph eval --queries bench/queries/dev.jsonl"]);
    const file = values.queries;
    const read = readRegularFile(file, LIST_MAX_BYTES);
    if ("reason" in read) throw createError("INPUT_UNREADABLE", [file, `it ${read.reason}`, "--queries"]);
    const text = read.bytes.toString("utf8");
    let labelled;
    try { labelled = parseLabelled(text, file); } catch (e) { throw createError("QUERIES_INVALID", [(e as Error).message]); }
    const embedder = await embedderFrom(values);
    const report = await withCore(values.db, async (core) => {
      const ranked = new Map<string, string[]>();
      for (const q of labelled) ranked.set(q.query, await core.rankedSlugs(q.query, 10));
      return evaluate(labelled, (q) => ranked.get(q) ?? []);
    }, embedder);
    io.out(values.json ? JSON.stringify(report) + "\n" : `queries ${report.queries}  MRR@10 ${report.mrr10}  nDCG@10 ${report.ndcg10}  Recall@1 ${report.recall1}  Recall@10 ${report.recall10}\n`);
    return 0;
  },

  async compare(args, io) {
    const { positionals, values } = parse(args, {});
    const res = await withCore(values.db, (core) => core.compare(positionals));
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderCompareText(res));
    return 0;
  },

  async show(args, io) {
    const { positionals, values } = parse(args, {});
    const slug = positionals[0];
    if (!slug || positionals.length > 1) throw createError("USAGE", ["show", "exactly one slug", "capgraph show gpt-5-4-pro"]);
    const res = await withCore(values.db, (core) => core.detail(slug));
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderShowText(res));
    return 0;
  },

  async explain(args, io) {
    const { positionals, values } = parse(args, {});
    const slug = positionals[0];
    if (!slug || positionals.length > 1) throw createError("USAGE", ["explain", "exactly one slug", "capgraph explain whisper"]);
    const { card, askedFor } = await withCore(values.db, async (core) => ({ ...(await core.card(slug)), askedFor: await core.askedFor(slug) }));
    if (values.json) { io.out(JSON.stringify({ ...card, askedFor }, null, 2) + "\n"); return 0; }
    io.out(renderExplainText(card));
    // What the match graph learned about it: intents people reported it answered (search order only, never a score).
    io.out(askedFor.length ? `\nPeople asked for this (learned from reported outcomes; moves search order, never a score):\n${askedFor.map((x) => `  - "${x.intent}" — ${x.people} ${x.people === 1 ? "person" : "people"}, last ${x.lastAt.slice(0, 10)}`).join("\n")}\n` : "\nPeople asked for this: nothing learned yet (needs outcomes from several distinct reporters).\n");
    return 0;
  },

  async taxonomy(args, io) {
    const { values } = parse(args, {});
    const t = loadTaxonomy();
    if (values.json) io.out(JSON.stringify({ version: t.version, released: t.released, nodes: t.nodes }, null, 2) + "\n");
    else for (const n of t.nodes) io.out(`${"  ".repeat(n.depth)}${n.uri}  ${n.label}${n.aliases.length ? `  (${n.aliases.join(", ")})` : ""}\n`);
    return 0;
  },

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
    await new Promise<void>((resolve) => { transport.onclose = resolve; process.stdin.once("end", resolve); });
    await core.close();
    await store.close();
    return 0;
  },

  async "verify-passport"(args, io) {
    const { positionals, values } = parse(args, { keys: { type: "string" } });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw createError("USAGE", ["verify-passport", "one file", "capgraph verify-passport whisper.passport.json [--keys capgraph-keys.json]"]);
    const doc = readJsonFile(file, "passport");
    if (doc.repeated !== undefined) { io.out(`INVALID: the key '${doc.repeated.slice(0, 100)}' appears twice in one object, so readers could see different values\n`); return 1; }
    const trusted = values.keys ? ((readJsonFile(values.keys, "keys file").value as { keys?: PublicJwk[] } | null)?.keys ?? []) : undefined;
    const r = verifySigned(doc.value, trusted);
    if (!r.ok) { io.out(`INVALID: ${r.reason}\n`); return 1; }
    if (r.trusted) { io.out(`valid: signed by key ${r.kid} (a trusted key)\n`); return 0; }
    // Anyone can sign with a key of their own: without trust anchors only consistency is known.
    io.out(`UNKNOWN SIGNER: the signature matches key ${r.kid} embedded in the passport, but no trusted key was given; pass --keys with the deployment's /.well-known/capgraph-keys.json to check who signed it\n`);
    return VERIFY_EXIT.signerUnknown;
  },

  async keys(args, io) {
    const [sub, ...rest] = args;
    const { positionals, values } = parse(rest, { name: { type: "string" }, namespace: { type: "string" }, scopes: { type: "string" } });
    return withCore(values.db, async (core) => {
      if (sub === "create") {
        if (!values.name || !values.namespace) throw createError("USAGE", ["keys create", "--name and --namespace", "capgraph keys create --name ci --namespace acme --scopes read,publish"]);
        const scopes = (values.scopes ?? "read,publish").split(",").map((x) => x.trim());
        const check = new FlagCheck();
        for (const sc of scopes) check.oneOf("scopes", sc, SCOPES);
        check.done();
        const { token, key } = await createKey(core.store, { name: values.name, namespace: values.namespace, scopes: scopes as Scope[] });
        io.out(values.json ? JSON.stringify({ token, id: key.id, scopes: key.scopes, namespace: key.namespace }) + "\n" : `created key ${key.id} (${key.scopes.join(",")}, namespace ${key.namespace})\n${token}\nThis is the only time the key is shown: store it now.\n`);
        return 0;
      }
      if (sub === "list") {
        const keys = await core.store.listKeys();
        io.out(values.json ? JSON.stringify(keys.map(({ hash: _h, ...k }) => k)) + "\n" : keys.map((k) => `${k.id}  ${k.name}  ${k.namespace}  ${k.scopes.join(",")}  ${k.revokedAt ? `revoked ${k.revokedAt}` : "active"}`).join("\n") + "\n");
        return 0;
      }
      if (sub === "revoke" && positionals[0]) {
        const ok = await core.store.revokeKey(positionals[0], new Date().toISOString());
        if (!ok) throw createError("KEY_NOT_FOUND", [positionals[0]]);
        await core.store.appendAudit({ at: new Date().toISOString(), actor: "cli", action: "key.revoke", target: positionals[0], detail: "" });
        io.out(`revoked ${positionals[0]}\n`);
        return 0;
      }
      throw createError("USAGE", ["keys", "a subcommand", "capgraph keys create --name N --namespace NS [--scopes ...] | keys list | keys revoke ID"]);
    });
  },

  async audit(args, io) {
    const { values } = parse(args, { limit: { type: "string" } });
    const check = new FlagCheck();
    const limit = check.int("limit", values.limit, 50, 1000);
    check.done();
    const rows = await withCore(values.db, (core) => core.store.listAudit(limit));
    io.out(values.json ? JSON.stringify(rows) + "\n" : rows.map((r) => `${r.at}  ${r.actor}  ${r.action}  ${r.target}  ${r.detail}`).join("\n") + (rows.length ? "\n" : "no entries\n"));
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
    const { values } = parse(args, { port: { type: "string" }, host: { type: "string" }, demo: { type: "boolean" }, "search-mode": { type: "string" }, "rate-limit": { type: "string" }, "body-limit": { type: "string" }, workers: { type: "string" }, ...EMBEDDER_FLAGS });
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
    const workers = check.int("workers", values.workers ?? process.env["CAPGRAPH_WORKERS"], defaultWorkers(db), MAX_WORKERS);
    if (searchMode === "database" && !/^postgres(ql)?:\/\//.test(db)) check.add("--search-mode", "database needs a PostgreSQL --db (postgres://…)", "FLAG_CONFLICT");
    if ((values.vectors ?? values["embedder-url"]) !== undefined && searchMode === "database") check.add("--search-mode", "--vectors and --embedder-url work with the in-memory search (--search-mode memory), not --search-mode database", "FLAG_CONFLICT");
    const embedder = await embedderFrom(values, check);
    await serve({ port, host, db, demo: values.demo ?? false, demoDir: DEMO_CATALOG_DIR, log: io.err, searchMode, embedder, workers, ...(limits ? { limits } : {}), ...(maxBodyBytes ? { maxBodyBytes } : {}) });
    return 0;
  },
};

/** `300000`, `256kb` or `1mb` (1 KB = 1,000 bytes, as the limits table says), from 1 KB to 100 MB. */
function parseByteSize(name: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(v.trim());
  const n = m ? Math.round(Number(m[1]) * ({ b: 1, kb: 1_000, mb: 1_000_000 } as const)[(m[2]?.toLowerCase() ?? "b") as "b" | "kb" | "mb"]) : NaN;
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
