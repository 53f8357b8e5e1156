import type { ArtifactSummary } from "../../core/domain.js";
import type { Placement } from "../../core/domain.js";
import { KIND_LABEL, ScoreBar } from "../components.js";
import { Layout } from "../layout.js";

export function HomePage(props: {
  leaders: { kind: string; items: (ArtifactSummary & Placement)[] }[];
  total: number;
}) {
  return (
    <Layout title="Which AI tool should I use?">
      <h1>Which AI tool should I use for this, and why?</h1>
      <p class="lead">
        {props.total} artifacts, their capabilities on a shared taxonomy, and scores you can trace to a source and a
        date.
      </p>
      <form action="/search" method="get" class="card" role="search" aria-label="Describe what you need">
        <label for="home-q">
          <b>Describe what you need</b>
        </label>
        <div style="display:flex;gap:.5rem;margin-top:.4rem;flex-wrap:wrap">
          <input
            id="home-q"
            name="q"
            type="search"
            maxlength={500}
            style="flex:1;min-width:240px;padding:.55rem;border-radius:8px;border:1px solid #9aa7b6;font:inherit"
            placeholder="e.g. a hosted model that reads a whole codebase at once"
          />
          <button type="submit">Search</button>
        </div>
        <p class="small muted">
          Try:{" "}
          <a href="/search?q=fine-tune+stable+diffusion+on+photos+of+my+dog">
            fine-tune Stable Diffusion on photos of my dog
          </a>{" "}
          · <a href="/search?q=mcp+server+to+query+postgres">MCP server to query Postgres</a> ·{" "}
          <a href="/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion">GPT-5.4 Pro vs Dreambooth</a>
        </p>
      </form>
      <h2>Top artifacts by kind</h2>
      <p class="small muted">
        Ordered by the lower end of the CapRank range; "=" marks a tie. <a href="/leaderboards">All leaderboards</a> ·{" "}
        <a href="/methodology#ordering">the rule</a>
      </p>
      <div class="grid">
        {props.leaders.map((g) => (
          <section class="tile" aria-label={KIND_LABEL[g.kind] ?? g.kind}>
            <h3>
              <a href={`/leaderboards/${g.kind}`}>{KIND_LABEL[g.kind] ?? g.kind}</a>
            </h3>
            <ol class="places">
              {g.items.map((x) => (
                <li>
                  <span class="place">{x.placeText}</span> <a href={`/a/${x.slug}`}>{x.name}</a>{" "}
                  <ScoreBar value={x.capRank} label="CapRank" />{" "}
                  <span class="small muted">
                    {x.capRankInterval[0]}–{x.capRankInterval[1]}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </Layout>
  );
}
