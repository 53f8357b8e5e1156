import type { ArtifactSummary } from "../../core/domain.js";
import { methodologyDocument, SUB_SCORE_LABELS, SUB_SCORES } from "../../core/domain.js";
import { shrinkText, type ScoreCard } from "../../core/domain.js";
import { KIND_LABEL, ScoreCell } from "../components.js";
import { Layout } from "../layout.js";
import { DecisionRules } from "./decision-rules.js";

/** Renders methodologyDocument(): the numbers on this page are the ones the scorer uses. */
export function MethodologyPage(props: { example?: { s: ArtifactSummary; card: ScoreCard } }) {
  const m = methodologyDocument();
  return (
    <Layout title="Methodology">
      <h1>How scores are computed</h1>
      <p class="lead">
        Methodology v{m.version}. One function computes every score shown on pages, in the JSON API (
        <a href="/api/v1/methodology">/api/v1/methodology</a>), in the CLI (<code>capgraph explain &lt;slug&gt;</code>)
        and over MCP. “No data” is never counted as 0.
      </p>
      <Weights m={m} />
      <h2>From data to a sub-score</h2>
      <p>
        Each sub-score first gets a <b>raw</b> value from the data alone and a <b>confidence</b> between 0 and 1 (how
        much of it is backed by data: its age, coverage and volume). The value shown and counted is{" "}
        <code>confidence × raw + (1 − confidence) × prior</code> (the priors are below). A sub-score with no data at all
        shows “no data” and counts as the prior.
      </p>
      <SubScoreRules m={m} />
      <h2>CapRank and its range</h2>
      <p>
        CapRank = Σ weight × sub-score (the weights of the artifact's kind). Its range is ± (
        {m.combination.baseHalfWidth} + {m.combination.missingHalfWidth} × Σ weight × (1 − confidence)): a sub-score
        with no data widens it by {m.combination.missingHalfWidth} × its weight, a half-trusted one by half that. The
        half-width is rounded, and the range shown is clipped to 0–100.
      </p>
      <p>
        Two CapRanks are shown as <b>tied</b> when their difference is within the uncertainty of the difference, √(h₁² +
        h₂²) for the half-widths h₁ and h₂ before clipping (and never less than {m.combination.tieMargin} points). In
        comparisons, a lead on a sub-score is claimed only at {m.combination.leadMargin} points or more.
      </p>
      {props.example && <Example {...props.example} />}
      <DecisionRules />
    </Layout>
  );
}

type Doc = ReturnType<typeof methodologyDocument>;

function Weights(props: { m: Doc }) {
  return (
    <>
      <h2>CapRank weights, per kind</h2>
      <table class="cmp">
        <thead>
          <tr>
            <th>Kinds</th>
            {SUB_SCORES.map((k) => (
              <th>{SUB_SCORE_LABELS[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.m.weights.map((g) => (
            <tr>
              <th scope="row">{g.kinds.map((k) => KIND_LABEL[k] ?? k).join(", ")}</th>
              {SUB_SCORES.map((k) => (
                <td>{g.weights[k]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function SubScoreRules(props: { m: Doc }) {
  return (
    <ul>
      {props.m.rules.map((r) => (
        <li>
          <b>{r.topic}</b>: {r.text}
        </li>
      ))}
    </ul>
  );
}

function Example(props: { s: ArtifactSummary; card: ScoreCard }) {
  const { s, card } = props;
  return (
    <section class="card">
      <h2 style="margin-top:0">
        Worked example, from the live catalog: <a href={`/a/${s.slug}`}>{s.name}</a>
      </h2>
      <table class="cmp">
        <thead>
          <tr>
            <th>Sub-score × weight</th>
            <th>Value, how it was reached, and sources</th>
            <th>Contribution</th>
          </tr>
        </thead>
        <tbody>
          {SUB_SCORES.map((k) => {
            const sub = card.scores[k];
            const used = sub.value ?? sub.prior;
            return (
              <tr>
                <th scope="row">
                  {SUB_SCORE_LABELS[k]} × {card.weights[k]}
                </th>
                <td>
                  <ScoreCell sub={sub} label={SUB_SCORE_LABELS[k]} />
                  <div class="small">{shrinkText(sub)}</div>
                </td>
                <td>
                  {used} × {card.weights[k]} = {(used * card.weights[k]).toFixed(2)}
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">CapRank</th>
            <td colspan={2}>
              <b>{s.capRank}/100</b> (range {s.capRankInterval[0]}–{s.capRankInterval[1]})
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
