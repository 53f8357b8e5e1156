import type { Price } from "./schema.js";

/**
 * Prices as people read them. Manifests list prices per the vendor's own unit (often per
 * single token); every surface shows them per a common unit instead, so two artifacts can be
 * compared at a glance: "$30 / 1M input, $180 / 1M output" rather than "$3.00e-5 per prompt token".
 * The raw value is kept beside the normalised one.
 */

/** A common unit and how many of the vendor's units make one of it. */
interface UnitRule {
  unit: CommonUnit;
  factor: number;
}

export const COMMON_UNITS = [
  "1M input tokens",
  "1M output tokens",
  "1M tokens",
  "1M characters",
  "image",
  "minute",
  "seat/month",
  "month",
  "request",
] as const;
export type CommonUnit = (typeof COMMON_UNITS)[number];

/** Short labels for the headline ("$30 / 1M input"). */
const SHORT: Record<CommonUnit, string> = {
  "1M input tokens": "1M input",
  "1M output tokens": "1M output",
  "1M tokens": "1M tokens",
  "1M characters": "1M characters",
  image: "image",
  minute: "minute",
  "seat/month": "seat/month",
  month: "month",
  request: "request",
};

/** Vendor units (kebab-case, as manifests write them) → common unit and multiplier. */
export const UNIT_RULES: Readonly<Record<string, UnitRule>> = {
  "prompt-token": { unit: "1M input tokens", factor: 1e6 },
  "input-token": { unit: "1M input tokens", factor: 1e6 },
  "1k-input-tokens": { unit: "1M input tokens", factor: 1e3 },
  "1m-input-tokens": { unit: "1M input tokens", factor: 1 },
  "completion-token": { unit: "1M output tokens", factor: 1e6 },
  "output-token": { unit: "1M output tokens", factor: 1e6 },
  "1k-output-tokens": { unit: "1M output tokens", factor: 1e3 },
  "1m-output-tokens": { unit: "1M output tokens", factor: 1 },
  token: { unit: "1M tokens", factor: 1e6 },
  "1k-tokens": { unit: "1M tokens", factor: 1e3 },
  "1m-tokens": { unit: "1M tokens", factor: 1 },
  character: { unit: "1M characters", factor: 1e6 },
  "1k-characters": { unit: "1M characters", factor: 1e3 },
  "1m-characters": { unit: "1M characters", factor: 1 },
  image: { unit: "image", factor: 1 },
  second: { unit: "minute", factor: 60 },
  minute: { unit: "minute", factor: 1 },
  hour: { unit: "minute", factor: 1 / 60 },
  "seat-month": { unit: "seat/month", factor: 1 },
  "user-month": { unit: "seat/month", factor: 1 },
  month: { unit: "month", factor: 1 },
  request: { unit: "request", factor: 1 },
};

export interface NormalizedPrice {
  /** Amount per `unit`; for an unknown vendor unit, the raw amount per the raw unit. */
  amount: number;
  currency: string;
  /** A common unit, or the vendor's unit in words when it has no common equivalent. */
  unit: string;
  /** True when `unit` is one of COMMON_UNITS (so amounts of two artifacts can be compared). */
  common: boolean;
  /** "$30 / 1M input tokens" */
  text: string;
  note: string | null;
  raw: Price;
}

const CURRENCY_SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£" };

/** "$30", "$1.25", "$0.30", "$0.0004": whole amounts without cents, small ones to two significant digits. */
export function formatMoney(amount: number, currency: string): string {
  const rounded = Math.round(amount * 100) / 100;
  const digits =
    amount === 0
      ? "0"
      : amount >= 0.01
        ? Number.isInteger(rounded)
          ? String(rounded)
          : rounded.toFixed(2)
        : String(Number(amount.toPrecision(2)));
  const sym = CURRENCY_SYMBOL[currency];
  return sym ? `${sym}${digits}` : `${digits} ${currency}`;
}

/** One price per its common unit, with the raw value kept. */
export function normalizePrice(p: Price): NormalizedPrice {
  const rule = UNIT_RULES[p.unit];
  const amount = rule ? p.amount * rule.factor : p.amount;
  // Multiplying a per-token float by 1e6 leaves noise (30.000000000000004): keep 10 significant digits.
  const clean = Number(amount.toPrecision(10));
  const unit = rule ? rule.unit : p.unit.replace(/-/g, " ");
  return {
    amount: clean,
    currency: p.currency,
    unit,
    common: rule !== undefined,
    text: `${formatMoney(clean, p.currency)} / ${unit}`,
    note: p.note ?? null,
    raw: p,
  };
}

/**
 * The headline people read: every listed price in common units, input before output,
 * "$30 / 1M input, $180 / 1M output". The one place prices become text; every surface calls it.
 */
export function priceHeadline(prices: readonly Price[]): string | null {
  if (prices.length === 0) return null;
  const order = (n: NormalizedPrice) => {
    const i = COMMON_UNITS.indexOf(n.unit as CommonUnit);
    return i < 0 ? COMMON_UNITS.length : i;
  };
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const n of prices.map(normalizePrice).sort((x, y) => order(x) - order(y) || x.amount - y.amount)) {
    // One entry per unit: the cheapest (tiers of the same unit are in the full price table).
    if (seen.has(n.unit)) continue;
    seen.add(n.unit);
    parts.push(`${formatMoney(n.amount, n.currency)} / ${n.common ? SHORT[n.unit as CommonUnit] : n.unit}`);
  }
  return parts.join(", ");
}

/**
 * The cheapest USD price per common unit that two price lists share (input and output
 * tokens, seats…), in COMMON_UNITS order, for "cheaper by" claims. Empty when they share none.
 */
export function comparablePrices(
  a: readonly Price[],
  b: readonly Price[],
): { unit: CommonUnit; a: NormalizedPrice; b: NormalizedPrice }[] {
  const ma = cheapestPerUnit(a),
    mb = cheapestPerUnit(b);
  return COMMON_UNITS.flatMap((unit) => {
    const x = ma.get(unit),
      y = mb.get(unit);
    return x && y ? [{ unit, a: x, b: y }] : [];
  });
}

function cheapestPerUnit(ps: readonly Price[]): Map<string, NormalizedPrice> {
  const m = new Map<string, NormalizedPrice>();
  for (const n of ps.map(normalizePrice)) {
    if (!n.common || n.currency !== "USD") continue;
    const cur = m.get(n.unit);
    if (!cur || n.amount < cur.amount) m.set(n.unit, n);
  }
  return m;
}
