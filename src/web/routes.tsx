import { Hono, type Context } from "hono";
import { z } from "zod";
import { FeedbackSchema, filtersFrom, parseBody, parseQuery, SearchQuerySchema } from "../api/routes.js";
import type { Capgraph } from "../capgraph.js";
import { summarize } from "../catalog/view.js";
import { describeOutcomes } from "../match/feedback.js";
import { createError } from "../errors.js";
import { ArtifactPage } from "./pages/artifact.js";
import { ComparePage } from "./pages/compare.js";
import { HomePage } from "./pages/home.js";
import { ApiDocsPage, ComparePickerPage, TaxonomyPage } from "./pages/info.js";
import { MethodologyPage } from "./pages/methodology.js";
import { SearchPage } from "./pages/search.js";

const page = (el: unknown) => "<!doctype html>" + String(el);

/** Splits "a-vs-b[-vs-c]" into known slugs; slugs may themselves contain hyphens. */
export function parseComparePath(pair: string, known: ReadonlySet<string>): string[] | undefined {
  const parts = pair.split("-vs-");
  const solve = (i: number): string[] | undefined => {
    if (i === parts.length) return [];
    for (let j = i + 1; j <= parts.length; j++) {
      const slug = parts.slice(i, j).join("-vs-");
      if (!known.has(slug)) continue;
      const rest = solve(j);
      if (rest) return [slug, ...rest];
    }
    return undefined;
  };
  const r = solve(0);
  return r && r.length >= 2 ? r : undefined;
}

export function pageRoutes(core: Capgraph, clientOf: (c: Context) => string = () => "local"): Hono {
  const web = new Hono();

  web.get("/", async (c) => {
    const s = await core.snapshot();
    return c.html(page(<HomePage leaders={await core.leaders(5)} total={s.artifacts.length} />));
  });

  web.get("/search", async (c) => {
    const params = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && k !== "fb"));
    const q = parseQuery(SearchQuerySchema, params);
    const r = q.q ? await core.search(q.q, { limit: q.limit, client: "web", filters: filtersFrom(q) }) : null;
    const form = { q: q.q, free: q.free === "true" || q.free === "1", ...pick(q, ["kind", "category", "pricing", "license", "capability"]) };
    const back = `/search?${new URLSearchParams(params as Record<string, string>).toString()}`;
    const flash = c.req.query("fb") === "1" ? "Thanks: your answer was recorded and feeds the success rates." : undefined;
    return c.html(page(<SearchPage r={r} form={form} back={back} {...(flash ? { flash } : {})} />));
  });

  // The no-JavaScript path of the "did this work?" buttons: a form post, then back to the results.
  web.post("/feedback", async (c) => {
    const form = await c.req.parseBody();
    const { back, ...rest } = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
    const body = parseBody(FeedbackSchema, rest);
    await core.feedback({ ...body, reporter: clientOf(c) });
    const target = back && back.startsWith("/search?") ? back : "/search";
    return c.redirect(`${target}${target.includes("?") ? "&" : "?"}fb=1#r-${encodeURIComponent(body.slug)}`, 303);
  });

  web.get("/a/:slug", async (c) => {
    const { artifact, card, summary } = await core.card(c.req.param("slug"));
    const outcomes = describeOutcomes((await core.snapshot()).outcomes.artifacts.get(artifact.slug));
    return c.html(page(<ArtifactPage a={artifact} s={summary} card={card} outcomes={outcomes} askedFor={await core.askedFor(artifact.slug)} taxonomyLabel={(u) => core.taxonomy.get(u)?.label ?? null} />));
  });

  web.get("/compare", async (c) => {
    const q = parseQuery(z.strictObject({ a: z.string().max(100).optional(), b: z.string().max(100).optional() }), c.req.query());
    if (q.a && q.b) return c.redirect(`/compare/${encodeURIComponent(q.a)}-vs-${encodeURIComponent(q.b)}`, 303);
    const s = await core.snapshot();
    const options = s.artifacts.map((a) => ({ slug: a.slug, name: a.name, kind: a.kind })).sort((x, y) => x.name.localeCompare(y.name));
    return c.html(page(<ComparePickerPage options={options} {...(q.a ? { a: q.a } : {})} />));
  });

  web.get("/compare/:pair", async (c) => {
    const pair = c.req.param("pair");
    const s = await core.snapshot();
    const slugs = parseComparePath(pair, new Set(s.bySlug.keys()));
    if (!slugs) {
      const unknown = pair.split("-vs-").find((x) => !s.bySlug.has(x));
      throw unknown && pair.includes("-vs-") ? createError("NOT_FOUND", [unknown]) : createError("BAD_COMPARE_PATH", [pair]);
    }
    return c.html(page(<ComparePage r={await core.compare(slugs)} />));
  });

  web.get("/methodology", async (c) => {
    const s = await core.snapshot();
    const first = s.bySlug.get("gpt-5-4-pro") ?? s.artifacts[0];
    const card = first ? s.cards.get(first.slug) : undefined;
    return c.html(page(<MethodologyPage {...(first && card ? { example: { s: summarize(first, card), card } } : {})} />));
  });

  web.get("/taxonomy", async (c) => {
    const s = await core.snapshot();
    const counts = new Map<string, number>();
    for (const a of s.artifacts) for (const cap of a.capabilities) for (const n of core.taxonomy.lineage(cap.uri)) counts.set(n.uri, (counts.get(n.uri) ?? 0) + 1);
    return c.html(page(<TaxonomyPage t={core.taxonomy} counts={counts} />));
  });

  web.get("/docs/api", (c) => c.html(page(<ApiDocsPage />)));

  return web;
}

function pick<T extends Record<string, unknown>, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== "") out[k] = o[k];
  return out;
}
