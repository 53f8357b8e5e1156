import type { SearchCapability, SearchResult } from "../../capgraph.js";
import { ARTIFACT_KINDS, PRICING_MODELS } from "../../catalog/schema.js";
import { meaningText } from "../../match/embedder.js";
import { EvidenceBadge, Highlight, KIND_LABEL, PRICING_LABEL } from "../components.js";
import { Layout } from "../layout.js";

export interface SearchForm { q: string; free: boolean; kind?: string | undefined; category?: string | undefined; pricing?: string | undefined; license?: string | undefined; capability?: string | undefined }

const FIELD_LABEL: Record<string, string> = {
  name: "name", intents: "how people ask", taxonomy: "taxonomy", artifactName: "artifact name", bestFor: "best for", description: "description", categories: "categories",
};

export function SearchPage(props: { r: SearchResult | null; form: SearchForm; back: string; csrf: string; flash?: string }) {
  const { r, form } = props;
  return (
    <Layout title={form.q ? `${form.q} — search` : "Search"} q={form.q}>
      <h1>{form.q ? <>Results for “{form.q}”</> : "Search the match graph"}</h1>
      <form action="/search" method="get" class="filters card" aria-label="Search filters">
        <label>Intent<input type="text" name="q" value={form.q} maxlength={500} /></label>
        <label>Kind<select name="kind"><option value="">any</option>{ARTIFACT_KINDS.map((k) => <option value={k} selected={form.kind === k}>{KIND_LABEL[k]}</option>)}</select></label>
        <label>Pricing<select name="pricing"><option value="">any</option>{PRICING_MODELS.map((k) => <option value={k} selected={form.pricing === k}>{PRICING_LABEL[k]}</option>)}</select></label>
        <label>Category<input type="text" name="category" value={form.category ?? ""} placeholder="e.g. rag" size={10} /></label>
        <label>Licence<input type="text" name="license" value={form.license ?? ""} placeholder="e.g. MIT" size={8} /></label>
        <label>Capability area<input type="text" name="capability" value={form.capability ?? ""} placeholder="capability://image.*" size={18} /></label>
        <label style="flex-direction:row;gap:.3rem;align-items:center"><input type="checkbox" name="free" value="true" checked={form.free} /> free tier only</label>
        <button type="submit">Apply</button>
      </form>
      {props.flash && <p class="card" role="status">{props.flash}</p>}
      {r && r.interpretation.taxonomy.length > 0 && (
        <p class="small muted">Understood as: {r.interpretation.taxonomy.map((n, i) => <>{i > 0 && ", "}<a href={`/taxonomy#${n.uri.slice(13)}`}>{n.label}</a></>)}
          {r.interpretation.terms.some((t) => t.kind !== "typed") && <> · also searched: {r.interpretation.terms.filter((t) => t.kind !== "typed").map((t) => `${t.term} (${t.kind === "typo" ? `for “${t.via}”` : `synonym of “${t.via}”`})`).join(", ")}</>}
        </p>
      )}
      {r && r.results.length === 0 && <p>No artifact matches these words. Try fewer or more general words, or drop a filter.</p>}
      {r && r.results.map((x, i) => (
        <article class="result" id={`r-${x.slug}`}>
          <h3>{i + 1}. <a href={`/a/${x.slug}`}>{x.name}</a> <span class="small muted">{KIND_LABEL[x.kind]} · CapRank {x.capRank}/100 · match score {x.score}{x.freeTier ? " · free tier" : ""}</span></h3>
          <p class="small">{x.description}</p>
          <ul class="small caps">
            {x.capabilities.map((c) => (
              <li><b><Highlight text={c.name} terms={c.matchedTerms} /></b> <EvidenceBadge level={c.evidence} /> <span class="uri" title={c.taxonomyLabel ?? ""}>{c.uri}</span>
                <div class="muted why">Why: {whyText(c)}</div></li>
            ))}
          </ul>
          <p class="small muted">{x.nameMatched ? "Named in your query. " : ""}Outcomes: {x.outcomesText}.</p>
          <form method="post" action="/feedback" class="fb small">
            <input type="hidden" name="matchId" value={r.matchId} />
            <input type="hidden" name="slug" value={x.slug} />
            <input type="hidden" name="back" value={props.back} />
            <input type="hidden" name="csrf" value={props.csrf} />
            <span>Did this work?</span>
            <button type="submit" name="outcome" value="success" aria-label={`Yes, ${x.name} worked`}>Yes</button>
            <button type="submit" name="outcome" value="failure" class="no" aria-label={`No, ${x.name} did not work`}>No</button>
          </form>
        </article>
      ))}
      {r && <p class="small muted">Match id {r.matchId}: every search is recorded and counts toward “Times matched”; your yes/no answers feed the success rates.</p>}
    </Layout>
  );
}

/** The reasons a capability matched: its words and fields, and how close in meaning it is when an embedder is on. */
function whyText(c: SearchCapability): string {
  const words = c.why.map((w) => `“${w.term}” in ${w.fields.map((f) => FIELD_LABEL[f] ?? f).join(", ")}${w.kind === "typo" ? ` (for “${w.via}”)` : w.kind === "synonym" ? ` (synonym of “${w.via}”)` : ""}`);
  const meaning = meaningText(c.similarity, words.length > 0);
  if (meaning) words.push(meaning);
  return words.length === 0 ? "its taxonomy area matches the intent" : words.join("; ");
}
