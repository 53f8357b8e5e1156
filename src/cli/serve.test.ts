import { afterEach, describe, expect, it } from "vitest";
import { settleHeap } from "./serve.js";

const g = globalThis as { gc?: () => void };
const had = g.gc;
afterEach(() => {
  if (had) g.gc = had;
  else delete g.gc;
});

describe("a worker settles its heap before it listens", () => {
  it("collects twice, a pause apart, where collection can be asked for", async () => {
    const at: number[] = [];
    g.gc = () => at.push(performance.now());
    await settleHeap(30);
    expect(at).toHaveLength(2);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(25);
  });

  it("does nothing without --expose-gc", async () => {
    delete g.gc;
    await expect(settleHeap(5)).resolves.toBeUndefined();
  });
});
