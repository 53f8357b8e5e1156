import { describe, expect, it } from "vitest";
import { demoCore } from "../../test/helpers.js";

describe("the seed comparison's verdict (finding 14.5: 'tied within ±34' never said these two do different jobs)", () => {
  it("says first that they are not substitutes, what each is for, and when to choose each (golden)", async () => {
    const core = await demoCore();
    const r = await core.compare(["gpt-5-4-pro", "dreambooth-stable-diffusion"]);
    // These claims come from capabilities, pricing and licences only, so scoring changes leave them alone.
    expect(r.verdict.claims.slice(0, 5).map((c) => `${c.kind}: ${c.text}`)).toEqual([
      "substitutes: OpenAI: GPT-5.4 Pro and Dreambooth-Stable-Diffusion are not substitutes: only 25% of their capabilities fall in the same taxonomy areas, and one is a hosted model, the other a self-hosted repository. Pick by the job, not by the score.",
      "purpose: OpenAI: GPT-5.4 Pro is a hosted model for tool use, text generation and multi-step reasoning (4 of its 12 capabilities).",
      "purpose: Dreambooth-Stable-Diffusion is a self-hosted repository for image generation, personalization training and fine-tuning (7 of its 12 capabilities).",
      "choose: Choose OpenAI: GPT-5.4 Pro if you need tool use, text generation or multi-step reasoning (and 6 more areas), which the other does not cover; or you want a hosted service with nothing to install or run.",
      "choose: Choose Dreambooth-Stable-Diffusion if you need personalization training, regularization or checkpointing (and 3 more areas), which the other does not cover; you want a free tier (OpenAI: GPT-5.4 Pro has none); you need an open-source licence (MIT); or you want to run it on your own hardware, with your data staying there.",
    ]);
    expect(r.verdict.claims[0]?.data).toMatchObject({
      substitutes: false,
      pairs: [
        { a: "gpt-5-4-pro", b: "dreambooth-stable-diffusion", overlap: 0.25, sameKind: false, substitutes: false },
      ],
    });
    expect(r.verdict.profiles.map((p) => [p.slug, p.deployment, p.licenceClass])).toEqual([
      ["gpt-5-4-pro", "hosted", "proprietary"],
      ["dreambooth-stable-diffusion", "self-hosted", "open-source"],
    ]);
    // Every artifact is placed, and the "what would change" claims stay.
    expect(r.verdict.claims.filter((c) => c.kind === "choose").map((c) => c.data["artifact"])).toEqual([
      "gpt-5-4-pro",
      "dreambooth-stable-diffusion",
    ]);
    expect(r.verdict.claims.some((c) => c.kind === "change")).toBe(true);
    expect(r.verdict.text).toContain("What would change this verdict: ");
  });
});
