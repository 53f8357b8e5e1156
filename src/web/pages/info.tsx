import type { ArtifactSummary } from "../../catalog/view.js";
import type { Taxonomy, TaxonomyNode } from "../../catalog/taxonomy.js";
import {
  ADOPTION_REFERENCES, BASE_HALF_WIDTH, DEFAULT_WEIGHTS, DEPTH_FULL_AT, ECOSYSTEM_POINTS, EVIDENCE_VALUE, FALLBACK_PRIOR, FRESHNESS_HALF_LIFE_DAYS,
  LEAD_MARGIN, MATCH_REFERENCE, MATCH_TOP_K, METHODOLOGY_VERSION, MISSING_HALF_WIDTH, QUALITY_POINTS, SUB_SCORE_LABELS, SUB_SCORES,
} from "../../rank/methodology.js";
import type { ScoreCard } from "../../rank/scores.js";
import { KIND_LABEL, ScoreCell } from "../components.js";
import { Layout } from "../layout.js";
import { API_ROUTES } from "../../api/openapi.js";

export function MethodologyPage(props: { example?: { s: ArtifactSummary; card: ScoreCard } }) {
  const ex = props.example;
  return (
    <Layout title="Methodology">
      <h1>How scores are computed</h1>
      <p class="lead">Methodology v{METHODOLOGY_VERSION}. One function computes every score shown on pages, in the JSON API and in the CLI. “No data” is never counted as 0.</p>
      <h2>CapRank weights</h2>
      <table class="cmp"><thead><tr><th>Sub-score</th><th>Weight</th></tr></thead><tbody>{SUB_SCORES.map((k) => <tr><td>{SUB_SCORE_LABELS[k]}</td><td>{DEFAULT_WEIGHTS[k]}</td></tr>)}</tbody></table>
      <p>CapRank = Σ weight × sub-score. A missing sub-score is counted as the mean of that sub-score among artifacts of the same kind (or {FALLBACK_PRIOR} when none has data), and widens the range by {MISSING_HALF_WIDTH} × its weight on each side (base ±{BASE_HALF_WIDTH}).</p>
      <h2>Sub-scores</h2>
      <ul>
        <li><b>Adoption</b>: the strongest usage signal, log-scaled: {Object.values(ADOPTION_REFERENCES).map((r) => r.label).join("; ")}.</li>
        <li><b>Quality</b>: evidence of capabilities up to {QUALITY_POINTS.evidence} points (declared {EVIDENCE_VALUE.declared}, documented {EVIDENCE_VALUE.documented}, verified {EVIDENCE_VALUE.verified}, observed {EVIDENCE_VALUE.observed} of it), depth up to {QUALITY_POINTS.depth} (full at {DEPTH_FULL_AT} capabilities), a stated licence {QUALITY_POINTS.licence}, active status {QUALITY_POINTS.status}.</li>
        <li><b>Ecosystem</b>: {ECOSYSTEM_POINTS.perSourceFamily} points per registry or hub where the artifact is present (npm, PyPI, GitHub, Hugging Face), plus declared integrations, capped at 100.</li>
        <li><b>Match Graph</b>: how often search returned it in the top {MATCH_TOP_K}, log-scaled (100 at {MATCH_REFERENCE}); “no data” until it has been matched (cold start).</li>
        <li><b>Freshness</b>: 100 for evidence dated today, halving every {FRESHNESS_HALF_LIFE_DAYS} days.</li>
      </ul>
      <p>In comparisons, a lead is claimed only when sub-scores differ by at least {LEAD_MARGIN} points.</p>
      {ex && (
        <section class="card">
          <h2 style="margin-top:0">Worked example: <a href={`/a/${ex.s.slug}`}>{ex.s.name}</a></h2>
          <table class="cmp"><tbody>
            {SUB_SCORES.map((k) => <tr><th scope="row">{SUB_SCORE_LABELS[k]} × {ex.card.weights[k]}</th><td><ScoreCell sub={ex.card.scores[k]} label={SUB_SCORE_LABELS[k]} /></td><td>{ex.card.scores[k].value ?? `prior ${ex.card.imputed[k]}`} × {ex.card.weights[k]} = {((ex.card.scores[k].value ?? ex.card.imputed[k] ?? 0) * ex.card.weights[k]).toFixed(1)}</td></tr>)}
            <tr><th scope="row">CapRank</th><td colspan={2}><b>{ex.s.capRank}/100</b> (range {ex.s.capRankInterval[0]}–{ex.s.capRankInterval[1]})</td></tr>
          </tbody></table>
        </section>
      )}
    </Layout>
  );
}

export function TaxonomyPage(props: { t: Taxonomy; counts: Map<string, number> }) {
  const roots = props.t.nodes.filter((n) => n.parent === null);
  const Tree = (p: { n: TaxonomyNode }): ReturnType<typeof Layout> => {
    const kids = props.t.children(p.n.uri);
    const count = props.counts.get(p.n.uri) ?? 0;
    return (
      <li id={p.n.uri.slice(13)}>
        <b>{p.n.label}</b> <span class="uri">{p.n.uri}</span>{count > 0 && <> · <a href={`/search?q=${encodeURIComponent(p.n.label)}`}>{count} capabilit{count === 1 ? "y" : "ies"}</a></>}
        <div class="small muted">{p.n.description}{p.n.aliases.length ? ` Also: ${p.n.aliases.join(", ")}.` : ""}</div>
        {kids.length > 0 && <ul>{kids.map((k) => <Tree n={k} />)}</ul>}
      </li>
    );
  };
  return (
    <Layout title="Capability taxonomy">
      <h1>Capability taxonomy v{props.t.version}</h1>
      <p class="lead">{props.t.nodes.length} nodes, released {props.t.released}. Capabilities of every artifact are placed on these URIs, so comparisons align like with like.</p>
      <div class="tree"><ul>{roots.map((r) => <Tree n={r} />)}</ul></div>
    </Layout>
  );
}

export function ComparePickerPage(props: { options: { slug: string; name: string; kind: string }[]; a?: string; b?: string }) {
  return (
    <Layout title="Compare">
      <h1>Compare artifacts</h1>
      <form class="picker card filters" action="/compare" method="get">
        {(["a", "b"] as const).map((k) => (
          <label>{k === "a" ? "First" : "Second"}
            <select name={k} required>{props.options.map((o) => <option value={o.slug} selected={props[k] === o.slug}>{o.name} ({KIND_LABEL[o.kind] ?? o.kind})</option>)}</select>
          </label>
        ))}
        <button type="submit">Compare</button>
      </form>
      <p>Or open one directly: <a href="/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion">GPT-5.4 Pro vs Dreambooth-Stable-Diffusion</a>.</p>
    </Layout>
  );
}

export function ApiDocsPage() {
  return (
    <Layout title="JSON API">
      <h1>JSON API</h1>
      <p class="lead">Errors always have the shape <code>{"{ error: { code, message, details[] } }"}</code>. The OpenAPI 3.1 document is at <a href="/openapi.json">/openapi.json</a>; agents can also use the MCP server at <code>/mcp</code> (streamable HTTP) or <code>capgraph mcp</code> (stdio).</p>
      <table class="cmp"><thead><tr><th>Endpoint</th><th>Returns</th><th>Example</th></tr></thead><tbody>{API_ROUTES.map((r) => (
        <tr><td><code>{r.method.toUpperCase()} {r.path}</code></td><td>{r.summary}</td><td>{r.example ? <a class="example" href={r.example}><code>{r.example}</code></a> : "—"}</td></tr>
      ))}</tbody></table>
      <h2>Limits</h2>
      <p>Bodies up to 256 KB (413 beyond). Per client: reads 600/min (bursts of 120), writes 60/min (bursts of 20); beyond that 429 with <code>Retry-After</code>. Queries up to 500 characters.</p>
      <h2>Passports</h2>
      <p>A passport is signed with the deployment's Ed25519 key (public keys at <a href="/.well-known/capgraph-keys.json">/.well-known/capgraph-keys.json</a>; check one offline with <code>capgraph verify-passport FILE --keys keys.json</code>). A valid signature proves that this deployment issued exactly this document at <code>issuedAt</code>. It does not prove that the facts are true: each capability is as trustworthy as its evidence level and sources, and trust facts marked <code>declared</code> are the owner's word.</p>
    </Layout>
  );
}
