import type { SearchCapability, SearchResult } from "../../capgraph.js";
import { LIMITS } from "../../capgraph.js";
import { ARTIFACT_KINDS, PRICING_MODELS } from "../../core/domain.js";
import type { ArtifactSummary } from "../../core/domain.js";
import { meaningText } from "../../core/domain.js";
import { Choice, EvidenceBadge, Highlight, KIND_LABEL, labelled, PRICING_LABEL } from "../components.js";
import { priceLine } from "../format.js";
import { Layout } from "../layout.js";

export interface SearchForm {
  q: string;
  free: boolean;
  kind?: string | undefined;
  category?: string | undefined;
  pricing?: string | undefined;
  license?: string | undefined;
  capability?: string | undefined;
}

export const SEARCH_SORTS = { relevance: "Relevance", caprank: "CapRank", price: "Price, free first" } as const;
export type SearchSort = keyof typeof SEARCH_SORTS;

/** One result as the page shows it: the search hit and the artifact's summary (CapRank range, licence, prices). */
export type SearchRow = SearchResult["results"][number] & { summary: ArtifactSummary };

/** Where each field sits, in words a person would use. */
const FIELD_PHRASE: Record<string, string> = {
  name: "the capability name",
  intents: "how people ask for it",
  taxonomy: "its taxonomy area",
  artifactName: "the artifact's name",
  bestFor: "what it is best for",
  description: "the description",
  categories: "the categories",
};

export function SearchPage(props: {
  r: SearchResult | null;
  rows: SearchRow[];
  sort: SearchSort;
  form: SearchForm;
  back: string;
  csrf: string;
  sortHref: (s: SearchSort) => string;
  flash?: string;
}) {
  const { r, form } = props;
  return (
    <Layout title={form.q ? `${form.q} — search` : "Search"} q={form.q}>
      <h1>{form.q ? <>Results for “{form.q}”</> : "Search the match graph"}</h1>
      <Filters form={form} sort={props.sort} />
      {props.flash && (
        <p class="card" role="status">
          {props.flash}
        </p>
      )}
      {r && <Interpretation r={r} />}
      {r && r.results.length === 0 && (
        <p>No artifact matches these words. Try fewer or more general words, or drop a filter.</p>
      )}
      {props.rows.length > 0 && (
        <>
          <div class="toolbar">
            <nav class="sort small" aria-label="Sort results">
              Sort by:{" "}
              {(Object.keys(SEARCH_SORTS) as SearchSort[]).map((k, i) => (
                <>
                  {i > 0 && " · "}
                  {k === props.sort ? (
                    <b aria-current="true">{SEARCH_SORTS[k]}</b>
                  ) : (
                    <a href={props.sortHref(k)}>{SEARCH_SORTS[k]}</a>
                  )}
                </>
              ))}
            </nav>
            <form id="cmp" class="cmp-bar" action="/compare" method="get">
              <input type="hidden" name="go" value="1" />
              <span id="cmp-status" class="small" aria-live="polite">
                Tick 2 to {LIMITS.maxCompare} results to compare them.
              </span>
              <button id="cmp-go" type="submit">
                Compare selected
              </button>
            </form>
          </div>
          <ol class="results">
            {props.rows.map((x) => (
              <li>
                <ResultCard x={x} matchId={r?.matchId ?? ""} back={props.back} csrf={props.csrf} />
              </li>
            ))}
          </ol>
        </>
      )}
      {r && (
        <p class="small muted">
          Match id {r.matchId}: every search is recorded and counts toward “Times matched”; your yes/no answers feed the
          success rates.
        </p>
      )}
    </Layout>
  );
}

/**
 * The filters fold away once there is a query and none is set, so results start on the first
 * screen of a phone; set filters stay in view, summarised in the toggle.
 */
function Filters(props: { form: SearchForm; sort: SearchSort }) {
  const { form } = props;
  const active = [
    form.kind && KIND_LABEL[form.kind],
    form.pricing && PRICING_LABEL[form.pricing],
    form.category,
    form.license,
    form.capability,
    form.free && "free tier only",
  ].filter(Boolean);
  return (
    <details class="filter-box" open={!form.q || active.length > 0}>
      <summary>
        Filters and sort{active.length ? `: ${active.join(", ")}` : ""}
        {props.sort !== "relevance" ? ` · sorted by ${SEARCH_SORTS[props.sort]}` : ""}
      </summary>
      <FilterForm form={form} sort={props.sort} />
    </details>
  );
}

function FilterForm(props: { form: SearchForm; sort: SearchSort }) {
  const { form } = props;
  return (
    <form action="/search" method="get" class="filters card" aria-label="Search filters">
      <label>
        Intent
        <input type="text" name="q" value={form.q} maxlength={500} />
      </label>
      <Choice label="Kind" name="kind" options={labelled(ARTIFACT_KINDS, KIND_LABEL)} selected={form.kind} any />
      <Choice
        label="Pricing"
        name="pricing"
        options={labelled(PRICING_MODELS, PRICING_LABEL)}
        selected={form.pricing}
        any
      />
      <label>
        Category
        <input type="text" name="category" value={form.category ?? ""} placeholder="e.g. rag" size={10} />
      </label>
      <label>
        Licence
        <input type="text" name="license" value={form.license ?? ""} placeholder="e.g. MIT" size={8} />
      </label>
      <label>
        Capability area
        <input
          type="text"
          name="capability"
          value={form.capability ?? ""}
          placeholder="capability://image.*"
          size={18}
        />
      </label>
      <Choice label="Sort" name="sort" options={Object.entries(SEARCH_SORTS)} selected={props.sort} />
      <label class="check">
        <input type="checkbox" name="free" value="true" checked={form.free} /> free tier only
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

function Interpretation(props: { r: SearchResult }) {
  const { r } = props;
  if (r.interpretation.taxonomy.length === 0) return null;
  const extra = r.interpretation.terms.filter((t) => t.kind === "typo" || t.kind === "synonym");
  // Grouped by the typed word(s) they came from: one note for all, not one per word.
  const related = new Map<string, string[]>();
  for (const t of r.interpretation.terms)
    if (t.kind === "related") related.set(t.via ?? "", [...(related.get(t.via ?? "") ?? []), t.term]);
  return (
    <p class="small muted">
      Understood as:{" "}
      {r.interpretation.taxonomy.map((n, i) => (
        <>
          {i > 0 && ", "}
          <a href={`/taxonomy#${n.uri.slice(13)}`}>{n.label}</a>
        </>
      ))}
      {extra.length > 0 && (
        <> · also searched: {extra.map((t) => `${t.term} (${TERM_NOTE[t.kind](t.via ?? "")})`).join(", ")}</>
      )}
      {related.size > 0 && (
        <>
          {" "}
          · related words, learned from how people ask:{" "}
          {[...related].map(([via, words]) => `${via} → ${words.join(", ")}`).join("; ")}
        </>
      )}
    </p>
  );
}

/** A compact card: what it is, what it costs, how it scores, the best matching capability; the rest one click away. */
function ResultCard(props: { x: SearchRow; matchId: string; back: string; csrf: string }) {
  const { x } = props;
  const s = x.summary;
  const best = x.capabilities[0];
  return (
    <article class="result" id={`r-${x.slug}`}>
      <div class="r-head">
        <h2 class="r-title">
          <a href={`/a/${x.slug}`}>{x.name}</a>
        </h2>
        <label class="pick small">
          <input class="pick" type="checkbox" name="s" value={x.slug} form="cmp" /> Compare
          <span class="skip"> {x.name}</span>
        </label>
      </div>
      <p class="facts small">
        <span>{KIND_LABEL[x.kind]}</span>
        <span>
          CapRank <b>{s.capRank}</b>{" "}
          <span class="muted">
            ({s.capRankInterval[0]}–{s.capRankInterval[1]})
          </span>
        </span>
        <span>{priceLine(s)}</span>
        {/* Free and open-source pricing already says it in the price. */}
        {x.freeTier && s.pricing.model !== "free" && s.pricing.model !== "open-source" && (
          <span class="tag-free">free tier</span>
        )}
        <span>{s.license ?? <span class="muted">licence not stated</span>}</span>
      </p>
      {best && (
        <p class="best small">
          Best match:{" "}
          <b>
            <Highlight text={best.name} terms={best.matchedTerms} />
          </b>
          {best.taxonomyLabel ? <span class="muted"> · {best.taxonomyLabel}</span> : null}
        </p>
      )}
      <details class="why-more">
        <summary>Why it matches{x.capabilities.length > 1 ? ` (${x.capabilities.length} capabilities)` : ""}</summary>
        <ul class="caps small">
          {x.capabilities.map((c) => (
            <li>
              <b>{c.name}</b> <EvidenceBadge level={c.evidence} />
              <div class="why-text">{whySentence(c)}</div>
            </li>
          ))}
        </ul>
        <p class="small muted">
          {x.nameMatched ? "Named in your query. " : ""}Match score {x.score}. Outcomes: {x.outcomesText}.
        </p>
      </details>
      <form method="post" action="/feedback" class="fb small">
        <input type="hidden" name="matchId" value={props.matchId} />
        <input type="hidden" name="slug" value={x.slug} />
        <input type="hidden" name="back" value={props.back} />
        <input type="hidden" name="csrf" value={props.csrf} />
        <span>Did this work?</span>
        <button type="submit" name="outcome" value="success" aria-label={`Yes, ${x.name} worked`}>
          Yes
        </button>
        <button type="submit" name="outcome" value="failure" class="no" aria-label={`No, ${x.name} did not work`}>
          No
        </button>
      </form>
    </article>
  );
}

/** How the page names a term the engine added to the query. */
const TERM_NOTE: Record<SearchResult["interpretation"]["terms"][number]["kind"], (via: string) => string> = {
  typed: () => "typed",
  typo: (via) => `for “${via}”`,
  synonym: (via) => `synonym of “${via}”`,
  related: (via) => `related to “${via}”, learned from how people ask`,
};

/**
 * Why a capability matched, for people: "Matches fine-tune in the capability name and how
 * people ask for it; photos (read as “photo”) in the description." The raw per-term field
 * list stays in the JSON answer.
 */
export function whySentence(c: SearchCapability): string {
  const byPlace = new Map<string, string[]>();
  for (const w of c.why) {
    const word =
      w.kind === "typo"
        ? `“${w.term}” (for your “${w.via}”)`
        : w.kind === "synonym"
          ? `“${w.term}” (like your “${w.via}”)`
          : w.kind === "related"
            ? `“${w.term}” (what people asking for “${w.via}” often meant)`
            : `“${w.term}”`;
    const place = andList(w.fields.map((f) => FIELD_PHRASE[f] ?? f));
    byPlace.set(place, [...(byPlace.get(place) ?? []), word]);
  }
  const parts = [...byPlace].map(([place, ws]) => `${andList(ws)} in ${place}`);
  const meaning = meaningText(c.similarity, parts.length > 0);
  if (parts.length === 0) return meaning ? `It is ${meaning}.` : "Its taxonomy area matches what you asked for.";
  return `Matches ${parts.join("; ")}${meaning ? `; ${meaning}` : ""}.`;
}

function andList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}
