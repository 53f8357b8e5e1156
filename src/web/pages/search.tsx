import type { SearchResult } from "../../capgraph.js";
import { ARTIFACT_KINDS } from "../../catalog/schema.js";
import { EvidenceBadge, Highlight, KIND_LABEL } from "../components.js";
import { Layout } from "../layout.js";

export function SearchPage(props: { r: SearchResult | null; q: string; kind?: string; free: boolean }) {
  const { r } = props;
  return (
    <Layout title={props.q ? `${props.q} — search` : "Search"} q={props.q}>
      <h1>{props.q ? <>Results for “{props.q}”</> : "Search the match graph"}</h1>
      <form action="/search" method="get" class="filters card" aria-label="Search filters">
        <label>Intent<input type="text" name="q" value={props.q} maxlength={500} /></label>
        <label>Kind<select name="kind"><option value="">any</option>{ARTIFACT_KINDS.map((k) => <option value={k} selected={props.kind === k}>{KIND_LABEL[k]}</option>)}</select></label>
        <label style="flex-direction:row;gap:.3rem;align-items:center"><input type="checkbox" name="free" value="true" checked={props.free} /> free tier only</label>
        <button type="submit">Apply</button>
      </form>
      {r && r.results.length === 0 && <p>No artifact matches these words. Try fewer or more general words, or drop a filter.</p>}
      {r && r.results.map((x, i) => (
        <article class="result">
          <h3>{i + 1}. <a href={`/a/${x.slug}`}>{x.name}</a> <span class="small muted">{KIND_LABEL[x.kind]} · CapRank {x.capRank}/100 · match score {x.score}{x.freeTier ? " · free tier" : ""}</span></h3>
          <p class="small">{x.description}</p>
          <ul class="small">
            {x.capabilities.slice(0, 3).map((c) => (
              <li><b><Highlight text={c.name} terms={c.matchedTerms} /></b> <EvidenceBadge level={c.evidence as "declared"} /> <span class="uri">{c.uri}</span>
                <span class="muted"> — matched: {c.matchedTerms.join(", ")}</span></li>
            ))}
          </ul>
        </article>
      ))}
      {r && <p class="small muted">Match id {r.matchId}: every search is recorded and counts toward “Times matched”.</p>}
    </Layout>
  );
}
