import fs from "node:fs";
import { formatDiagnostic, hasErrors, loadManifestPaths } from "../core/domain.js";
import type { Fetcher, Importer } from "../core/operator.js";
import { importMcpServerJson } from "../core/operator.js";
import { recordedFetcher } from "../core/operator.js";
import { importerFor, networkFetcher, SOURCE_FORMS } from "../core/operator.js";
import { loadTaxonomy } from "../core/operator.js";
import { createError, isKnownError } from "../errors.js";
import { FlagCheck } from "./flags.js";
import { gapLabel, llmOption, parse, readList, withCore, type Command } from "./common.js";

/** Commands that write the catalog: validate manifests, add them, import them from their sources. */
export const CATALOG_COMMANDS: Record<string, Command> = {
  async validate(args, io) {
    const { positionals } = parse(args, {});
    if (positionals.length === 0)
      throw createError("USAGE", ["validate", "at least one file or folder", "`capgraph validate catalog/`"]);
    const r = loadManifestPaths(positionals, loadTaxonomy());
    for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    io.err(
      `${r.manifests.length} valid manifest(s), ${errors} error(s), ${r.diagnostics.length - errors} warning(s)\n`,
    );
    return errors > 0 ? 1 : 0;
  },

  async add(args, io) {
    const { positionals, values } = parse(args, {});
    if (positionals.length === 0)
      throw createError("USAGE", ["add", "at least one file or folder", "`capgraph add my-tool.yml`"]);
    const r = loadManifestPaths(positionals, loadTaxonomy());
    for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
    if (hasErrors(r.diagnostics)) {
      io.err("nothing was written: fix the errors above and run add again\n");
      return 1;
    }
    const sum = await withCore(values.db, (core) =>
      core.add(r.manifests, r.diagnostics, { actor: "cli", action: "add" }),
    );
    io.out(
      `added ${sum.created.length}, updated ${sum.updated.length}, unchanged ${sum.unchanged.length}, signals appended ${sum.signalsAppended}\n`,
    );
    return 0;
  },

  async import(args, io) {
    const { positionals, values } = parse(args, {
      "from-file": { type: "string" },
      list: { type: "string" },
      "llm-url": { type: "string" },
      "llm-model": { type: "string" },
    });
    const sources = [...positionals, ...(values.list ? readList(values.list) : [])];
    const check = new FlagCheck();
    const llm = llmOption(values["llm-url"], values["llm-model"], check);
    check.done();
    if (sources.length === 0)
      throw createError("USAGE", [
        "import",
        "sources",
        "capgraph import npm:ollama pypi:diffusers github:huggingface/diffusers, or --list FILE (one source per line)",
      ]);
    const bad = sources.find((p) => !p.startsWith("mcp:") && !importerFor(p));
    if (bad) throw createError("UNKNOWN_SOURCE", [bad, SOURCE_FORMS.join(", ")]);
    const from = values["from-file"];
    if (from && !fs.existsSync(from))
      throw createError("INPUT_UNREADABLE", [from, "no such file or folder", "--from-file"]);
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
          const r = net
            ? await net.importer.import(net.id, fetcherFor(net.importer), core, new Date(), llm?.infer)
            : await importMcpServerJson(source.slice("mcp:".length), core);
          const inferred = llm?.take();
          if (inferred?.error)
            io.err(`${source}: no capabilities inferred (${inferred.error}); imported from its documentation alone\n`);
          else if (inferred)
            io.err(
              `${source}: ${inferred.kept} capabilit${inferred.kept === 1 ? "y" : "ies"} inferred by ${llm?.endpoint.model} (marked inferred), ${inferred.dropped} dropped (malformed, repeated, or not quoting the README)\n`,
            );
          for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
          const sum = await core.add(r.manifests, r.diagnostics, {
            actor: "cli",
            action: "import",
            detail: source,
            ...(r.origin ? { origin: r.origin } : {}),
          });
          for (const g of r.gaps)
            io.err(`${source}: ${gapLabel(g.metric)}: not fetched — ${g.reason}; kept as a gap, not as zero\n`);
          const a = r.manifests[0]?.manifest.artifact;
          // A source linked to several entries of one repository updates each of them.
          const result = sum.created.length ? "created" : sum.updated.length ? "updated" : "unchanged";
          gaps += r.gaps.length;
          rows.push({
            source,
            slug: r.manifests.map((m) => m.manifest.artifact.slug).join(",") || "—",
            result: r.gaps.length ? `${result}, ${r.gaps.length} signal(s) not fetched` : result,
            capabilities: a?.capabilities.length ?? 0,
            signals: sum.signalsAppended,
          });
        } catch (e) {
          rows.push({
            source,
            slug: "—",
            result: `FAILED ${isKnownError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`,
            capabilities: 0,
            signals: 0,
          });
        }
        const done = i + 1,
          secs = (Date.now() - t0) / 1000,
          rate = done / Math.max(secs, 0.001);
        const failed = rows.filter((r) => r.result.startsWith("FAILED")).length;
        io.err(
          `[${done}/${sources.length}] ${source}: ${rows[i]?.result} · ${rate.toFixed(1)}/s · ETA ${Math.round((sources.length - done) / rate)}s · ${failed} failed\n`,
        );
      }
    });
    const w = (k: keyof (typeof rows)[number]) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
    const line = (r: Record<string, string | number>) =>
      (["source", "slug", "capabilities", "signals", "result"] as const)
        .map((k) => String(r[k]).padEnd(w(k)))
        .join("  ")
        .trimEnd();
    io.out(
      `${line({ source: "source", slug: "slug", capabilities: "capabilities", signals: "signals", result: "result" })}\n${rows.map(line).join("\n")}\n`,
    );
    const failures = rows.filter((r) => r.result.startsWith("FAILED")).length;
    io.err(
      `${rows.length - failures} imported, ${failures} failed${gaps ? `, ${gaps} signal(s) not fetched (kept as gaps, see above)` : ""}\n`,
    );
    return failures ? 1 : 0;
  },
};
