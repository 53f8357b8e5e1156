import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { describeInBrowser, useDemoBrowser } from "./browser.js";

/** Every page of the site, with real slugs; comparisons 2-way, 3-way and the 6-way maximum. */
const PAGES = [
  "/",
  "/search?q=fine-tune+stable+diffusion+on+photos+of+my+dog",
  "/search",
  "/a/dreambooth-stable-diffusion",
  "/a/whisper",
  "/compare",
  "/compare?go=1&s=whisper&s=whispr",
  "/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion",
  "/compare/whisper-vs-gpt-5-4-pro-vs-dreambooth-stable-diffusion",
  "/compare/whisper-vs-gpt-4o-vs-claude-code-vs-o3-vs-cursor-vs-aider",
  "/methodology",
  "/taxonomy",
  "/docs/api",
  "/no-such-page",
];
const WIDTHS = [390, 1280] as const;
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

async function axeSerious(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: backgrounds here are opaque). */
function contrast(fg: string, bg: string): number {
  const lum = (c: string) => {
    const [r, g, b] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describeInBrowser("Chromium: every page, on a phone and a desktop", () => {
  const env = useDemoBrowser();
  const contexts = new Map<string, BrowserContext>();
  /** One page per width and JavaScript setting, reused across tests to keep the suite quick. */
  const pageFor = async (width: number, js = true): Promise<Page> => {
    const key = `${width}:${js}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = await env.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: js });
      contexts.set(key, ctx);
    }
    return ctx.pages()[0] ?? ctx.newPage();
  };

  for (const width of WIDTHS) {
    it(`at ${width} px no page scrolls sideways and none has a serious or critical accessibility violation`, async () => {
      const page = await pageFor(width);
      const problems: string[] = [];
      for (const url of PAGES) {
        await page.goto(env.server.url + url);
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        if (scroll > client) problems.push(`${url}: ${scroll} px wide in a ${client} px window`);
        for (const v of await axeSerious(page)) problems.push(`${url}: ${v}`);
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it("at 320 px the comparisons still fit", async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 320, height: 700 } });
    const page = await ctx.newPage();
    for (const url of PAGES.filter((u) => u.startsWith("/compare/") || u.startsWith("/methodology"))) {
      await page.goto(env.server.url + url);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(320);
    }
    await ctx.close();
  });

  it("the type-ahead is readable, keyboard-usable and accessible (finding: white text on a white box)", async () => {
    for (const width of WIDTHS) {
      const page = await pageFor(width);
      await page.goto(`${env.server.url}/`);
      const input = page.locator("#site-q");
      await input.pressSequentially("speech", { delay: 20 });
      const box = page.getByRole("listbox");
      await box.waitFor();
      expect(await input.getAttribute("aria-expanded")).toBe("true");
      expect(await page.locator(".suggest .group-title").allInnerTexts()).toEqual(["ARTIFACTS", "CAPABILITY AREAS"]);
      // Computed colours of every option against the box: at least 4.5:1 (WCAG AA).
      const colours = await page.locator(".suggest .opt-main").evaluateAll((els) =>
        els.map((e) => {
          let bg = "rgba(0, 0, 0, 0)";
          for (let n: Element | null = e; n && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); n = n.parentElement)
            bg = getComputedStyle(n).backgroundColor;
          return { fg: getComputedStyle(e).color, bg, visible: (e as HTMLElement).offsetWidth > 0 };
        }),
      );
      expect(colours.length).toBeGreaterThan(1);
      for (const c of colours) {
        expect(c.visible).toBe(true);
        expect(contrast(c.fg, c.bg), `${c.fg} on ${c.bg}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(await axeSerious(page)).toEqual([]);
      // Arrow keys move the active option; Escape closes; Enter opens the active one.
      await input.press("ArrowDown");
      const first = await input.getAttribute("aria-activedescendant");
      expect(first).toBeTruthy();
      expect(await page.locator(`#${first}`).getAttribute("aria-selected")).toBe("true");
      await input.press("ArrowDown");
      expect(await input.getAttribute("aria-activedescendant")).not.toBe(first);
      await input.press("ArrowUp");
      expect(await input.getAttribute("aria-activedescendant")).toBe(first);
      await input.press("Escape");
      expect(await box.isHidden()).toBe(true);
      expect(await input.getAttribute("aria-expanded")).toBe("false");
      await input.press("ArrowDown");
      await box.waitFor();
      await input.press("ArrowDown");
      const target = await page
        .locator(`#${await input.getAttribute("aria-activedescendant")}`)
        .getAttribute("data-href");
      await input.press("Enter");
      await page.waitForURL((u) => u.pathname + u.search === target);
      expect(await page.locator("h1").innerText()).toBeTruthy();
    }
  });

  it("Enter without a chosen suggestion still searches", async () => {
    const page = await pageFor(1280);
    await page.goto(`${env.server.url}/`);
    await page.locator("#site-q").fill("transcribe a podcast");
    await page.locator("#site-q").press("Enter");
    await page.waitForURL(/\/search\?q=transcribe/);
    expect(await page.locator("article.result").count()).toBeGreaterThan(0);
  });

  it("ticking three results and pressing Compare builds a 3-way comparison", async () => {
    const page = await pageFor(390);
    await page.goto(`${env.server.url}/search?q=fine-tune+stable+diffusion+on+photos+of+my+dog`);
    const go = page.locator("#cmp-go");
    expect(await go.isDisabled()).toBe(true);
    const picks = page.locator("article.result input.pick");
    const slugs: string[] = [];
    for (let i = 0; i < 3; i++) {
      await picks.nth(i).check();
      slugs.push((await picks.nth(i).getAttribute("value")) ?? "");
    }
    expect(await page.locator("#cmp-status").innerText()).toBe("3 picked.");
    await go.click();
    await page.waitForURL(`**/compare/${slugs.join("-vs-")}`);
    const s = await env.core.snapshot();
    expect(await page.locator("h1").innerText()).toBe(slugs.map((x) => s.bySlug.get(x)?.name).join(" vs "));
  });

  it("no more than six can be ticked", async () => {
    const page = await pageFor(1280);
    await page.goto(`${env.server.url}/search?q=model&limit=10`);
    const picks = page.locator("article.result input.pick");
    expect(await picks.count()).toBeGreaterThan(6);
    for (let i = 0; i < 6; i++) await picks.nth(i).check();
    expect(await picks.nth(6).isDisabled()).toBe(true);
    expect(await page.locator("#cmp-status").innerText()).toContain("6 picked");
  });

  describe("with JavaScript off", () => {
    it("every page renders its content", async () => {
      const page = await pageFor(390, false);
      for (const url of PAGES) {
        await page.goto(env.server.url + url);
        expect((await page.locator("h1").innerText()).length, url).toBeGreaterThan(0);
      }
    });

    it("the header search is a plain form", async () => {
      const page = await pageFor(390, false);
      await page.goto(`${env.server.url}/taxonomy`);
      await page.locator("#site-q").fill("speech to text");
      await page.locator("form.search button").click();
      await page.waitForURL(/\/search\?q=speech\+to\+text/);
      expect(await page.locator("article.result").count()).toBeGreaterThan(0);
    });

    it("the compare checkboxes build a 3-way comparison", async () => {
      const page = await pageFor(1280, false);
      await page.goto(`${env.server.url}/search?q=vector+database`);
      const picks = page.locator("article.result input.pick");
      const slugs: string[] = [];
      for (let i = 0; i < 3; i++) {
        await picks.nth(i).check();
        slugs.push((await picks.nth(i).getAttribute("value")) ?? "");
      }
      await page.locator("#cmp-go").click();
      await page.waitForURL(`**/compare/${slugs.join("-vs-")}`);
    });

    it("the picker compares typed names and explains a bad pick", async () => {
      const page = await pageFor(390, false);
      await page.goto(`${env.server.url}/compare`);
      const slots = page.locator("form.picker input[name=s]");
      await slots.nth(0).fill("whisper");
      await slots.nth(1).fill("OpenAI: GPT-4o");
      await slots.nth(2).fill("claude-code");
      await page.locator("form.picker button").click();
      await page.waitForURL("**/compare/whisper-vs-gpt-4o-vs-claude-code");
      await page.goto(`${env.server.url}/compare`);
      await slots.nth(0).fill("whisper");
      await slots.nth(1).fill("whisper");
      await page.locator("form.picker button").click();
      expect(await page.getByRole("alert").innerText()).toContain("picked twice");
    });

    it("the taxonomy tree opens and closes, and an alternative is one click from a comparison", async () => {
      const page = await pageFor(1280, false);
      await page.goto(`${env.server.url}/taxonomy`);
      const audio = page.locator("li#audio > details");
      expect(await audio.getAttribute("open")).toBeNull();
      expect(await page.locator("li#audio\\.speech-to-text").isVisible()).toBe(false);
      await audio.locator("> summary").click();
      expect(await page.locator("li#audio\\.speech-to-text").isVisible()).toBe(true);
      await page.goto(`${env.server.url}/a/dreambooth-stable-diffusion`);
      const compare = page
        .locator("ul.alts li")
        .first()
        .getByRole("link", { name: /^Compare / });
      await compare.click();
      await page.waitForURL(/\/compare\/dreambooth-stable-diffusion-vs-/);
      expect(await page.locator("h1").innerText()).toContain("Dreambooth-Stable-Diffusion vs ");
    });
  });
});
