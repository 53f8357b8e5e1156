import type { Artifact } from "../../core/domain.js";
import type { ArtifactSummary } from "../../core/domain.js";
import { SUB_SCORE_LABELS, SUB_SCORES } from "../../core/domain.js";
import type { ScoreCard } from "../../core/domain.js";
import type { OwnerView } from "../../core/domain.js";
import type { Alternative } from "../../core/domain.js";
import { leaderboardHref } from "../links.js";
import { EvidenceBadge, KIND_LABEL, PRICING_LABEL, ScoreCell } from "../components.js";
import { clauses } from "../format.js";
import { formatPrice } from "../../core/domain.js";
import { Layout } from "../layout.js";
import type { Standing } from "../../core/domain.js";
import type { PickerOption } from "./picker.js";
import { PeopleAskedFor } from "../asked-for.js";
import type { LearnedIntentSummary } from "../../core/domain.js";

export function ArtifactPage(props: {
  a: Artifact;
  s: ArtifactSummary;
  card: ScoreCard;
  outcomes: string;
  owner?: OwnerView;
  taxonomyLabel: (uri: string) => string | null;
  alternatives: Alternative[];
  options: readonly PickerOption[];
  standings: Standing[];
  askedFor?: readonly LearnedIntentSummary[];
}) {
  const { a, s, card } = props;
  return (
    <Layout title={a.name} description={a.description}>
      <p class="small muted">
        {KIND_LABEL[a.kind]}
        {a.provider ? ` · ${a.provider}` : ""}
        {a.license ? ` · ${a.license}` : ""} · {a.status}
      </p>
      <h1>{a.name}</h1>
      <p class="lead">{a.description}</p>
      {props.owner && (
        <p class="small" id="owner">
          {props.owner.verified ? "✓ " : ""}
          {props.owner.text}
        </p>
      )}
      {a.gaps?.length ? (
        <p class="small muted" id="gaps">
          Not fetched on the last import (missing, not zero):{" "}
          {a.gaps.map((g) => `${g.metric} — ${g.reason}`).join("; ")}
        </p>
      ) : null}
      <p class="small">
        {a.url && (
          <a href={a.url} rel="nofollow noopener">
            Website
          </a>
        )}
        {a.repository && a.repository !== a.url && (
          <>
            {" "}
            ·{" "}
            <a href={a.repository} rel="nofollow noopener">
              Repository
            </a>
          </>
        )}{" "}
        · <a href={`/api/v1/artifacts/${a.slug}`}>JSON</a>
      </p>
      <div class="cols">
        <section class="card" aria-labelledby="scores-h">
          <h2 id="scores-h" style="margin-top:0">
            CapRank {s.capRank}/100{" "}
            <span class="small muted">
              range {s.capRankInterval[0]}–{s.capRankInterval[1]}
            </span>
          </h2>
          <table class="cmp">
            <tbody>
              {SUB_SCORES.map((k) => (
                <tr>
                  <th scope="row">
                    {SUB_SCORE_LABELS[k]} <span class="small muted">×{card.weights[k]}</span>
                  </th>
                  <td>
                    <ScoreCell sub={card.scores[k]} label={SUB_SCORE_LABELS[k]} />
                    {card.imputed[k] !== undefined && (
                      <div class="small muted">counted as {card.imputed[k]} (kind prior) in CapRank</div>
                    )}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">Times matched</th>
                <td>{s.timesMatched}</td>
              </tr>
              <tr>
                <th scope="row">Reported outcomes</th>
                <td>{props.outcomes}</td>
              </tr>
            </tbody>
          </table>
          {props.standings.length > 0 && (
            <p class="small" id="standings">
              Leaderboards:{" "}
              {props.standings.map((x, i) => (
                <>
                  {i > 0 && " · "}
                  <a href={x.href}>
                    #{x.placeText} of {x.total} in {x.title}
                  </a>
                </>
              ))}
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="price-h">
          <h2 id="price-h" style="margin-top:0">
            Pricing: {PRICING_LABEL[a.pricing.model]}
          </h2>
          <p>
            {a.pricing.freeTier ? "Has a free tier." : "No free tier."} Starting price:{" "}
            {s.pricing.startingPrice?.text ?? "—"}
          </p>
          {a.pricing.prices.length > 0 && (
            <table class="cmp">
              <thead>
                <tr>
                  <th>Price</th>
                  <th>Note</th>
                </tr>
              </thead>
              <tbody>
                {a.pricing.prices.map((p) => (
                  <tr>
                    <td>{formatPrice(p)}</td>
                    <td class="small">{p.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {a.trust && (
            <>
              <h3 style="margin-top:1rem">Trust</h3>
              <p class="small">
                Data access risk: {a.trust.dataAccess ?? "not stated"}
                {a.trust.permissions?.length ? ` · permissions: ${a.trust.permissions.join(", ")}` : ""}
              </p>
              {a.trust.failureModes?.length ? (
                <ul class="small">
                  {a.trust.failureModes.map((f) => (
                    <li>
                      {f.mode}
                      {f.frequency ? ` (${f.frequency})` : ""}
                      {f.mitigation ? ` — ${f.mitigation}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
        </section>
      </div>
      <PeopleAskedFor intents={props.askedFor ?? []} />
      <Alternatives a={a} alts={props.alternatives} />
      <h2>Capabilities ({a.capabilities.length})</h2>
      {a.capabilities.map((c) => (
        <article class="card cap" id={`cap-${c.id}`}>
          <h3>
            {c.name} <EvidenceBadge level={c.evidence} confidence={c.confidence} />
          </h3>
          <div class="small">
            <span class="uri">{c.uri}</span> ·{" "}
            <a href={leaderboardHref(c.uri)}>{props.taxonomyLabel(c.uri) ?? "this area"} leaderboard</a>
            {c.uriSource === "classified" ? ` (placed automatically, confidence ${c.uriConfidence})` : ""}
          </div>
          <p>{c.description}</p>
          {c.unique && (
            <p>
              <b>Unique:</b> {c.unique}
            </p>
          )}
          {c.vsAlternatives && (
            <p>
              <b>vs alternatives:</b> {c.vsAlternatives}
            </p>
          )}
          {c.bestFor.length > 0 && (
            <p class="small">
              <b>Best for:</b> {clauses(c.bestFor)}
            </p>
          )}
          {c.limitations.length > 0 && (
            <p class="small">
              <b>Limitations:</b> {clauses(c.limitations)}
            </p>
          )}
          {c.requires.length > 0 && (
            <p class="small">
              <b>Requires:</b> {clauses(c.requires)}
            </p>
          )}
          {c.sources.length > 0 && (
            <p class="small">
              <b>Sources:</b>{" "}
              {c.sources.map((src, i) => (
                <>
                  {i > 0 && " · "}
                  <a href={src.url} rel="nofollow noopener">
                    {src.url}
                  </a>
                  {src.retrievedAt ? ` (retrieved ${src.retrievedAt})` : ""}
                  {src.excerpt ? ` — “${src.excerpt}”` : ""}
                  {src.method ? ` [${src.method}]` : ""}
                </>
              ))}
            </p>
          )}
          {c.evidence === "inferred" && (
            <p class="small muted">
              Inferred by a language model from the source above and not confirmed by a person: check the quote before
              relying on it.
            </p>
          )}
        </article>
      ))}
      <form class="picker card" action="/compare" method="get" id="compare-with">
        <input type="hidden" name="go" value="1" />
        <input type="hidden" name="s" value={a.slug} />
        <label for="cmp-b">Compare {a.name} with</label>
        <div class="row">
          <input
            id="cmp-b"
            name="s"
            list="artifact-options"
            autocomplete="off"
            placeholder="Type a name, e.g. Whisper"
          />{" "}
          <button type="submit">Compare</button>
        </div>
        <datalist id="artifact-options">
          {props.options
            .filter((o) => o.slug !== a.slug)
            .map((o) => (
              <option
                value={o.slug}
                label={`${o.name} (${KIND_LABEL[o.kind] ?? o.kind})`}
              >{`${o.name} (${KIND_LABEL[o.kind] ?? o.kind})`}</option>
            ))}
        </datalist>
      </form>
    </Layout>
  );
}

/** The nearest artifacts by capability overlap, each one click from a comparison. */
function Alternatives(props: { a: Artifact; alts: Alternative[] }) {
  const { a, alts } = props;
  if (alts.length === 0) return null;
  const all = `/compare/${[a.slug, ...alts.slice(0, 5).map((x) => x.slug)].join("-vs-")}`;
  return (
    <section aria-labelledby="alt-h">
      <h2 id="alt-h">Alternatives</h2>
      <p class="small muted">
        Artifacts whose capabilities sit on the same taxonomy areas, most overlap first.{" "}
        <a href={all}>
          Compare {a.name} with all {Math.min(alts.length, 5)}
        </a>
        .
      </p>
      <ul class="alts">
        {alts.map((x) => (
          <li class="card alt">
            <div class="r-head">
              <h3>
                <a href={`/a/${x.slug}`}>{x.name}</a>
              </h3>
              <a
                class="btn small"
                href={`/compare/${a.slug}-vs-${x.slug}`}
                aria-label={`Compare ${a.name} with ${x.name}`}
              >
                Compare
              </a>
            </div>
            <p class="small facts">
              <span>{KIND_LABEL[x.kind]}</span>
              <span>
                CapRank <b>{x.capRank}</b>
              </span>
              <span>{Math.round(x.overlap * 100)}% overlap</span>
            </p>
            <p class="small">
              Shares:{" "}
              {x.shared.map((n, i) => (
                <>
                  {i > 0 && ", "}
                  <a href={leaderboardHref(n.uri)}>{n.label}</a>
                </>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
