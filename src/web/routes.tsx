import { Hono, type Context } from "hono";
import { z } from "zod";
import { FeedbackSchema, FIELD_LIMITS, searchFilters, SearchQuerySchema } from "../wire/index.js";
import { parseBody, parseQuery } from "../wire/parse.js";
import { LIMITS, type Capgraph } from "../capgraph.js";
import { createError } from "../errors.js";
import { checkFormToken, formToken } from "./csrf.js";
import { ArtifactPage } from "./pages/artifact.js";
import { ComparePage } from "./pages/compare.js";
import { HomePage } from "./pages/home.js";
import { ApiDocsPage } from "./pages/info.js";
import { TaxonomyPage } from "./pages/taxonomy.js";
import { ComparePickerPage } from "./pages/picker.js";
import { resolvePicks } from "./compare-pick.js";
import { KIND_LABEL } from "./components.js";
import { MethodologyPage } from "./pages/methodology.js";
import { SEARCH_SORTS, SearchPage, type SearchRow, type SearchSort } from "./pages/search.js";
import { priceOrder } from "./format.js";
import { pageCaching } from "./http.js";

const page = (el: unknown) => "<!doctype html>" + String(el);

const entry = z.string().max(FIELD_LIMITS.pickEntry);
/** The picker's parameters: s repeats (read with queries()), so only its last value is validated here. */
const PickQuerySchema = z.strictObject({
  s: entry.optional(),
  a: entry.optional(),
  b: entry.optional(),
  go: z.literal("1").optional(),
});

/** A comparison path longer than this, or with more "-vs-" pieces, is refused before parsing. */
export const COMPARE_PATH_LIMITS = { maxChars: 700, maxPieces: 24, maxSlugs: 6 } as const;

/**
 * Splits "a-vs-b[-vs-c]" into 2 to 6 known slugs; slugs may themselves contain "-vs-".
 * Bounded first (length and pieces), then memoised on (piece, slugs so far): at most
 * pieces² × maxSlugs steps, where the unbounded search grew cubically with a hostile path.
 */
export function parseComparePath(pair: string, known: ReadonlySet<string>): string[] | undefined {
  if (pair.length > COMPARE_PATH_LIMITS.maxChars) return undefined;
  const parts = pair.split("-vs-");
  if (parts.length > COMPARE_PATH_LIMITS.maxPieces) return undefined;
  const failed = new Set<number>();
  const solve = (i: number, depth: number): string[] | undefined => {
    if (i === parts.length) return [];
    if (depth === COMPARE_PATH_LIMITS.maxSlugs || failed.has(i * 8 + depth)) return undefined;
    for (let j = i + 1; j <= parts.length; j++) {
      const slug = parts.slice(i, j).join("-vs-");
      if (!known.has(slug)) continue;
      const rest = solve(j, depth + 1);
      if (rest) return [slug, ...rest];
    }
    failed.add(i * 8 + depth);
    return undefined;
  };
  const r = solve(0, 0);
  return r && r.length >= 2 ? r : undefined;
}

export function pageRoutes(core: Capgraph, clientOf: (c: Context) => string = () => "local"): Hono {
  const web = new Hono();
  web.use("*", pageCaching());

  web.get("/", async (c) => {
    return c.html(page(<HomePage leaders={await core.leaders(5)} total={await core.catalogSize()} />));
  });

  web.get("/search", async (c) => {
    const params = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && k !== "fb"));
    const { sort: sortParam, ...searchParams } = params;
    const sort = parseQuery(SortSchema, sortParam === undefined ? {} : { sort: sortParam }).sort;
    const q = parseQuery(SearchQuerySchema, searchParams);
    const r = q.q ? await core.search(q.q, { limit: q.limit, client: clientOf(c), filters: searchFilters(q) }) : null;
    const summaries = await core.summaries((r?.results ?? []).map((x) => x.slug));
    const rows = sortRows(
      (r?.results ?? []).flatMap((x) => {
        const summary = summaries.get(x.slug);
        return summary ? [{ ...x, summary }] : [];
      }),
      sort,
    );
    const form = {
      q: q.q,
      free: q.free === "true" || q.free === "1",
      ...pick(q, ["kind", "category", "pricing", "license", "capability"]),
    };
    const back = `/search?${new URLSearchParams(params as Record<string, string>).toString()}`;
    const sortHref = (k: SearchSort) =>
      `/search?${new URLSearchParams({ ...searchParams, ...(k === "relevance" ? {} : { sort: k }) } as Record<string, string>).toString()}`;
    const flash =
      c.req.query("fb") === "1" ? "Thanks: your answer was recorded and feeds the success rates." : undefined;
    return c.html(
      page(
        <SearchPage
          r={r}
          rows={rows}
          sort={sort}
          sortHref={sortHref}
          form={form}
          back={back}
          csrf={formToken(c)}
          {...(flash ? { flash } : {})}
        />,
      ),
    );
  });

  // The no-JavaScript path of the "did this work?" buttons: a form post, then back to the results.
  web.post("/feedback", async (c) => {
    const form = await c.req.parseBody();
    const { back, csrf, ...rest } = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
    checkFormToken(c, csrf);
    const body = parseBody(FeedbackSchema, rest, "FEEDBACK_INVALID");
    const target = backTo(back);
    await core.feedback({ ...body, reporter: clientOf(c) });
    return c.redirect(`${target}${target.includes("?") ? "&" : "?"}fb=1#r-${encodeURIComponent(body.slug)}`, 303);
  });

  web.get("/a/:slug", async (c) => {
    const v = await core.artifactView(c.req.param("slug"));
    const options = (await core.entries()).list;
    return c.html(
      page(
        <ArtifactPage
          a={v.artifact}
          s={v.summary}
          card={v.card}
          outcomes={v.outcomesText}
          owner={v.owner}
          taxonomyLabel={(u) => core.taxonomy.get(u)?.label ?? null}
          alternatives={v.alternatives}
          options={options}
          standings={v.standings}
          askedFor={v.askedFor}
        />,
      ),
    );
  });

  // The picker: entries from its slots (s=…, repeated), from search-result checkboxes, or the
  // older a=/b= pair. A good pick goes straight to the comparison; a bad one comes back with what to fix.
  web.get("/compare", async (c) => {
    const q = parseQuery(PickQuerySchema, c.req.query());
    const slots = c.req.queries("s") ?? [];
    if (slots.length > 2 * LIMITS.maxCompare || slots.some((x) => x.length > FIELD_LIMITS.pickEntry))
      throw createError("BAD_QUERY_PARAM", [
        "s",
        `give at most ${LIMITS.maxCompare} artifacts, each a slug or name of up to ${FIELD_LIMITS.pickEntry} characters`,
      ]);
    const entries = [...slots, q.a ?? "", q.b ?? ""].map((e) => e.trim()).filter(Boolean);
    const options = (await core.entries()).list;
    const r = resolvePicks(entries, options, (k) => KIND_LABEL[k] ?? k);
    if (r.ok) return c.redirect(`/compare/${r.slugs.map(encodeURIComponent).join("-vs-")}`, 303);
    // Without a submit (a link that preselects one artifact) an incomplete pick is not an error yet.
    const submitted = q.go !== undefined || entries.length >= 2;
    const problems = submitted ? r.problems : r.problems.filter((p) => !/^(Nothing|Only one)/.test(p));
    return c.html(
      page(<ComparePickerPage options={options} picked={entries} problems={problems} />),
      problems.length ? 400 : 200,
    );
  });

  web.get("/compare/:pair", async (c) => {
    const pair = c.req.param("pair");
    const known = (await core.entries()).slugs;
    const slugs = parseComparePath(pair, known);
    if (!slugs) {
      const parts = pair.split("-vs-");
      const unknown = parts.length <= COMPARE_PATH_LIMITS.maxPieces ? parts.find((x) => !known.has(x)) : undefined;
      throw unknown && pair.includes("-vs-")
        ? createError("NOT_FOUND", [unknown.slice(0, 100)])
        : createError("BAD_COMPARE_PATH", [pair.length > 100 ? `${pair.slice(0, 100)}…` : pair]);
    }
    return c.html(page(<ComparePage r={await core.compare(slugs)} />));
  });

  web.get("/methodology", async (c) => {
    const ex = await core.methodologyExample();
    return c.html(page(<MethodologyPage {...(ex ? { example: { s: ex.summary, card: ex.card } } : {})} />));
  });

  web.get("/taxonomy", async (c) => {
    return c.html(page(<TaxonomyPage t={core.taxonomy} counts={await core.taxonomyCounts()} />));
  });

  web.get("/docs/api", (c) => c.html(page(<ApiDocsPage />)));

  return web;
}

const SortSchema = z.strictObject({
  sort: z.enum(Object.keys(SEARCH_SORTS) as [SearchSort, ...SearchSort[]]).default("relevance"),
});

/** Orders the returned results; ties keep the engine's order, so relevance breaks them. */
function sortRows(rows: SearchRow[], sort: SearchSort): SearchRow[] {
  if (sort === "relevance") return rows;
  const key = (x: SearchRow): [number, number] =>
    sort === "caprank" ? [-x.summary.capRank, 0] : priceOrder(x.summary);
  return rows
    .map((x, i) => ({ x, i, k: key(x) }))
    .sort((p, q) => p.k[0] - q.k[0] || p.k[1] - q.k[1] || p.i - q.i)
    .map((p) => p.x);
}

/** Where the form returns to: a /search URL, re-encoded so no byte of it can break a header. */
function backTo(back: string | undefined): string {
  if (!back?.startsWith("/search?")) return "/search";
  const q = new URLSearchParams(back.slice("/search?".length).split("#")[0]);
  q.delete("fb");
  const s = q.toString();
  return s ? `/search?${s}` : "/search";
}

function pick<T extends Record<string, unknown>, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== "") out[k] = o[k];
  return out;
}
