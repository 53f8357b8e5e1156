import type { CompareResult, ResolveResult, SearchResult } from "../capgraph.js";
import type { ArtifactSummary } from "../core/domain.js";
import type { Leaderboard } from "../core/domain.js";
import { meaningText } from "../core/domain.js";
import { METHODOLOGY_VERSION, SUB_SCORE_LABELS, SUB_SCORES } from "../core/domain.js";
import { shrinkText, type ScoreCard } from "../core/domain.js";

const score = (v: number | null) => (v === null ? "no data" : String(v));

export function renderSearchText(r: SearchResult): string {
  if (r.results.length === 0)
    return `No matches for "${r.query}". Try other words, or fewer filters.\n(match ${r.matchId})\n`;
  const lines = r.results.map(
    (x, i) =>
      `${i + 1}. ${x.name} (${x.slug}, ${x.kind}) score ${x.score} · CapRank ${x.capRank}/100 · outcomes: ${x.outcomesText}${x.learned ? ` · ${x.learned.text}` : ""}\n` +
      x.capabilities
        .slice(0, 3)
        .map(
          (c) =>
            `     - ${c.name}  [${c.uri}]  matched: ${[c.matchedTerms.join(", "), meaningText(c.similarity, c.matchedTerms.length > 0)].filter(Boolean).join("; ") || "taxonomy"}`,
        )
        .join("\n"),
  );
  const semantic =
    r.interpretation.semantic === "unavailable"
      ? "(the semantic component failed, see above: lexical results only)\n"
      : "";
  return `${lines.join("\n")}\n${semantic}(match ${r.matchId})\n`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n") + "\n";
}

export function renderCompareText(r: CompareResult): string {
  const a = r.artifacts;
  const rows: string[][] = [
    ["", ...a.map((x) => x.name)],
    ["Type", ...a.map((x) => x.kind)],
    ["CapRank", ...a.map((x) => `${x.capRank}/100 (${x.capRankInterval[0]}–${x.capRankInterval[1]})`)],
  ];
  for (const k of SUB_SCORES) rows.push([SUB_SCORE_LABELS[k], ...a.map((x) => score(x.scores[k]))]);
  rows.push(
    ["Pricing", ...a.map((x) => x.pricing.model)],
    ["Prices", ...a.map((x) => x.pricing.headline ?? "—")],
    ["Capabilities", ...a.map((x) => `${x.capabilityCount} decomposed`)],
    ["Times matched", ...a.map((x) => String(x.timesMatched))],
    ["Licence", ...a.map((x) => x.license ?? "—")],
    ["Provider", ...a.map((x) => x.provider ?? "—")],
  );
  const shared = r.alignment.shared.map((g) => `  shared: ${g.label} (${g.basis})`).join("\n");
  const line = (c: { text: string }) => `  - ${c.text}\n`;
  const change = r.verdict.claims.filter((c) => c.kind === "change");
  const verdict = `Verdict:\n${r.verdict.claims
    .filter((c) => c.kind !== "change")
    .map(line)
    .join("")}${change.length ? `What would change this verdict:\n${change.map(line).join("")}` : ""}`;
  return `${a.map((x) => x.name).join(" vs ")}\n\n${table(rows)}\n${shared ? shared + "\n\n" : ""}${verdict}`;
}

export function renderShowText(
  r: ArtifactSummary & {
    capabilities: { name: string; uri: string; evidence: string }[];
    gaps?: { metric: string; reason: string }[];
  },
): string {
  const head =
    `${r.name} (${r.slug}) — ${r.kind}${r.provider ? ` by ${r.provider}` : ""}\nCapRank ${r.capRank}/100 (${r.capRankInterval[0]}–${r.capRankInterval[1]}) · ` +
    SUB_SCORES.map((k) => `${SUB_SCORE_LABELS[k]} ${score(r.scores[k])}`).join(" · ");
  const caps = r.capabilities.map((c) => `  - ${c.name}  [${c.uri}] (${c.evidence})`).join("\n");
  const gaps = (r.gaps ?? []).map((g) => `Not fetched: ${g.metric} (${g.reason})\n`).join("");
  return `${head}\n${r.description}\n${gaps}Pricing: ${r.pricing.model}${r.pricing.headline ? `, ${r.pricing.headline}` : ""}\nCapabilities (${r.capabilityCount}):\n${caps}\n`;
}

export function renderResolveText(r: ResolveResult): string {
  const head = `${r.label} (${r.uri})${r.description ? ` — ${r.description}` : ""}\n`;
  if (r.results.length === 0) return `${head}No artifact in the catalog has a capability here yet.\n`;
  return (
    head +
    r.results
      .map(
        (x, i) =>
          `${i + 1}. ${x.name} (${x.slug}, ${x.kind}) CapRank ${x.capRank}/100\n` +
          x.capabilities.map((c) => `     - ${c.name}  [${c.uri}] (${c.evidence})`).join("\n"),
      )
      .join("\n") +
    `\n(match ${r.matchId})\n`
  );
}

/** Every input of every sub-score, then the weighted sum: the whole CapRank, checkable by hand. */
export function renderExplainText(c: ScoreCard): string {
  const lines = [`${c.slug} (${c.kind}): CapRank ${c.capRank}/100, range ${c.interval[0]}–${c.interval[1]}`];
  const terms: string[] = [];
  for (const k of SUB_SCORES) {
    const sub = c.scores[k];
    const used = sub.value ?? sub.prior;
    terms.push(`${c.weights[k]}·${used}`);
    lines.push(
      `\n${SUB_SCORE_LABELS[k]} = ${sub.value ?? `no data (counted as ${sub.prior}, the kind prior)`} — ${sub.note}`,
    );
    if (sub.raw !== null) lines.push(`  ${shrinkText(sub)}`);
    for (const i of sub.inputs)
      lines.push(
        `  ${i.label}: ${String(i.value)} → ${i.points} points${i.detail ? ` (${i.detail})` : ""}${i.source ? `; source: ${i.source}` : ""}${i.observedAt ? `; observed ${i.observedAt}` : ""}`,
      );
  }
  lines.push(
    `\nCapRank = ${terms.join(" + ")} = ${c.capRank} (rounded), weights for kind ${c.kind}, methodology v${METHODOLOGY_VERSION}`,
  );
  return lines.join("\n") + "\n";
}

export function renderLeaderboardText(b: Leaderboard): string {
  const head = `${b.title} leaderboard (${b.total} artifact${b.total === 1 ? "" : "s"})\n`;
  if (b.rows.length === 0) return `${head}No artifact passes these filters.\n`;
  const rows = [
    ["place", "artifact", "CapRank", "range", "price", "licence"],
    ...b.rows.map((r) => [
      r.placeText,
      `${r.name} (${r.slug})`,
      String(r.capRank),
      `${r.capRankInterval[0]}–${r.capRankInterval[1]}`,
      r.prices ?? r.pricingModel,
      r.license ?? "—",
    ]),
  ];
  return `${head}${table(rows)}\n${b.rule}\n`;
}
