import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph, SearchResult } from "../src/capgraph.js";
import { alternatives } from "../src/compare/alternatives.js";
import { clauses, priceOrder } from "../src/web/format.js";
import { startingPrice, formatPrice } from "../src/rank/view.js";
import { resolvePicks } from "../src/web/compare-pick.js";
import { demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
beforeAll(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {} });
});

const html = async (url: string) => (await app.request(url)).text();
const DOG = "/search?q=fine-tune+stable+diffusion+on+photos+of+my+dog";
/** The text of every result card, in page order, by slug. */
const cards = (page: string) =>
  [...page.matchAll(/<article class="result" id="r-([^"]+)">([\s\S]*?)<\/article>/g)].map((m) => ({
    slug: m[1] ?? "",
    body: m[2] ?? "",
  }));

describe("search results as a product (finding: results read like debug output)", () => {
  it("one compact card per artifact: kind, CapRank with range, price, licence, best match; no raw 'Why:' term dump", async () => {
    const page = await html(DOG);
    const list = cards(page);
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(page).not.toMatch(/Why: “/);
    const s = await core.snapshot();
    for (const { slug, body } of list) {
      const card = s.cards.get(slug);
      expect(body, slug).toContain(
        `CapRank <b>${card?.capRank}</b> <span class="muted">(${card?.interval[0]}–${card?.interval[1]})</span>`,
      );
      expect(body, slug).toMatch(/Best match: <b>/);
      // The explanation is folded, written as a sentence.
      expect(body, slug).toMatch(
        /<details class="why-more"><summary>Why it matches[^<]*<\/summary>[\s\S]*<div class="why-text">(Matches “|It is |Its taxonomy area)/,
      );
    }
  });

  it("filters fold away once there is a query and none is set, so results start on a phone's first screen", async () => {
    expect(await html("/search?q=speech")).toContain('<details class="filter-box"><summary>Filters and sort</summary>');
    expect(await html("/search?q=speech&kind=model&sort=caprank")).toContain(
      '<details class="filter-box" open=""><summary>Filters and sort: Model · sorted by CapRank</summary>',
    );
    expect(await html("/search")).toContain('<details class="filter-box" open="">');
  });

  it("words added from the learned translations are named as such, not as synonyms (JSON kind 'related', the page says where they come from)", async () => {
    const q = "/search?q=turn+my+voice+recordings+into+written+text";
    const r = (await (await app.request(`/api/v1${q}`)).json()) as SearchResult;
    const related = r.interpretation.terms.filter((t) => t.kind === "related");
    expect(related.length).toBeGreaterThan(0);
    const first = related[0];
    const page = await html(q);
    expect(page).toContain("related words, learned from how people ask:");
    expect(page).toMatch(new RegExp(`${first?.via} → [^;<]*\\b${first?.term}\\b`));
    expect(page).not.toMatch(/\(synonym of “[^”]*”\)[^<]*learned/);
  });

  it("the raw matched terms stay in the JSON answer (per field with explain=full)", async () => {
    const compact = (await (
      await app.request("/api/v1/search?q=fine-tune+stable+diffusion+on+photos+of+my+dog")
    ).json()) as SearchResult;
    expect(compact.results[0]?.capabilities[0]?.matchedTerms.length).toBeGreaterThan(0);
    const r = (await (
      await app.request("/api/v1/search?q=fine-tune+stable+diffusion+on+photos+of+my+dog&explain=full")
    ).json()) as SearchResult;
    expect(r.results[0]?.capabilities[0]?.why.length).toBeGreaterThan(0);
    expect(r.results[0]?.capabilities[0]?.why[0]?.fields.length).toBeGreaterThan(0);
  });

  it("sorts by CapRank and by price (free first); relevance is the engine's order", async () => {
    const s = await core.snapshot();
    const byRank = cards(await html(`${DOG}&sort=caprank`)).map((c) => s.cards.get(c.slug)?.capRank ?? -1);
    expect(byRank.length).toBeGreaterThan(3);
    expect(byRank).toEqual([...byRank].sort((a, b) => b - a));
    const relevance = cards(await html(DOG)).map((c) => c.slug);
    expect(relevance).not.toEqual(cards(await html(`${DOG}&sort=caprank`)).map((c) => c.slug));
    const priced = cards(await html("/search?q=chat+model+api&sort=price")).map((c) => c.slug);
    const keys = priced.map((slug) => {
      const a = s.bySlug.get(slug);
      return a
        ? priceOrder({
            pricing: { ...a.pricing, startingPrice: startingPrice(a.pricing.prices), normalized: [], headline: null },
          })
        : [9, 0];
    });
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)));
    const bad = await app.request(`${DOG}&sort=popularity`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("BAD_QUERY_PARAM");
  });

  it("every result has a compare checkbox tied to one form that goes to the picker", async () => {
    const page = await html(DOG);
    expect(page).toContain('<form id="cmp" class="cmp-bar" action="/compare" method="get">');
    for (const { slug, body } of cards(page))
      expect(body).toContain(`<input class="pick" type="checkbox" name="s" value="${slug}" form="cmp"/>`);
  });
});

describe("compare picker (finding: both slots defaulted to one artifact; a bad pick gave a 400 page naming an API URL)", () => {
  it("preselects nothing and offers every artifact by type-ahead", async () => {
    const page = await html("/compare");
    expect(page).not.toMatch(/<option[^>]* selected/);
    expect([...page.matchAll(/<input name="s" list="artifact-options" value=""/g)].length).toBe(6);
    expect([...page.matchAll(/<option value="[^"]+" label="/g)].length).toBe((await core.snapshot()).artifacts.length);
  });

  it("two to six picks (slug or name) go straight to the comparison", async () => {
    const two = await app.request("/compare?go=1&s=whisper&s=GPT-4o&s=&s=");
    expect(two.status).toBe(303);
    expect(two.headers.get("location")).toBe("/compare/whisper-vs-gpt-4o");
    const three = await app.request("/compare?go=1&s=whisper&s=gpt-4o&s=claude-code");
    expect(three.headers.get("location")).toBe("/compare/whisper-vs-gpt-4o-vs-claude-code");
    expect((await app.request(three.headers.get("location") ?? "")).status).toBe(200);
  });

  it("a bad pick comes back as the picker with what to fix, never an API URL", async () => {
    for (const [url, says] of [
      ["/compare?go=1&s=whisper&s=whispr", "did you mean OpenAI: Whisper?"],
      ["/compare?go=1&s=whisper&s=whisper", "is picked twice"],
      ["/compare?go=1&s=whisper", "add at least one more"],
      ["/compare?go=1&s=whisper&s=gpt-4o&s=o3&s=cursor&s=aider&s=claude-code&s=qdrant", "at most 6"],
    ] as const) {
      const res = await app.request(url);
      expect(res.status, url).toBe(400);
      const page = await res.text();
      expect(page, url).toContain('role="alert"');
      expect(page, url).toContain(says);
      expect(page, url).not.toContain("/api/v1/compare");
      expect(page, url).toContain('<form class="picker card" action="/compare" method="get">');
    }
  });

  it("a link that preselects one artifact is not an error", async () => {
    const res = await app.request("/compare?s=whisper");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('value="whisper"');
  });

  it("resolvePicks accepts the type-ahead label 'Name (Kind)'", async () => {
    const s = await core.snapshot();
    expect(
      resolvePicks(["OpenAI: Whisper (Model)", "cursor"], s.artifacts, (k) => (k === "model" ? "Model" : k)),
    ).toEqual({ ok: true, slugs: ["whisper", "cursor"] });
  });
});

describe("artifact page (findings: no alternatives, '.;' in lists, cards without padding)", () => {
  it("lists alternatives by capability overlap, each one click from a comparison", async () => {
    const page = await html("/a/dreambooth-stable-diffusion");
    expect(page).toContain('<h2 id="alt-h">Alternatives</h2>');
    const s = await core.snapshot();
    const a = s.bySlug.get("dreambooth-stable-diffusion");
    if (!a) throw new Error("demo catalog lacks dreambooth-stable-diffusion");
    const alts = alternatives(a, s.artifacts, core.taxonomy, (x) => s.cards.get(x)?.capRank ?? 0);
    expect(alts.length).toBe(5);
    for (const x of alts) expect(page).toContain(`href="/compare/dreambooth-stable-diffusion-vs-${x.slug}"`);
    expect(page).toContain(`href="/compare/dreambooth-stable-diffusion-vs-${alts.map((x) => x.slug).join("-vs-")}"`);
  });

  it("alternatives are ordered by overlap, exclude the artifact itself and artifacts sharing only a top-level area", async () => {
    const s = await core.snapshot();
    for (const a of s.artifacts) {
      const alts = alternatives(a, s.artifacts, core.taxonomy, () => 0, 100);
      expect(alts.map((x) => x.slug)).not.toContain(a.slug);
      expect(alts.map((x) => x.overlap)).toEqual([...alts.map((x) => x.overlap)].sort((p, q) => q - p));
      for (const x of alts) expect(x.shared.some((n) => n.uri.slice(13).includes("."))).toBe(true);
    }
    // Like finds like: the other text-to-image model with LoRA first, vector stores among vector stores.
    const near = (slug: string) => {
      const a = s.bySlug.get(slug);
      if (!a) throw new Error(`demo catalog lacks ${slug}`);
      return alternatives(a, s.artifacts, core.taxonomy, () => 0).map((x) => x.slug);
    };
    expect(near("stable-diffusion-xl")[0]).toBe("flux-1-dev");
    expect(near("qdrant").slice(0, 4).sort()).toEqual(["milvus", "pgvector", "pinecone", "weaviate"]);
  });

  it("no artifact page renders '.;' (every list of the demo catalog checked)", async () => {
    const s = await core.snapshot();
    let lists = 0;
    for (const a of s.artifacts) {
      const page = await html(`/a/${a.slug}`);
      expect(page, a.slug).not.toMatch(/\.;/);
      lists += a.capabilities.filter((c) => c.bestFor.length + c.limitations.length + c.requires.length > 0).length;
    }
    expect(lists).toBeGreaterThan(0);
    expect(clauses(["Fast.", "cheap;", " small "])).toBe("Fast; cheap; small.");
  });

  it("capability cards have inner padding", async () => {
    const css = await html("/a/whisper");
    expect(css).toMatch(/\.card\.cap\{padding:1rem/);
  });

  it("prices read in common units", () => {
    expect(formatPrice({ amount: 0.0000025, currency: "USD", unit: "prompt-token" })).toBe("$2.50 / 1M input tokens");
    expect(formatPrice({ amount: 0.00001, currency: "USD", unit: "completion-token" })).toBe("$10 / 1M output tokens");
    expect(formatPrice({ amount: 20, currency: "USD", unit: "seat-month" })).toBe("$20 / seat/month");
    expect(formatPrice({ amount: 5, currency: "USD", unit: "1m-input-tokens" })).toBe("$5 / 1M input tokens");
  });
});

describe("taxonomy browser (finding: one 10,600 px list, no way from a node to its best artifacts)", () => {
  it("is a collapsible tree with artifact counts per node and links to leaderboards and resolve", async () => {
    const page = await html("/taxonomy");
    const s = await core.snapshot();
    for (const n of core.taxonomy.nodes) {
      const path = n.uri.slice("capability://".length);
      // Counted independently: artifacts with a capability on the node or below it.
      const count = s.artifacts.filter((a) =>
        a.capabilities.some((c) => c.uri === n.uri || c.uri.startsWith(`${n.uri}.`)),
      ).length;
      const item = new RegExp(
        `<li id="${path.replace(/\./g, "\\.")}"[^>]*>[\\s\\S]*?<span class="count[^"]*">${count === 0 ? "no artifacts yet" : `${count} artifacts?`}</span>`,
      );
      expect(page, n.uri).toMatch(item);
      expect(page, n.uri).toContain(`href="/api/v1/resolve?uri=${encodeURIComponent(n.uri)}"`);
      if (count > 0) expect(page, n.uri).toContain(`href="/leaderboards/capability/${path}"`);
    }
    const branches = core.taxonomy.nodes.filter((n) => core.taxonomy.children(n.uri).length > 0).length;
    expect([...page.matchAll(/<details>/g)].length).toBe(branches);
    expect(page).not.toMatch(/<summary>(?:(?!<\/summary>)[^])*<a /);
  });
});

describe("explanations that work on touch (finding: the meaning of '85%' was a hover title)", () => {
  it("evidence badges say what the percentage is in their text, without a hover-only title", async () => {
    const page = await html("/a/whisper");
    const badges = [...page.matchAll(/<span class="badge ev-[a-z]+"([^>]*)>([^<]*)<\/span>/g)];
    expect(badges.length).toBeGreaterThan(2);
    for (const [, attrs, text] of badges) {
      expect(attrs).not.toContain("title=");
      if (/%/.test(text ?? "")) expect(text).toMatch(/\d+% confidence$/);
    }
  });
});
