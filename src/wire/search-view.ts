import type { SearchResult } from "../match/shape.js";

/** How much of a search's explanation goes over the wire: `compact` by default, `full` adds the term dump. */
export const SEARCH_VIEWS = ["compact", "full"] as const;
export type SearchView = (typeof SEARCH_VIEWS)[number];

/**
 * A search as the API and MCP send it. Compact keeps what a client acts on (scores, matched
 * terms, learned notes, taxonomy nodes, and the corrections and synonyms the query was read
 * with) and leaves out the term dump: each capability's `why` (term, fields, kind) and the
 * typed terms with their weights. `full` sends everything.
 */
export function searchResponse(r: SearchResult, view: SearchView): SearchResult & { explain: SearchView } {
  if (view === "full") return { ...r, explain: view };
  return {
    ...r,
    explain: view,
    results: r.results.map((x) => ({
      ...x,
      capabilities: x.capabilities.map(({ why: _why, ...c }) => c) as SearchResult["results"][number]["capabilities"],
    })),
    interpretation: { ...r.interpretation, terms: r.interpretation.terms.filter((t) => t.kind !== "typed") },
  };
}
