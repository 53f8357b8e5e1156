import type { CapgraphError } from "../../errors.js";
import { Layout } from "../layout.js";

export function renderErrorPage(e: CapgraphError): string {
  return (
    "<!doctype html>" +
    String(
      <Layout title={e.status === 404 ? "Not found" : "Something went wrong"}>
        <h1>
          {e.status === 404
            ? "Not found"
            : e.status >= 500
              ? "Something went wrong"
              : "That request could not be served"}
        </h1>
        <p class="lead">{e.message}</p>
        <p class="small muted">Code {e.code}</p>
        {e.details.length > 0 && (
          <ul>
            {e.details.map((d) => (
              <li>
                {d.path ? `${d.path}: ` : ""}
                {d.message}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/">Back to the home page</a> or search above.
        </p>
      </Layout>,
    )
  );
}
