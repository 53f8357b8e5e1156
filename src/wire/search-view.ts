import type { SearchResult } from "../match/shape.js";

/** How much of a search's explanation goes over the wire: `compact` by default, `full` adds the term dump. */
export const SEARCH_VIEWS = ["compact", "full"] as const;
export type SearchView = (typeof SEARCH_VIEWS)[number];

/**
 * A search as the API and MCP send it. Compact keeps what a client acts on (scores, matched
 * terms, learned notes, taxonomy nodes) and leaves out the term dump: each capability's `why`
 * (term, fields, kind) and the interpretation's expanded terms. `full` sends everything.
 */
export function searchResponse(r: SearchResult, view: SearchView): SearchResult & { explain: SearchView } {
  if (view === "full") return { ...r, explain: view };
  return {
    ...r,
    explain: view,
    results: r.results.map((x) => ({ ...x, capabilities: x.capabilities.map(({ why: _why, ...c }) => c) as SearchResult["results"][number]["capabilities"] })),
    interpretation: { taxonomy: r.interpretation.taxonomy, semantic: r.interpretation.semantic } as SearchResult["interpretation"],
  };
}
