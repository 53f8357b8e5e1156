import type { Taxonomy, TaxonomyNode } from "../../catalog/taxonomy.js";
import { KIND_LABEL } from "../components.js";
import { Layout } from "../layout.js";
import { API_ROUTES } from "../../api/openapi.js";

export function TaxonomyPage(props: { t: Taxonomy; counts: Map<string, number> }) {
  const roots = props.t.nodes.filter((n) => n.parent === null);
  const Tree = (p: { n: TaxonomyNode }): ReturnType<typeof Layout> => {
    const kids = props.t.children(p.n.uri);
    const count = props.counts.get(p.n.uri) ?? 0;
    return (
      <li id={p.n.uri.slice(13)}>
        <b>{p.n.label}</b> <span class="uri">{p.n.uri}</span>{count > 0 && <> · <a href={`/search?q=${encodeURIComponent(p.n.label)}`}>{count} capabilit{count === 1 ? "y" : "ies"}</a></>}
        <div class="small muted">{p.n.description}{p.n.aliases.length ? ` Also: ${p.n.aliases.join(", ")}.` : ""}</div>
        {kids.length > 0 && <ul>{kids.map((k) => <Tree n={k} />)}</ul>}
      </li>
    );
  };
  return (
    <Layout title="Capability taxonomy">
      <h1>Capability taxonomy v{props.t.version}</h1>
      <p class="lead">{props.t.nodes.length} nodes, released {props.t.released}. Capabilities of every artifact are placed on these URIs, so comparisons align like with like.</p>
      <div class="tree"><ul>{roots.map((r) => <Tree n={r} />)}</ul></div>
    </Layout>
  );
}

export function ComparePickerPage(props: { options: { slug: string; name: string; kind: string }[]; a?: string; b?: string }) {
  return (
    <Layout title="Compare">
      <h1>Compare artifacts</h1>
      <form class="picker card filters" action="/compare" method="get">
        {(["a", "b"] as const).map((k) => (
          <label>{k === "a" ? "First" : "Second"}
            <select name={k} required>{props.options.map((o) => <option value={o.slug} selected={props[k] === o.slug}>{o.name} ({KIND_LABEL[o.kind] ?? o.kind})</option>)}</select>
          </label>
        ))}
        <button type="submit">Compare</button>
      </form>
      <p>Or open one directly: <a href="/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion">GPT-5.4 Pro vs Dreambooth-Stable-Diffusion</a>.</p>
    </Layout>
  );
}

export function ApiDocsPage() {
  return (
    <Layout title="JSON API">
      <h1>JSON API</h1>
      <p class="lead">Errors always have the shape <code>{"{ error: { code, message, details[] } }"}</code>. The OpenAPI 3.1 document is at <a href="/openapi.json">/openapi.json</a>; agents can also use the MCP server at <code>/mcp</code> (streamable HTTP) or <code>capgraph mcp</code> (stdio).</p>
      <table class="cmp"><thead><tr><th>Endpoint</th><th>Returns</th><th>Example</th></tr></thead><tbody>{API_ROUTES.map((r) => (
        <tr><td><code>{r.method.toUpperCase()} {r.path}</code></td><td>{r.summary}</td><td>{r.example ? <a class="example" href={r.example}><code>{r.example}</code></a> : "—"}</td></tr>
      ))}</tbody></table>
      <h2>Limits</h2>
      <p>Bodies up to 256 KB (413 beyond). Per client: reads 600/min (bursts of 120), writes 60/min (bursts of 20); beyond that 429 with <code>Retry-After</code>. Queries up to 500 characters.</p>
      <h2>Passports</h2>
      <p>A passport is signed with the deployment's Ed25519 key (public keys at <a href="/.well-known/capgraph-keys.json">/.well-known/capgraph-keys.json</a>; check one offline with <code>capgraph verify-passport FILE --keys keys.json</code>). A valid signature proves that this deployment issued exactly this document at <code>issuedAt</code>. It does not prove that the facts are true: each capability is as trustworthy as its evidence level and sources, and trust facts marked <code>declared</code> are the owner's word.</p>
    </Layout>
  );
}
