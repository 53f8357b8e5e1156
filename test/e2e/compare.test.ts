import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Capgraph } from "../../src/capgraph.js";
import { demoCore } from "../helpers.js";
import { chromiumMissingMessage, describeInBrowser, HAVE_CHROMIUM, launchBrowser, startServer } from "./browser.js";

if (!HAVE_CHROMIUM)
  process.stderr.write(
    `\n!!! ${chromiumMissingMessage()} Browser tests are SKIPPED outside CI and FAIL under CI=true.\n\n`,
  );

describeInBrowser("Chromium: the seed comparison page", () => {
  let core: Capgraph;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    core = await demoCore();
    server = await startServer(core);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    await page.goto(`${server.url}/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("has the title and subtitle", async () => {
    expect(await page.locator("h1").innerText()).toBe("OpenAI: GPT-5.4 Pro vs Dreambooth-Stable-Diffusion");
    expect(await page.getByText("Side-by-side comparison to help you choose.").count()).toBe(1);
    expect(await page.title()).toContain("OpenAI: GPT-5.4 Pro vs Dreambooth-Stable-Diffusion");
  });

  it("has every row of the table, with the computed values", async () => {
    const expected = await core.compare(["gpt-5-4-pro", "dreambooth-stable-diffusion"]);
    const row = async (label: string) =>
      (
        await page
          .locator("table.cmp tbody tr", { has: page.locator("th", { hasText: new RegExp(`^${label}$`) }) })
          .first()
          .innerText()
      ).replace(/\s+/g, " ");
    for (const label of [
      "Type",
      "CapRank",
      "Adoption",
      "Quality",
      "Ecosystem",
      "Match Graph",
      "Freshness",
      "Pricing",
      "Prices",
      "Capabilities",
      "Times matched",
      "Licence",
      "Provider",
    ]) {
      expect(await row(label), label).toBeTruthy();
    }
    expect(await row("Type")).toBe("Type Model Repository");
    const [a, b] = expected.artifacts;
    expect(await row("CapRank")).toContain(`${a?.capRank}/100`);
    expect(await row("CapRank")).toContain(`${b?.capRank}/100`);
    expect(await row("Pricing")).toBe("Pricing Paid Free · free tier");
    expect(await row("Prices")).toBe("Prices $30 / 1M input tokens $180 / 1M output tokens —");
    expect(await row("Capabilities")).toBe("Capabilities 12 decomposed 12 decomposed");
    expect(await row("Times matched")).toMatch(/^Times matched \d+ \d+$/);
    expect(await row("Adoption")).toContain("no data");
    expect(await row("Licence")).toContain("MIT");
    expect(await row("Provider")).toContain("OpenAI");
  });

  it("shows provenance of a sub-score on expand", async () => {
    const quality = page.locator("tr[data-row=quality] details.prov").first();
    await quality.locator("summary").click();
    expect(await quality.locator("li").count()).toBeGreaterThan(0);
    expect(await quality.innerText()).toContain("evidence level of capabilities");
  });

  it("lists capabilities with Unique and vs alternatives, 8 visible, the rest behind +N more", async () => {
    for (const [slug, total] of [
      ["gpt-5-4-pro", 12],
      ["dreambooth-stable-diffusion", 12],
    ] as const) {
      const col = page.locator(`section[data-slug=${slug}]`);
      const visible = col.locator(":scope > article.cap");
      expect(await visible.count()).toBe(8);
      expect(await col.locator("article.cap").first().innerText()).toMatch(/Unique:[\s\S]*vs alternatives:/);
      const more = col.locator("details.more");
      expect(await more.locator(":scope > summary").innerText()).toBe(`+${total - 8} more capabilities`);
      expect(await more.locator("article.cap").first().isVisible()).toBe(false);
      await more.locator(":scope > summary").click();
      expect(await more.locator("article.cap").first().isVisible()).toBe(true);
      expect(await col.locator("article.cap:visible").count()).toBe(total);
    }
  });

  it("puts the decision first: not substitutes, what each is for, choose-if for both, then alignment and capabilities", async () => {
    const expected = await core.compare(["gpt-5-4-pro", "dreambooth-stable-diffusion"]);
    const claim = (kind: string) => expected.verdict.claims.filter((c) => c.kind === kind);
    const glance = page.locator("section.glance");
    expect(await glance.locator(".substitutes").innerText()).toBe(claim("substitutes")[0]?.text);
    expect(await glance.locator(".substitutes").getAttribute("data-substitutes")).toBe("false");
    expect(await glance.locator("ul.purpose > li").allInnerTexts()).toEqual(claim("purpose").map((c) => c.text));
    expect(await glance.locator("ul.purpose").innerText()).toContain("hosted model");
    expect(await glance.locator("ul.purpose").innerText()).toContain("self-hosted repository");
    const choose = glance.locator("ul.choose > li");
    expect(await choose.count()).toBe(2);
    expect(await choose.nth(1).innerText()).toContain("you want a free tier");
    expect(await glance.locator(".fact").count()).toBe(2);
    expect(await glance.locator(".fact").first().innerText()).toContain("$30 / 1M input, $180 / 1M output");
    const y = async (sel: string) => (await page.locator(sel).first().boundingBox())?.y ?? -1;
    const order = [await y("section.glance"), await y("#scores-h"), await y("#align-h"), await y("section[data-slug]")];
    expect(order).toEqual([...order].sort((p, q) => p - q));
    expect(await page.locator("#align-h").innerText()).toBe("Capability alignment");
    const link = page.getByRole("link", { name: "Search the match graph →" });
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute("href")).toMatch(/^\/search\?q=/);
    expect(await page.getByText("Need something different?").count()).toBe(1);
  });

  it("explanations open on tap, not hover: what would change the verdict, the range, evidence levels", async () => {
    const box = page.locator("details.changes-box");
    expect(await box.locator("li").first().isVisible()).toBe(false);
    await box.locator("summary").click();
    expect(await box.locator("li").first().isVisible()).toBe(true);
    expect(await box.locator("li").count()).toBe(
      (await core.compare(["gpt-5-4-pro", "dreambooth-stable-diffusion"])).verdict.claims.filter(
        (c) => c.kind === "change",
      ).length,
    );
    const tip = page.locator("article.cap details.tip").first();
    await tip.locator("summary").click();
    expect(await tip.innerText()).toMatch(/Documented: taken from the artifact's own documentation/);
  });

  for (const [slugs, n] of [
    ["gpt-5-4-pro-vs-dreambooth-stable-diffusion", 2],
    ["gpt-5-vs-claude-sonnet-4-5-vs-gemini-2-5-pro", 3],
  ] as const) {
    it(`${n}-way compare: no horizontal overflow at 390 px; at 320 px nothing of the page's own content spills out`, async () => {
      for (const width of [390, 320]) {
        const p = await browser.newPage({ viewport: { width, height: 800 }, javaScriptEnabled: false });
        await p.goto(`${server.url}/compare/${slugs}`);
        // Content inside the scores table's own scroll box may scroll; nothing else may be wider than the screen.
        const spill = await p.evaluate(
          (w) =>
            Array.from(document.querySelectorAll(".cmp-page *"))
              .filter((e) => !e.closest(".cmp-scroll") && e.getBoundingClientRect().right > w + 0.5)
              .map((e) => `${e.tagName}.${e.className}`),
          width,
        );
        expect(spill, `${width}px`).toEqual([]);
        if (width === 390)
          expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        expect(await p.locator("ul.choose > li").count()).toBe(n);
        await p.close();
      }
    });
  }

  it("saves a screenshot", async () => {
    await page.goto(`${page.url()}`);
    const out = path.resolve("test-results", "compare.png");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    expect(fs.statSync(out).size).toBeGreaterThan(10_000);
    // The README shows the top of the page (the decision block).
    await page.screenshot({
      path: path.resolve("test-results", "compare-top.png"),
      clip: { x: 0, y: 0, width: 1280, height: 1250 },
    });
  });

  it("the search page explains results and records a yes/no answer without JavaScript", async () => {
    const p = await browser.newPage({ javaScriptEnabled: false });
    await p.goto(`${server.url}/search?q=${encodeURIComponent("fine-tune stable diffusion on photos of my dog")}`);
    const first = p.locator("article.result").first();
    expect(await first.locator("mark").count()).toBeGreaterThan(0);
    expect(await first.locator(".why-text").first().textContent()).toMatch(/^Matches “/);
    const slug = (await first.getAttribute("id"))?.slice(2) ?? "";
    const before = (await core.card(slug)).summary;
    await first.getByRole("button", { name: /^Yes/ }).click();
    await p.waitForURL(/fb=1/);
    expect(await p.getByRole("status").innerText()).toContain("Thanks");
    const after = await core.snapshot().then((s) => s.outcomes.artifacts.get(slug));
    expect(after?.successes).toBe(1);
    expect(before.slug).toBe(slug);
    await p.close();
  });

  it("search-as-you-type suggests artifacts when JavaScript is on", async () => {
    const p = await browser.newPage();
    await p.goto(`${server.url}/`);
    await p.locator("#site-q").fill("transcribe audio");
    await p.locator(".suggest [role=option]").first().waitFor({ timeout: 5000 });
    expect(await p.locator(".suggest [role=option]").count()).toBeGreaterThan(0);
    await p.close();
  });
});
