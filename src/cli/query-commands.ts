import { ARTIFACT_KINDS, PRICING_MODELS } from "../core/domain.js";
import { evaluate, parseLabelled } from "../core/operator.js";
import { loadTaxonomy } from "../core/operator.js";
import { createError } from "../errors.js";
import { FlagCheck } from "./flags.js";
import { EMBEDDER_FLAGS, embedderFrom, LIST_MAX_BYTES, parse, withCore, type Command } from "./common.js";
import { leaderboardFilters, searchFilters } from "../wire/inputs.js";
import { LIMITS, PAGE_LIMITS } from "../wire/limits.js";
import { readRegularFile } from "../files.js";
import {
  renderCompareText,
  renderExplainText,
  renderLeaderboardText,
  renderResolveText,
  renderSearchText,
  renderShowText,
} from "./text.js";

/** Commands that read the catalog: search, lists, resolve, comparisons, one artifact, the taxonomy; feedback and evaluation. */
export const QUERY_COMMANDS: Record<string, Command> = {
  async search(args, io) {
    const { positionals, values } = parse(args, {
      limit: { type: "string" },
      kind: { type: "string" },
      free: { type: "boolean" },
      category: { type: "string" },
      pricing: { type: "string" },
      license: { type: "string" },
      capability: { type: "string" },
      ...EMBEDDER_FLAGS,
    });
    const q = positionals.join(" ").trim();
    if (!q)
      throw createError("USAGE", ["search", "an intent", 'capgraph search "fine-tune stable diffusion on my photos"']);
    const check = new FlagCheck();
    const kind = check.oneOf("kind", values.kind, ARTIFACT_KINDS);
    const pricing = check.oneOf("pricing", values.pricing, PRICING_MODELS);
    const limit = check.int("limit", values.limit, LIMITS.defaultResults, LIMITS.maxResults);
    const embedder = await embedderFrom(values, check);
    const filters = searchFilters({ ...values, kind, pricing });
    const res = await withCore(
      values.db,
      (core) => core.search(q, { limit, client: "cli", filters }),
      embedder,
      io.err,
    );
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderSearchText(res));
    return 0;
  },

  async leaderboard(args, io) {
    const { positionals, values } = parse(args, {
      limit: { type: "string" },
      kind: { type: "string" },
      capability: { type: "string" },
      free: { type: "boolean" },
      license: { type: "string" },
      pricing: { type: "string" },
    });
    if (positionals.length)
      throw createError("USAGE", ["leaderboard", "options only", "capgraph leaderboard --kind model"]);
    const check = new FlagCheck();
    const kind = check.oneOf("kind", values.kind, ARTIFACT_KINDS);
    const pricing = check.oneOf("pricing", values.pricing, PRICING_MODELS);
    const limit = check.int("limit", values.limit, 20, PAGE_LIMITS.leaderboardMax);
    check.done();
    const filters = leaderboardFilters({ ...values, pricing });
    const res = await withCore(values.db, (core) =>
      core.leaderboard({ kind, capability: values.capability, filters, limit }),
    );
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderLeaderboardText(res));
    return 0;
  },

  async resolve(args, io) {
    const { positionals, values } = parse(args, { limit: { type: "string" } });
    const uri = positionals.join(" ").trim();
    if (!uri)
      throw createError("USAGE", [
        "resolve",
        "a taxonomy node or alias",
        "capgraph resolve capability://audio.speech-to-text",
      ]);
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
      throw createError("USAGE", [
        "feedback",
        "<matchId> <slug> success|failure",
        "capgraph feedback 6f1c… whisper success",
      ]);
    }
    const res = await withCore(values.db, (core) =>
      core.feedback({ matchId, slug, outcome, capabilityId: values.capability, reporter: values.reporter ?? "cli" }),
    );
    io.out(
      values.json
        ? JSON.stringify(res, null, 2) + "\n"
        : `${res.recorded ? "recorded" : "already recorded"}: ${slug} ${outcome} for match ${matchId}; ${slug} now has ${res.artifact.text}\n`,
    );
    return 0;
  },

  async eval(args, io) {
    const { values } = parse(args, { queries: { type: "string" }, ...EMBEDDER_FLAGS });
    if (!values.queries)
      throw createError("USAGE", [
        "eval",
        '--queries FILE.jsonl (lines of {"query", "slug"} or {"query", "slugs": [...]})',
        "capgraph eval --queries bench/queries/dev.jsonl",
      ]);
    const file = values.queries;
    const read = readRegularFile(file, LIST_MAX_BYTES);
    if ("reason" in read) throw createError("INPUT_UNREADABLE", [file, `it ${read.reason}`, "--queries"]);
    const text = read.bytes.toString("utf8");
    let labelled;
    try {
      labelled = parseLabelled(text, file);
    } catch (e) {
      throw createError("QUERIES_INVALID", [(e as Error).message]);
    }
    const embedder = await embedderFrom(values);
    const report = await withCore(
      values.db,
      async (core) => {
        const ranked = new Map<string, string[]>();
        for (const q of labelled) ranked.set(q.query, await core.rankedSlugs(q.query, 10));
        return evaluate(labelled, (q) => ranked.get(q) ?? []);
      },
      embedder,
    );
    io.out(
      values.json
        ? JSON.stringify(report) + "\n"
        : `queries ${report.queries}  MRR@10 ${report.mrr10}  nDCG@10 ${report.ndcg10}  Recall@1 ${report.recall1}  Recall@10 ${report.recall10}\n`,
    );
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
    if (!slug || positionals.length > 1)
      throw createError("USAGE", ["show", "exactly one slug", "capgraph show gpt-5-4-pro"]);
    const res = await withCore(values.db, (core) => core.detail(slug));
    io.out(values.json ? JSON.stringify(res, null, 2) + "\n" : renderShowText(res));
    return 0;
  },

  async explain(args, io) {
    const { positionals, values } = parse(args, {});
    const slug = positionals[0];
    if (!slug || positionals.length > 1)
      throw createError("USAGE", ["explain", "exactly one slug", "capgraph explain whisper"]);
    const { card, askedFor } = await withCore(values.db, async (core) => ({
      ...(await core.card(slug)),
      askedFor: await core.askedFor(slug),
    }));
    if (values.json) {
      io.out(JSON.stringify({ ...card, askedFor }, null, 2) + "\n");
      return 0;
    }
    io.out(renderExplainText(card));
    // What the match graph learned about it: intents people reported it answered (search order only, never a score).
    io.out(
      askedFor.length
        ? `\nPeople asked for this (learned from reported outcomes; moves search order, never a score):\n${askedFor.map((x) => `  - "${x.intent}" — ${x.people} ${x.people === 1 ? "person" : "people"}, last ${x.lastAt.slice(0, 10)}`).join("\n")}\n`
        : "\nPeople asked for this: nothing learned yet (needs outcomes from several distinct reporters).\n",
    );
    return 0;
  },

  async taxonomy(args, io) {
    const { values } = parse(args, {});
    const t = loadTaxonomy();
    if (values.json)
      io.out(JSON.stringify({ version: t.version, released: t.released, nodes: t.nodes }, null, 2) + "\n");
    else
      for (const n of t.nodes)
        io.out(`${"  ".repeat(n.depth)}${n.uri}  ${n.label}${n.aliases.length ? `  (${n.aliases.join(", ")})` : ""}\n`);
    return 0;
  },
};
