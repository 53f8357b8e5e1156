import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { CSS } from "./style.js";
import { CLIENT_JS_PATH } from "./http.js";

/** The page shell: header with search, main content, footer; CSS inline, one small deferred script file. */
export function Layout(props: { title: string; description?: string; q?: string; children: Child }) {
  const description =
    props.description ??
    "Choose AI tools from evidence: capabilities, scores with provenance, and comparisons with verdicts derived from data.";
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · capgraph</title>
        <meta name="description" content={description} />
        {/* Open Graph, so a shared link (a comparison above all) previews with its title and summary. */}
        <meta property="og:site_name" content="capgraph" />
        <meta property="og:type" content="website" />
        <meta property="og:title" content={props.title} />
        <meta property="og:description" content={description} />
        <meta name="twitter:card" content="summary" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="site">
          <div class="in">
            <a class="brand" href="/">
              cap<span>graph</span>
            </a>
            <nav class="main" aria-label="Main">
              <a href="/compare">Compare</a>
              <a href="/leaderboards">Leaderboards</a>
              <a href="/taxonomy">Taxonomy</a>
              <a href="/methodology">Methodology</a>
              <a href="/docs/api">API</a>
            </nav>
            <form class="search" action="/search" method="get" role="search" aria-label="Site search">
              <label for="site-q" class="skip">
                Search the match graph
              </label>
              <input
                id="site-q"
                type="search"
                name="q"
                value={props.q ?? ""}
                placeholder="What do you need? e.g. fine-tune SD on photos of my dog"
                maxlength={500}
              />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        <main id="content">{props.children}</main>
        <footer class="site">
          capgraph — every score decomposes into signals with a source and a date.{" "}
          <a href="/methodology">How scores work</a>.
        </footer>
        <script defer src={CLIENT_JS_PATH}></script>
      </body>
    </html>
  );
}
