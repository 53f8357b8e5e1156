import { decisionRulesDocument } from "../../core/domain.js";

/** The /methodology sections for list order, verdicts and prices, rendered from the constants the code uses. */
export function DecisionRules() {
  const d = decisionRulesDocument();
  const v = d.verdict;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <>
      <h2 id="ordering">Order of lists and leaderboards</h2>
      <p>
        {d.ordering.rule} The lower end is used so that an artifact whose score rests on little data (a wide range)
        cannot outrank a well-evidenced one on its point estimate alone. The same rule orders the home page's top lists
        and every <a href="/leaderboards">leaderboard</a>.
      </p>
      <h2 id="verdict">How a comparison's verdict is built</h2>
      <p>
        Every sentence of a verdict is a claim with the numbers behind it (<code>{"{kind, text, data}"}</code>); the
        page, the API, the CLI and MCP show the same claims.
      </p>
      <ul>
        <li>
          <b>Substitutes first.</b> For each pair, the overlap is Σ over top-level taxonomy areas of the smaller of the
          two shares of capabilities in that area (1 when both spread their capabilities alike, 0 when they share no
          area). They are substitutes at {pct(v.substituteMinOverlap)} or more, or{" "}
          {pct(v.substituteMinOverlapAcrossKinds)} when their kinds differ. When they are not, the verdict says so and
          names what each is for: the {v.purposeNodes} second-level taxonomy nodes most of its capabilities fall on, and
          whether it is hosted or self-hosted.
        </li>
        <li>
          <b>Choose X if …</b> Each artifact gets the reasons computed from a difference to the others: capability areas
          (second-level nodes) none of the others covers; the lowest price per common unit, at least {pct(v.priceLead)}{" "}
          below the next cheapest; a free tier the others lack; a more open licence (open source above open weights
          above proprietary); hosted against self-hosted (a service kind, or a model under a proprietary licence, is
          hosted; code, and models with released weights, are self-hosted); evidence strength (mean evidence value of
          its capabilities) at least {v.evidenceLead} above every other; a CapRank ahead beyond the uncertainty. An
          artifact no difference favours is told so.
        </li>
        <li>
          <b>Order.</b> Two artifacts: who scores higher, or a tie within {v.tieMargin} points or within the combined
          uncertainty. Three to six: places by CapRank, shared ("=") where an artifact is tied with the first of the
          group above it. Leads on a sub-score count from {v.leadMargin} points.
        </li>
        <li>
          <b>What would change this verdict:</b> the smallest rise in one sub-score that would put the second artifact
          ahead beyond the uncertainty, and how far real data could move each artifact's CapRank where a sub-score has
          none.
        </li>
      </ul>
      <h2 id="prices">Prices</h2>
      <p>
        Prices are kept as listed (amount, currency, unit) and shown per a common unit:{" "}
        {d.prices.commonUnits.join(", ")}. For example a price per prompt token is multiplied by 1,000,000 and shown as
        "$ / 1M input tokens"; a price per second is shown per minute. Units without a common equivalent are shown as
        listed.
      </p>
    </>
  );
}
