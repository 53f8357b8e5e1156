import { expect, it } from "vitest";
import { describeInBrowser, useDemoBrowser } from "./browser.js";

describeInBrowser("Chromium: a leaderboard page (finding 14.4)", () => {
  const env = useDemoBrowser();

  it("shows the rows in the published order with tied places as '=N', at 1280 and 390 px without overflow", async () => {
    const board = await env.core.leaderboard({ kind: "model" });
    for (const width of [1280, 390]) {
      const p = await env.browser.newPage({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      await p.goto(`${env.server.url}/leaderboards/model`);
      expect(await p.locator("h1").innerText()).toBe("Models leaderboard");
      expect(await p.locator(".rule").innerText()).toContain("lower end of the CapRank range");
      const rows = p.locator("table.board tbody tr");
      expect(await rows.count()).toBe(board.rows.length);
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-slug")))).toEqual(
        board.rows.map((r) => r.slug),
      );
      const places = await p.locator("table.board td.place").allInnerTexts();
      expect(places).toEqual(board.rows.map((r) => r.placeText));
      expect(places.some((x) => x.startsWith("="))).toBe(true);
      expect(await p.evaluate(() => document.documentElement.scrollWidth), `${width}px`).toBeLessThanOrEqual(width);
      await p.close();
    }
  });

  it("filters work without JavaScript, and 'compare with neighbours' opens a compare page that places every artifact", async () => {
    const p = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    await p.goto(`${env.server.url}/leaderboards/model`);
    await p.locator("select[name=license]").selectOption("open-source");
    await p.getByRole("button", { name: "Apply" }).click();
    await p.waitForURL(/license=open-source/);
    const licences = await p.locator("table.board td[data-label=Licence]").allInnerTexts();
    expect(licences.length).toBeGreaterThan(0);
    expect(licences.every((l) => /^(MIT|Apache-2\.0|BSD|GPL)/.test(l))).toBe(true);
    const second = p.locator("table.board tbody tr").nth(1);
    const names = await p
      .locator("table.board tbody tr td:nth-child(2)")
      .evaluateAll((tds) => tds.slice(0, 3).map((td) => td.textContent ?? ""));
    await second.getByRole("link", { name: "compare with neighbours" }).click();
    await p.waitForURL(/\/compare\//);
    expect(await p.locator("h1").innerText()).toBe(names.join(" vs "));
    expect(await p.locator("ul.choose > li").count()).toBe(3);
    await p.close();
  });
});
