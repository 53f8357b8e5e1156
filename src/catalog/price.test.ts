import { describe, expect, it } from "vitest";
import { comparablePrices, formatMoney, normalizePrice, priceHeadline } from "./price.js";
import { formatPrice, startingPrice } from "../rank/view.js";

const gpt54pro = [
  { amount: 0.00003, currency: "USD", unit: "prompt-token", note: "$30 per 1M input tokens" },
  { amount: 0.00018, currency: "USD", unit: "completion-token", note: "$180 per 1M output tokens" },
];

describe("prices as people read them (finding: '$3.00e-5 per prompt token' is unreadable)", () => {
  it("normalises per-token prices to $ / 1M tokens and keeps the raw value", () => {
    const n = normalizePrice(gpt54pro[0]!);
    expect(n).toMatchObject({
      amount: 30,
      currency: "USD",
      unit: "1M input tokens",
      common: true,
      text: "$30 / 1M input tokens",
    });
    expect(n.raw).toEqual(gpt54pro[0]);
    expect(formatPrice(gpt54pro[1]!)).toBe("$180 / 1M output tokens");
  });

  it("writes the headline the manifest note already knew: input before output", () => {
    expect(priceHeadline([...gpt54pro].reverse())).toBe("$30 / 1M input, $180 / 1M output");
    expect(
      priceHeadline([
        { amount: 0.00000125, currency: "USD", unit: "prompt-token" },
        { amount: 0.00001, currency: "USD", unit: "completion-token" },
      ]),
    ).toBe("$1.25 / 1M input, $10 / 1M output");
    expect(priceHeadline([])).toBeNull();
  });

  it("per image, per minute, per seat and month, and unknown units in words", () => {
    expect(normalizePrice({ amount: 0.04, currency: "USD", unit: "image" }).text).toBe("$0.04 / image");
    expect(normalizePrice({ amount: 0.0001, currency: "USD", unit: "second" }).text).toBe("$0.006 / minute");
    expect(normalizePrice({ amount: 19, currency: "USD", unit: "seat-month" }).text).toBe("$19 / seat/month");
    expect(normalizePrice({ amount: 10, currency: "EUR", unit: "month" }).text).toBe("€10 / month");
    const odd = normalizePrice({ amount: 2, currency: "USD", unit: "gpu-hour" });
    expect(odd).toMatchObject({ text: "$2 / gpu hour", common: false });
  });

  it("formats money without float noise or scientific notation", () => {
    expect(formatMoney(0.3, "USD")).toBe("$0.30");
    expect(formatMoney(2.5, "USD")).toBe("$2.50");
    expect(formatMoney(0.00042, "USD")).toBe("$0.00042");
    expect(formatMoney(12, "JPY")).toBe("12 JPY");
    expect(normalizePrice({ amount: 0.0000003, currency: "USD", unit: "prompt-token" }).amount).toBe(0.3);
  });

  it("starting price is the cheapest in common units, raw kept", () => {
    const s = startingPrice(gpt54pro);
    expect(s).toMatchObject({ amount: 30, unit: "1M input tokens", text: "$30 / 1M input tokens" });
    expect(s?.raw.unit).toBe("prompt-token");
  });

  it("finds the common unit two price lists share", () => {
    const c = comparablePrices(gpt54pro, [
      { amount: 0.000003, currency: "USD", unit: "prompt-token" },
      { amount: 0.000015, currency: "USD", unit: "completion-token" },
    ]);
    expect(c.map((x) => [x.unit, x.a.amount, x.b.amount])).toEqual([
      ["1M input tokens", 30, 3],
      ["1M output tokens", 180, 15],
    ]);
    expect(comparablePrices(gpt54pro, [{ amount: 19, currency: "USD", unit: "seat-month" }])).toEqual([]);
  });
});
