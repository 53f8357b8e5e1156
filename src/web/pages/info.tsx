import { Layout } from "../layout.js";
import { API_ROUTES } from "../../wire/openapi.js";

export function ApiDocsPage() {
  return (
    <Layout title="JSON API">
      <h1>JSON API</h1>
      <p class="lead">
        Errors always have the shape <code>{"{ error: { code, message, details[] } }"}</code>. The OpenAPI 3.1 document
        is at <a href="/openapi.json">/openapi.json</a>; agents can also use the MCP server at <code>/mcp</code>{" "}
        (streamable HTTP) or <code>capgraph mcp</code> (stdio).
      </p>
      <table class="cmp">
        <thead>
          <tr>
            <th>Endpoint</th>
            <th>Returns</th>
            <th>Example</th>
          </tr>
        </thead>
        <tbody>
          {API_ROUTES.map((r) => (
            <tr>
              <td>
                <code>
                  {r.method.toUpperCase()} {r.path}
                </code>
              </td>
              <td>{r.summary}</td>
              <td>
                {r.example ? (
                  <a class="example" href={r.example}>
                    <code>{r.example}</code>
                  </a>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Limits</h2>
      <p>
        Bodies up to 256 KB (413 beyond). Per client: reads 600/min (bursts of 120), writes 60/min (bursts of 20);
        beyond that 429 with <code>Retry-After</code>. Queries up to 500 characters.
      </p>
      <h2>Passports</h2>
      <p>
        A passport is signed with the deployment's Ed25519 key (public keys at{" "}
        <a href="/.well-known/capgraph-keys.json">/.well-known/capgraph-keys.json</a>; check one offline with{" "}
        <code>capgraph verify-passport FILE --keys keys.json</code>). A valid signature proves that this deployment
        issued exactly this document at <code>issuedAt</code>. It does not prove that the facts are true: each
        capability is as trustworthy as its evidence level and sources, and trust facts marked <code>declared</code> are
        the owner's word.
      </p>
    </Layout>
  );
}
