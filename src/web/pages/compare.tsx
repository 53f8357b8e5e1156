import type { CompareCapability, CompareResult } from "../../capgraph.js";
import { SUB_SCORE_LABELS, SUB_SCORES } from "../../rank/methodology.js";
import { EvidenceBadge, KIND_LABEL, PRICING_LABEL, ScoreCell } from "../components.js";
import { Layout } from "../layout.js";

/** Capabilities shown before the "+N more" expander, as on the page we replace. */
export const VISIBLE_CAPABILITIES = 8;

export function ComparePage(props: { r: CompareResult }) {
  const { r } = props;
  const a = r.artifacts;
  const title = a.map((x) => x.name).join(" vs ");
  const change = r.verdict.claims.filter((c) => c.kind === "change");
  const main = r.verdict.claims.filter((c) => c.kind !== "change");
  const nameOf = (slug: string) => a.find((x) => x.slug === slug)?.name ?? slug;
  const capName = (slug: string, id: string) => a.find((x) => x.slug === slug)?.capabilities.find((c) => c.id === id)?.name ?? id;
  return (
    <Layout title={title} description={`${title}: scores, pricing, capabilities and a verdict computed from data.`}>
      <h1>{title}</h1>
      <p class="lead">Side-by-side comparison to help you choose.</p>
      <table class="cmp" aria-label="Comparison">
        <thead><tr><th scope="col">Feature</th>{a.map((x) => <th scope="col"><a href={`/a/${x.slug}`}>{x.name}</a></th>)}</tr></thead>
        <tbody>
          <tr><th scope="row">Type</th>{a.map((x) => <td>{KIND_LABEL[x.kind]}</td>)}</tr>
          <tr><th scope="row">CapRank</th>{a.map((x) => <td><b class="caprank">{x.capRank}/100</b> <span class="small muted" title="uncertainty range: missing data widens it">range {x.capRankInterval[0]}–{x.capRankInterval[1]}</span></td>)}</tr>
          {SUB_SCORES.map((k) => <tr data-row={k}><th scope="row">{SUB_SCORE_LABELS[k]}</th>{a.map((x) => <td><ScoreCell sub={x.scoreDetails[k]} label={SUB_SCORE_LABELS[k]} /></td>)}</tr>)}
          <tr><th scope="row">Pricing</th>{a.map((x) => <td>{PRICING_LABEL[x.pricing.model]}{x.pricing.freeTier ? " · free tier" : ""}</td>)}</tr>
          <tr><th scope="row">Starting price</th>{a.map((x) => <td>{x.pricing.startingPrice?.text ?? "—"}</td>)}</tr>
          <tr><th scope="row">Capabilities</th>{a.map((x) => <td>{x.capabilityCount} decomposed</td>)}</tr>
          <tr><th scope="row">Times matched</th>{a.map((x) => <td>{x.timesMatched}</td>)}</tr>
          <tr><th scope="row">Licence</th>{a.map((x) => <td>{x.license ?? <span class="nodata">not stated</span>}</td>)}</tr>
          <tr><th scope="row">Provider</th>{a.map((x) => <td>{x.provider ?? <span class="nodata">not stated</span>}</td>)}</tr>
          <tr><th scope="row">Evidence</th>{a.map((x) => <td class="small">{Object.entries(x.evidenceMix).map(([k, n]) => `${n} ${k}`).join(", ") || "—"}</td>)}</tr>
        </tbody>
      </table>

      <section class="card verdict" aria-labelledby="verdict-h">
        <h2 id="verdict-h">Verdict</h2>
        <p class="verdict-text">{main.map((c) => c.text).join(" ")}</p>
        {change.length > 0 && (
          <>
            <h3>What would change this verdict</h3>
            <ul class="changes">{change.map((c) => <li>{c.text.replace(/^What would change this verdict: /, "")}</li>)}</ul>
          </>
        )}
        <p class="small muted">Every sentence is computed from the numbers above. Leads count only beyond {r.verdict.margins.lead} points; CapRank differences of {r.verdict.margins.tie} or less are ties. <a href="/methodology">Methodology</a>.</p>
      </section>

      <section aria-labelledby="align-h">
        <h2 id="align-h">Capability alignment</h2>
        <div class="align">
          <div class="card">
            <h3>Shared ({r.alignment.shared.length})</h3>
            {r.alignment.shared.length === 0 ? <p class="muted">No capability area in common.</p> : (
              <ul class="shared">{r.alignment.shared.map((g) => (
                <li><b>{g.label}</b> <span class="uri">{g.uri}</span> <span class="small muted">({g.basis.replace("-", " ")})</span>
                  <div class="small">{Object.entries(g.capabilities).map(([slug, ids]) => `${nameOf(slug)}: ${ids.map((id) => capName(slug, id)).join(", ")}`).join(" · ")}</div></li>
              ))}</ul>
            )}
          </div>
          {a.map((x) => (
            <div class="card">
              <h3>Only in {x.name} ({r.alignment.only[x.slug]?.length ?? 0})</h3>
              <ul>{(r.alignment.only[x.slug] ?? []).map((id) => <li>{capName(x.slug, id)}</li>)}</ul>
            </div>
          ))}
        </div>
      </section>

      <h2>Capabilities</h2>
      <div class="cols">
        {a.map((x) => (
          <section class="card" aria-label={`${x.name} capabilities`} data-slug={x.slug}>
            <h3><a href={`/a/${x.slug}`}>{x.name}</a> <span class="small muted">{x.capabilityCount} capabilities</span></h3>
            {x.capabilities.slice(0, VISIBLE_CAPABILITIES).map((c) => <CapabilityBlock c={c} />)}
            {x.capabilities.length > VISIBLE_CAPABILITIES && (
              <details class="more">
                <summary>+{x.capabilities.length - VISIBLE_CAPABILITIES} more capabilities</summary>
                {x.capabilities.slice(VISIBLE_CAPABILITIES).map((c) => <CapabilityBlock c={c} />)}
              </details>
            )}
          </section>
        ))}
      </div>

      <p class="cta">Need something different? <a href={`/search?q=${encodeURIComponent(a[0]?.categories[0]?.replace(/-/g, " ") ?? "")}`}>Search the match graph →</a></p>
    </Layout>
  );
}

export function CapabilityBlock(props: { c: CompareCapability }) {
  const { c } = props;
  return (
    <article class="cap" data-capability={c.id}>
      <h4 style="margin:.1rem 0">{c.name} <EvidenceBadge level={c.evidence} confidence={c.confidence} /></h4>
      <div class="uri" title={c.uriSource === "classified" ? "classified automatically onto the taxonomy" : "declared in the manifest"}>{c.uri}{c.uriSource === "classified" ? " (classified)" : ""}</div>
      <p>{c.description}</p>
      {c.unique && <p><span class="k">Unique:</span> {c.unique}</p>}
      {c.vsAlternatives && <p><span class="k">vs alternatives:</span> {c.vsAlternatives}</p>}
      {c.sources.length > 0 && <p class="small">Source: {c.sources.map((s, i) => <>{i > 0 && ", "}<a href={s.url} rel="nofollow noopener">{hostOf(s.url)}</a>{s.retrievedAt ? ` (${s.retrievedAt})` : ""}</>)}</p>}
    </article>
  );
}

function hostOf(u: string): string {
  try { return new URL(u).host; } catch { return u; }
}
