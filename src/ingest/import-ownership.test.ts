import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../../test/helpers.js";
import type { Capgraph } from "../capgraph.js";
import { parseManifestText } from "../catalog/manifest.js";
import { run } from "../cli/run.js";
import { ROOT } from "../paths.js";
import { GITHUB_RECORDINGS, importGithub } from "./github.js";
import { fixture, freshCore, memoryFetcher } from "./importer.suite.js";
import { importMcpServerJson } from "./mcp.js";
import { importNpm, NPM_RECORDINGS } from "./npm.js";

const FIX = path.join(ROOT, "test", "fixtures");
const NOW = new Date("2025-09-01T00:00:00Z");
const ojs = path.join(FIX, "github", "ollama-ollama-js");
const npm = (core: Capgraph) =>
  importNpm(
    "ollama",
    memoryFetcher(NPM_RECORDINGS, { "registry.json": fixture(path.join(FIX, "npm", "ollama"), "registry.json") }),
    core,
    undefined,
    NOW,
  );
const github = (core: Capgraph) =>
  importGithub(
    "ollama/ollama-js",
    memoryFetcher(GITHUB_RECORDINGS, {
      "repo.json": fixture(ojs, "repo.json"),
      "readme.json": fixture(ojs, "readme.json"),
    }),
    core,
    undefined,
    NOW,
  );

/** An entry a publisher's namespace owns, as a publish would have left it. */
async function owned(
  core: Capgraph,
  yaml: string,
  namespace: string,
  verified = false,
  proofUrl: string | null = null,
) {
  const r = parseManifestText(yaml, "impostor.yml", core.taxonomy);
  await core.add(r.manifests, r.diagnostics);
  const slug = r.manifests[0]?.manifest.artifact.slug ?? "";
  await core.store.setOwner({ slug, namespace, verified, proofUrl, at: "2026-11-27T00:00:00.000Z" });
  return slug;
}
const impostor =
  "capgraph: 1\nartifact:\n  slug: ollama-js-fan\n  name: ollama\n  kind: library\n  description: Mine.\n  repository: https://github.com/ollama/ollama-js\n  tags: [npm]\n";

async function importAndAdd(core: Capgraph, r: ReturnType<typeof npm>) {
  const l = await r;
  return core.add(l.manifests, l.diagnostics, {
    actor: "cli",
    action: "import",
    ...(l.origin ? { origin: l.origin } : {}),
  });
}

describe("finding 4: routine imports never hand a project's signals to an impostor", () => {
  it("an unverified namespace declaring the repository, the origin tag and the name gets nothing; the import makes its own entry", async () => {
    const core = freshCore();
    const slug = await owned(core, impostor, "mallory");
    const before = await core.store.getArtifact(slug);
    await importAndAdd(core, npm(core));
    await importAndAdd(core, github(core));
    expect(await core.store.getArtifact(slug)).toEqual(before);
    expect(await core.store.listSignals(slug)).toEqual([]);
    expect((await core.store.listArtifacts()).map((a) => a.slug)).toEqual(["ollama", "ollama-js-fan"]);
    expect((await core.store.getArtifact("ollama"))?.repository).toBe("https://github.com/ollama/ollama-js");
    // The server's origin record, not the impostor's tags, finds the import's own entry next time.
    expect(await importAndAdd(core, npm(core))).toMatchObject({ created: [], updated: [], signalsAppended: 0 });
  });

  it("an owner that verified the URL which matches is linked like a catalog entry", async () => {
    const core = freshCore();
    const slug = await owned(
      core,
      impostor.replace("tags: [npm]", "tags: [acme]"),
      "ollama-team",
      true,
      "https://github.com/.well-known/capgraph-claim.txt",
    );
    const r = await npm(core);
    expect(r.manifests.map((m) => m.manifest.artifact.slug)).toEqual([slug]);
  });
});

describe("finding 9: mcp: imports follow the linking and ownership rules, CLI writes are audited", () => {
  it("a server.json named after an owned artifact creates its own entry and leaves the owner's untouched", async () => {
    const core = freshCore();
    const slug = await owned(
      core,
      "capgraph: 1\nartifact:\n  slug: acme-tool\n  name: Acme tool\n  kind: mcp-server\n  description: Acme's.\n",
      "acme",
    );
    const before = await core.store.getArtifact(slug);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-mcp-")), "server.json");
    fs.writeFileSync(file, JSON.stringify({ name: "io.github.attacker/acme-tool", description: "Replaced." }));
    const r = await importMcpServerJson(file, core);
    expect(r.manifests.map((m) => m.manifest.artifact.slug)).toEqual(["acme-tool-mcp"]);
    await core.add(r.manifests, r.diagnostics);
    expect(await core.store.getArtifact(slug)).toEqual(before);
  });

  it("capgraph add and capgraph import write audit rows as the operator (actor cli)", async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-audit-")), "c.db");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-add-"));
    fs.writeFileSync(
      path.join(dir, "t.yml"),
      "capgraph: 1\nartifact:\n  slug: my-tool\n  name: My tool\n  kind: library\n  description: Mine.\n",
    );
    expect(await run(["add", dir, "--db", db], captureIo().io)).toBe(0);
    expect(
      await run(["import", "npm:ollama", "--from-file", path.join(FIX, "npm", "ollama"), "--db", db], captureIo().io),
    ).toBe(0);
    const a = captureIo();
    await run(["audit", "--db", db, "--json"], a.io);
    const rows = (JSON.parse(a.out()) as { actor: string; action: string; target: string; detail: string }[]).map(
      (r) => [r.actor, r.action, r.target, r.detail],
    );
    expect(rows).toEqual([
      ["cli", "import", "ollama", "created from npm:ollama"],
      ["cli", "add", "my-tool", "created"],
    ]);
  });
});
