import type { CompareCapability, CompareResult } from "../../capgraph.js";
import { SUB_SCORE_LABELS, SUB_SCORES } from "../../core/domain.js";
import { EvidenceBadge, KIND_LABEL, PRICING_LABEL, ScoreCell } from "../components.js";
import { Layout } from "../layout.js";
import { Glance } from "./compare-glance.js";

/** Capabilities shown before the "+N more" expander, as on the page we replace. */
export const VISIBLE_CAPABILITIES = 8;

type Side = CompareResult["artifacts"][number];

/**
 * The comparison, decision first: at a glance (substitutes or not, "choose X if …", the key
 * differing facts), then the scores in detail, the alignment and the capabilities. Every
 * sentence is a verdict claim rendered as it is; the page never parses claim text.
 */
export function ComparePage(props: { r: CompareResult }) {
  const { r } = props;
  const a = r.artifacts;
  const title = a.map((x) => x.name).join(" vs ");
  const nameOf = (slug: string) => a.find((x) => x.slug === slug)?.name ?? slug;
  const capName = (slug: string, id: string) =>
    a.find((x) => x.slug === slug)?.capabilities.find((c) => c.id === id)?.name ?? id;
  return (
    <Layout
      title={title}
      description={`${title}: which to pick for what, scores with ranges, prices per 1M tokens, capabilities and a verdict computed from data.`}
    >
      <div class="cmp-page" data-count={a.length}>
        <h1>{title}</h1>
        <p class="lead">Side-by-side comparison to help you choose.</p>
        <Glance r={r} />

        <section aria-labelledby="scores-h">
          <h2 id="scores-h">Scores and facts</h2>
          <div class="cmp-scroll">
            <table class="cmp" aria-label="Comparison">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  {a.map((x) => (
                    <th scope="col">
                      <a href={`/a/${x.slug}`}>{x.name}</a>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Type</th>
                  {a.map((x) => (
                    <td>{KIND_LABEL[x.kind]}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">CapRank</th>
                  {a.map((x) => (
                    <td>
                      <b class="caprank">{x.capRank}/100</b>{" "}
                      <span class="small muted">
                        range {x.capRankInterval[0]}–{x.capRankInterval[1]}
                      </span>
                    </td>
                  ))}
                </tr>
                {SUB_SCORES.map((k) => (
                  <tr data-row={k}>
                    <th scope="row">{SUB_SCORE_LABELS[k]}</th>
                    {a.map((x) => (
                      <td>
                        <ScoreCell sub={x.scoreDetails[k]} label={SUB_SCORE_LABELS[k]} />
                      </td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <th scope="row">Pricing</th>
                  {a.map((x) => (
                    <td>
                      {PRICING_LABEL[x.pricing.model]}
                      {x.pricing.freeTier ? " · free tier" : ""}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Prices</th>
                  {a.map((x) => (
                    <td>
                      <Prices x={x} />
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Capabilities</th>
                  {a.map((x) => (
                    <td>{x.capabilityCount} decomposed</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Times matched</th>
                  {a.map((x) => (
                    <td>{x.timesMatched}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Licence</th>
                  {a.map((x) => (
                    <td>{x.license ?? <span class="nodata">not stated</span>}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Provider</th>
                  {a.map((x) => (
                    <td>{x.provider ?? <span class="nodata">not stated</span>}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Evidence</th>
                  {a.map((x) => (
                    <td class="small">
                      {Object.entries(x.evidenceMix)
                        .map(([k, n]) => `${n} ${k}`)
                        .join(", ") || "—"}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <details class="tip small">
            <summary>What is the range?</summary>CapRank is an estimate. The range widens with every sub-score that has
            no data behind it; two CapRanks within their combined uncertainty are a tie. Tap "why?" on a sub-score for
            its inputs. <a href="/methodology">Methodology</a>.
          </details>
        </section>

        <section aria-labelledby="align-h">
          <h2 id="align-h">Capability alignment</h2>
          <div class="align">
            <div class="card">
              <h3>Shared ({r.alignment.shared.length})</h3>
              {r.alignment.shared.length === 0 ? (
                <p class="muted">No capability area in common.</p>
              ) : (
                <ul class="shared">
                  {r.alignment.shared.map((g) => (
                    <li>
                      <b>{g.label}</b> <span class="uri">{g.uri}</span>{" "}
                      <span class="small muted">({g.basis.replace("-", " ")})</span>
                      <div class="small">
                        {Object.entries(g.capabilities)
                          .map(([slug, ids]) => `${nameOf(slug)}: ${ids.map((id) => capName(slug, id)).join(", ")}`)
                          .join(" · ")}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {a.map((x) => (
              <div class="card">
                <h3>
                  Only in {x.name} ({r.alignment.only[x.slug]?.length ?? 0})
                </h3>
                <ul>
                  {(r.alignment.only[x.slug] ?? []).map((id) => (
                    <li>{capName(x.slug, id)}</li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>

        <h2>Capabilities</h2>
        <div class="cols">
          {a.map((x) => (
            <section class="card" aria-label={`${x.name} capabilities`} data-slug={x.slug}>
              <h3>
                <a href={`/a/${x.slug}`}>{x.name}</a> <span class="small muted">{x.capabilityCount} capabilities</span>
              </h3>
              {x.capabilities.slice(0, VISIBLE_CAPABILITIES).map((c) => (
                <CapabilityBlock c={c} />
              ))}
              {x.capabilities.length > VISIBLE_CAPABILITIES && (
                <details class="more">
                  <summary>+{x.capabilities.length - VISIBLE_CAPABILITIES} more capabilities</summary>
                  {x.capabilities.slice(VISIBLE_CAPABILITIES).map((c) => (
                    <CapabilityBlock c={c} />
                  ))}
                </details>
              )}
            </section>
          ))}
        </div>

        <p class="cta">
          Need something different?{" "}
          <a href={`/search?q=${encodeURIComponent(a[0]?.categories[0]?.replace(/-/g, " ") ?? "")}`}>
            Search the match graph →
          </a>
        </p>
      </div>
    </Layout>
  );
}

/** Every price in common units (the value as listed stays in the API's `raw`). */
function Prices(props: { x: Side }) {
  const n = props.x.pricing.normalized;
  if (n.length === 0) return <>—</>;
  return (
    <ul class="prices">
      {n.map((p) => (
        <li>{p.text}</li>
      ))}
    </ul>
  );
}

export function CapabilityBlock(props: { c: CompareCapability }) {
  const { c } = props;
  return (
    <article class="cap" data-capability={c.id}>
      <h4 style="margin:.1rem 0">
        {c.name} <EvidenceBadge level={c.evidence} confidence={c.confidence} />
      </h4>
      <div class="uri">
        {c.uri}
        {c.uriSource === "classified" ? " (classified automatically onto the taxonomy)" : ""}
      </div>
      <details class="tip small">
        <summary>
          What do "{c.evidence}" and {Math.round(c.confidence * 100)}% mean?
        </summary>
        {EVIDENCE_MEANING[c.evidence]} {Math.round(c.confidence * 100)}% is how sure the catalog is that the claim holds
        as described.
      </details>
      <p>{c.description}</p>
      {c.unique && (
        <p>
          <span class="k">Unique:</span> {c.unique}
        </p>
      )}
      {c.vsAlternatives && (
        <p>
          <span class="k">vs alternatives:</span> {c.vsAlternatives}
        </p>
      )}
      {c.sources.length > 0 && (
        <p class="small">
          Source:{" "}
          {c.sources.map((s, i) => (
            <>
              {i > 0 && ", "}
              <a href={s.url} rel="nofollow noopener">
                {hostOf(s.url)}
              </a>
              {s.retrievedAt ? ` (${s.retrievedAt})` : ""}
            </>
          ))}
        </p>
      )}
    </article>
  );
}

const EVIDENCE_MEANING: Record<CompareCapability["evidence"], string> = {
  declared: "Declared: written in the manifest, not yet checked against a source.",
  documented: "Documented: taken from the artifact's own documentation, linked below.",
  verified: "Verified: a check ran and confirmed it.",
  observed: "Observed: reported outcomes show it working.",
  inferred: "Inferred: read from a source by a language model; a claim to check, not a fact.",
};

function hostOf(u: string): string {
  try {
    return new URL(u).host;
  } catch {
    return u;
  }
}
