import { PRICING_MODELS } from "../../core/domain.js";
import type { Leaderboard, LeaderboardFilters, LeaderboardIndex, LeaderboardRow } from "../../core/domain.js";
import { Choice, KIND_LABEL, labelled, PRICING_LABEL } from "../components.js";
import { Layout } from "../layout.js";

const LICENCE_CHOICES: [string, string][] = [
  ["open-source", "Open source"],
  ["open-weights", "Open weights"],
  ["proprietary", "Proprietary"],
];

function FilterForm(props: { action: string; filters: LeaderboardFilters }) {
  const f = props.filters;
  return (
    <form class="card lb-filters" method="get" action={props.action} aria-label="Filters">
      <label>
        <span>
          <input type="checkbox" name="free" value="true" checked={f.free === true} /> free tier only
        </span>
      </label>
      <Choice label="Licence" name="license" options={LICENCE_CHOICES} selected={f.license} any />
      <Choice
        label="Pricing"
        name="pricing"
        options={labelled(PRICING_MODELS, PRICING_LABEL)}
        selected={f.pricing}
        any
      />
      <button type="submit">Apply</button>
    </form>
  );
}

function BoardTable(props: { rows: LeaderboardRow[]; showKind: boolean; label: string }) {
  return (
    <table class="board" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Place</th>
          <th scope="col">Artifact</th>
          {props.showKind && <th scope="col">Kind</th>}
          <th scope="col">CapRank (range)</th>
          <th scope="col">Price</th>
          <th scope="col">Licence</th>
          <th scope="col">Compare</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr class={r.tied ? "tied" : ""} data-slug={r.slug}>
            <td
              class="place"
              title={r.tied ? "tied: lower ends of the CapRank range within the tie margin" : undefined}
            >
              {r.placeText}
            </td>
            <td>
              <a href={`/a/${r.slug}`}>{r.name}</a>
            </td>
            {props.showKind && <td data-label="Kind">{KIND_LABEL[r.kind] ?? r.kind}</td>}
            <td data-label="CapRank">
              <b>{r.capRank}</b>{" "}
              <span class="small muted">
                ({r.capRankInterval[0]}–{r.capRankInterval[1]})
              </span>
            </td>
            <td data-label="Price">
              {r.prices ?? PRICING_LABEL[r.pricingModel]}
              {r.freeTier ? " · free tier" : ""}
            </td>
            <td data-label="Licence">{r.license ?? <span class="nodata">not stated</span>}</td>
            <td>
              {r.compareUrl ? (
                <a class="cmp-link" href={r.compareUrl}>
                  compare with neighbours
                </a>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Rule(props: { rule: string }) {
  return (
    <p class="rule small">
      <b>Order:</b> {props.rule} <a href="/methodology#ordering">Methodology</a>.
    </p>
  );
}

const query = (f: LeaderboardFilters) => {
  const q = new URLSearchParams();
  if (f.free) q.set("free", "true");
  if (f.license) q.set("license", f.license);
  if (f.pricing) q.set("pricing", f.pricing);
  const s = q.toString();
  return s ? `?${s}` : "";
};

export function LeaderboardIndexPage(props: { index: LeaderboardIndex; filters: LeaderboardFilters }) {
  const { index, filters } = props;
  return (
    <Layout
      title="Leaderboards"
      description="Artifacts ranked by CapRank with its uncertainty, by kind and by capability; ties shown as ties."
    >
      <h1>Leaderboards</h1>
      <Rule rule={index.rule} />
      <FilterForm action="/leaderboards" filters={filters} />
      {index.kinds.length === 0 && <p class="muted">No artifact passes these filters.</p>}
      {index.kinds.map((k) => (
        <section aria-labelledby={`lb-${k.kind}`}>
          <h2 id={`lb-${k.kind}`}>
            {k.title} <span class="small muted">({k.total})</span>
          </h2>
          <BoardTable rows={k.rows} showKind={false} label={`${k.title}: top ${k.rows.length}`} />
          {k.total > k.rows.length && (
            <p class="small">
              <a href={`/leaderboards/${k.kind}${query(filters)}`}>
                All {k.total} {k.title.toLowerCase()} →
              </a>
            </p>
          )}
        </section>
      ))}
      <h2>By capability</h2>
      <ul class="nodes">
        {index.capabilities.map((n) => (
          <li>
            <a href={`/leaderboards/capability/${n.uri.slice("capability://".length)}${query(filters)}`}>{n.label}</a>{" "}
            <span class="small muted">({n.artifacts})</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function LeaderboardPage(props: { board: Leaderboard; action: string }) {
  const { board } = props;
  const heading = board.scope.type === "capability" ? `${board.title}: leaderboard` : `${board.title} leaderboard`;
  return (
    <Layout
      title={heading}
      description={`${board.title}: ${board.total} artifacts ranked by CapRank with its uncertainty; ties shown as ties.`}
    >
      <p class="small">
        <a href="/leaderboards">← All leaderboards</a>
      </p>
      <h1>{heading}</h1>
      {board.scope.type === "capability" && <p class="uri">{board.scope.uri}</p>}
      <Rule rule={board.rule} />
      <FilterForm action={props.action} filters={board.filters} />
      {board.rows.length === 0 ? (
        <p class="muted">No artifact passes these filters.</p>
      ) : (
        <BoardTable rows={board.rows} showKind={board.scope.type !== "kind"} label={heading} />
      )}
      {board.total > board.rows.length && (
        <p class="small muted">
          Showing {board.rows.length} of {board.total}; the API returns up to 200 (GET /api/v1/leaderboards?limit=200).
        </p>
      )}
    </Layout>
  );
}
