import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoCore } from "../../test/helpers.js";
import { ROOT } from "../paths.js";
import { normalizeRepo } from "./common.js";
import { readSourceIndex, recordSourceLinks, SOURCES_DIR } from "./derive.js";
import { importNpm, NPM_RECORDINGS } from "./npm.js";
import { recordedFetcher } from "./recorded.js";

const FIX = path.join(ROOT, "test", "fixtures", "npm");
const NOW = new Date("2026-11-27T00:00:00Z");

describe("importer quality: hosted-git shorthands link imports to existing entries", () => {
  it.each([
    ["github:openai/openai-node", "https://github.com/openai/openai-node"],
    ["openai/openai-node", "https://github.com/openai/openai-node"],
    ["git+ssh://git@github.com/langchain-ai/langchainjs.git", "https://github.com/langchain-ai/langchainjs"],
    ["git+https://github.com/huggingface/transformers.js.git", "https://github.com/huggingface/transformers.js"],
    ["git://github.com/a/b.git", "https://github.com/a/b"],
    ["git@github.com:a/b.git", "https://github.com/a/b"],
    ["gitlab:group/project", "https://gitlab.com/group/project"],
    ["bitbucket:team/repo", "https://bitbucket.org/team/repo"],
    ["https://example.org/code", "https://example.org/code"],
    ["https://evil.example/github.com/a/b", "https://evil.example/github.com/a/b"],
    ["not a repository", undefined],
  ])("%s → %s", (raw, want) => {
    expect(normalizeRepo(raw)).toBe(want);
  });

  it("npm:openai links to openai-node and npm:@anthropic-ai/sdk to anthropic-sdk-typescript (recorded fixtures)", async () => {
    const core = await demoCore();
    for (const [name, dir, slug] of [
      ["openai", "openai", "openai-node"],
      ["@anthropic-ai/sdk", "anthropic-ai-sdk", "anthropic-sdk-typescript"],
    ] as const) {
      const r = await importNpm(name, recordedFetcher(path.join(FIX, dir), NPM_RECORDINGS), core, undefined, NOW);
      expect(r.manifests.map((m) => m.manifest.artifact.slug)).toEqual([slug]);
      expect((await core.add(r.manifests, r.diagnostics)).created).toEqual([]);
    }
  });

  it("re-importing every npm package of the demo catalog from its recorded document creates nothing new", async () => {
    const core = await demoCore();
    await recordSourceLinks(core.store);
    const before = (await core.store.listArtifacts()).length;
    for (const e of readSourceIndex()) {
      const r = await importNpm(
        e.source.slice("npm:".length),
        recordedFetcher(path.join(SOURCES_DIR, e.recording), NPM_RECORDINGS),
        core,
        undefined,
        NOW,
      );
      expect(
        r.manifests.map((m) => m.manifest.artifact.slug),
        e.source,
      ).toContain(e.slug);
      expect((await core.add(r.manifests, r.diagnostics)).created, e.source).toEqual([]);
    }
    expect((await core.store.listArtifacts()).length).toBe(before);
  });
});
