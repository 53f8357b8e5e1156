import type { Taxonomy, TaxonomyNode } from "../../core/domain.js";
import { leaderboardHref } from "../links.js";
import { Layout } from "../layout.js";

const path = (uri: string) => uri.replace(/^capability:\/\//, "");

/**
 * The taxonomy as a collapsible tree (native <details>, no script): everything folded to the
 * top-level areas at first (a link to #node opens the way to it), each node with the number of artifacts on it or under it and
 * links to its leaderboard and to resolve.
 */
export function TaxonomyPage(props: { t: Taxonomy; counts: ReadonlyMap<string, number> }) {
  const { t } = props;
  const roots = t.nodes.filter((n) => n.parent === null);
  return (
    <Layout
      title="Capability taxonomy"
      description={`The capability taxonomy v${t.version}: ${t.nodes.length} areas, each with its artifacts and leaderboard.`}
    >
      <h1>Capability taxonomy v{t.version}</h1>
      <p class="lead">
        {t.nodes.length} nodes, released {t.released}. Every artifact's capabilities are placed on these areas, so
        comparisons align like with like. Open an area to see what is under it.
      </p>
      <ul class="tree">
        {roots.map((r) => (
          <Node t={t} n={r} counts={props.counts} />
        ))}
      </ul>
    </Layout>
  );
}

function Node(props: { t: Taxonomy; n: TaxonomyNode; counts: ReadonlyMap<string, number> }): ReturnType<typeof Layout> {
  const { t, n } = props;
  const kids = t.children(n.uri);
  const count = props.counts.get(n.uri) ?? 0;
  const head = (
    <>
      <span class="node-label">{n.label}</span>{" "}
      <span class={count ? "count" : "count none"}>
        {count === 0 ? "no artifacts yet" : `${count} artifact${count === 1 ? "" : "s"}`}
      </span>
    </>
  );
  const links = (
    <span class="node-links small">
      {count > 0 && (
        <>
          <a href={leaderboardHref(n.uri)}>Leaderboard</a> ·{" "}
          <a href={`/search?q=${encodeURIComponent(n.label)}&capability=${encodeURIComponent(n.uri)}`}>Search</a> ·{" "}
        </>
      )}
      <a href={`/api/v1/resolve?uri=${encodeURIComponent(n.uri)}`}>Resolve</a>
    </span>
  );
  const desc = (
    <div class="desc small muted" title={n.description}>
      {n.description}
      {n.aliases.length ? ` Also called: ${n.aliases.join(", ")}.` : ""} <span class="uri">{n.uri}</span>
    </div>
  );
  if (kids.length === 0)
    return (
      <li id={path(n.uri)} class="leaf">
        <div class="node-line">
          {head} {links}
        </div>
        {desc}
      </li>
    );
  // Links stay outside <summary>: a link inside the toggle would be two controls in one.
  return (
    <li id={path(n.uri)}>
      <details>
        <summary>
          {head} <span class="muted small">· {kids.length} below</span>
        </summary>
        <div class="node-line inner">{links}</div>
        {desc}
        <ul>
          {kids.map((k) => (
            <Node t={t} n={k} counts={props.counts} />
          ))}
        </ul>
      </details>
    </li>
  );
}
