import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../../test/helpers.js";
import { Capgraph } from "../capgraph.js";
import { DEMO_CATALOG_DIR, ROOT } from "../paths.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { run } from "./run.js";
import { createError, isCapgraphError, LocalError } from "../errors.js";
import { loadDemoIfEmpty } from "./serve.js";

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-cli-"));
async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await run(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

const GOOD = (slug: string) =>
  `capgraph: 1\nartifact:\n  slug: ${slug}\n  name: ${slug}\n  kind: cli\n  description: A tool.\ncapabilities:\n  - name: Transcribe audio\n    description: Turns speech into text.\n`;

describe("capgraph CLI", () => {
  it("--help lists the commands", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    for (const c of ["serve", "validate", "add", "search", "compare", "show", "taxonomy", "schema"])
      expect(r.out).toContain(`  ${c}`);
  });

  it("validate prints file:line:col: error CODE message and exits 1", async () => {
    const dir = tmpDir();
    const f = path.join(dir, "bad.yml");
    fs.writeFileSync(f, GOOD("ok-tool").replace("kind: cli", "kind: cly"));
    const r = await cli("validate", f);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      `${f}:5:9: error MANIFEST_BAD_ENUM 'cly' is not allowed; use one of: model, repository, library, framework, api, mcp-server, agent, product, webapp, extension, dataset, cli, other (did you mean 'cli'?) (at artifact.kind)\n`,
    );
    expect((await cli("validate", path.join(dir, "missing.yml"))).code).toBe(1);
  });

  it("validate exits 0 on the demo catalog", async () => {
    const r = await cli("validate", DEMO_CATALOG_DIR);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^\d+ valid manifest\(s\), 0 error\(s\)/);
  });

  it("add is atomic: one invalid document means nothing is written", async () => {
    const dir = tmpDir();
    const db = path.join(dir, "c.db");
    fs.writeFileSync(path.join(dir, "a.yml"), GOOD("first-tool"));
    fs.writeFileSync(path.join(dir, "b.yml"), GOOD("second-tool") + "  - name: x\n    description: ''\n");
    const r = await cli("add", dir, "--db", db);
    expect(r.code).toBe(1);
    expect(r.out).toContain("MANIFEST_EMPTY_DESCRIPTION");
    expect((await cli("show", "first-tool", "--db", db)).code).toBe(2);
    fs.writeFileSync(path.join(dir, "b.yml"), GOOD("second-tool"));
    expect((await cli("add", dir, "--db", db)).out).toContain("added 2");
    // A second process run (a restart) still sees them.
    const show = await cli("show", "second-tool", "--db", db, "--json");
    expect(JSON.parse(show.out).capabilities[0].uri).toMatch(/^capability:\/\/audio/);
  });

  it("search closes the catalog only after its background jobs: nothing fails after the answer", async () => {
    const db = path.join(tmpDir(), "c.db");
    await cli("add", DEMO_CATALOG_DIR, "--db", db);
    const c = captureIo();
    expect(await run(["search", "transcribe", "audio", "--db", db], c.io)).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.err()).not.toMatch(/failed|not open/);
  });

  it("search and compare --json have the documented keys", async () => {
    const db = path.join(tmpDir(), "c.db");
    await cli("add", DEMO_CATALOG_DIR, "--db", db);
    const s = JSON.parse((await cli("search", "LoRA", "fine-tuning", "--limit", "3", "--json", "--db", db)).out);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(["query", "matchId", "results"]));
    expect(s.results.length).toBeLessThanOrEqual(3);
    expect(Object.keys(s.results[0])).toEqual(
      expect.arrayContaining(["slug", "name", "kind", "score", "capRank", "capabilities"]),
    );
    const c = JSON.parse(
      (await cli("compare", "gpt-5-4-pro", "dreambooth-stable-diffusion", "--json", "--db", db)).out,
    );
    expect(Object.keys(c)).toEqual(["artifacts", "alignment", "verdict"]);
    const text = (await cli("compare", "gpt-5-4-pro", "dreambooth-stable-diffusion", "--db", db)).out;
    expect(text).toContain("12 decomposed");
    expect(text).toContain("$30 / 1M input, $180 / 1M output");
    // One claim per line, the same claims as the API: the decision first.
    expect(text).toMatch(/\nVerdict:\n  - OpenAI: GPT-5\.4 Pro and Dreambooth-Stable-Diffusion are not substitutes: /);
    expect(text).toContain("\n  - Choose Dreambooth-Stable-Diffusion if ");
    expect(text).toContain("\nWhat would change this verdict:\n  - ");
  });

  const bad: [string[], RegExp][] = [
    [["frobnicate"], /UNKNOWN_COMMAND/],
    [["search"], /needs an intent/],
    [["search", "x", "--limit", "0"], /--limit: BAD_FLAG must be a whole number/],
    [["search", "x", "--kind", "boat"], /--kind: BAD_FLAG must be one of/],
    [["search", "x", "--nope"], /--nope: UNKNOWN_FLAG is not an option/],
    [["compare", "gpt-5-4-pro"], /BAD_COMPARE_SLUGS/],
    [["show"], /show needs exactly one slug/],
    [["validate"], /validate needs at least one file/],
  ];
  it.each(bad)("bad input %j gets a clear error, exit 2, no stack trace", async (argv, re) => {
    const r = await cli(...argv, "--db", path.join(tmpDir(), "c.db"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("flag problems are collected: every bad flag of one command is reported at once, as BAD_FLAGS lines", async () => {
    const r = await cli(
      "search",
      "x",
      "--limit",
      "0",
      "--kind",
      "boat",
      "--embedder-url",
      "http://127.0.0.1:9",
      "--db",
      path.join(tmpDir(), "c.db"),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error BAD_FLAGS: The command line has 3 problem\(s\)/);
    expect(
      r.err
        .split("\n")
        .filter((l) => /^ {2}--/.test(l))
        .map((l) => l.split(":")[0]?.trim()),
    ).toEqual(["--kind", "--limit", "--embedder-model"]);
    const unknown = await cli("search", "x", "--nope", "--also", "--limit");
    expect(unknown.err.split("\n").filter((l) => /^ {2}--/.test(l))).toEqual([
      "  --nope: UNKNOWN_FLAG is not an option of this command",
      "  --also: UNKNOWN_FLAG is not an option of this command",
      "  --limit: FLAG_NEEDS_VALUE needs a value, e.g. --limit VALUE",
    ]);
  });

  it("a CLI-only error is local: it has an exit status and no HTTP status", async () => {
    const r = await cli("frobnicate");
    expect(r.code).toBe(2);
    const e = createError("UNKNOWN_COMMAND", ["frobnicate"]);
    expect(e).toBeInstanceOf(LocalError);
    expect(isCapgraphError(e)).toBe(false);
    expect("status" in e).toBe(false);
    expect(e.exit).toBe(2);
  });

  it("--db postgres:// selects PostgreSQL (here: unreachable, a clear error)", async () => {
    const r = await cli("migrate", "--db", "postgres://u:secret@127.0.0.1:1/x");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error DB_OPEN_FAILED: Could not open the database at 'postgres:\/\/u:\*\*\*@127.0.0.1:1\/x'/,
    );
  });

  it("explain shows every input with its source and the weighted sum that the API also reports", async () => {
    const db = path.join(tmpDir(), "c.db");
    await cli("add", DEMO_CATALOG_DIR, "--db", db);
    const r = await cli("explain", "langchain", "--db", db);
    expect(r.out).toContain("People asked for this: nothing learned yet");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/source: npm registry, downloads in the month before 2026-11-01; observed 2026-11-01/);
    const card = JSON.parse((await cli("explain", "langchain", "--db", db, "--json")).out) as { capRank: number };
    const api = JSON.parse((await cli("show", "langchain", "--db", db, "--json")).out) as { capRank: number };
    expect(card.capRank).toBe(api.capRank);
    expect(r.out).toContain(`= ${api.capRank} (rounded)`);
  });

  it("import --list runs every source, reports failures per item without stopping, and is idempotent", async () => {
    const dir = tmpDir();
    const db = path.join(dir, "c.db");
    fs.writeFileSync(
      path.join(dir, "list.txt"),
      `# servers\nmcp:${path.join(ROOT, "test", "fixtures", "mcp", "postgres-server.json")}\nmcp:${path.join(dir, "missing.json")}\n`,
    );
    const first = await cli("import", "--list", path.join(dir, "list.txt"), "--db", db);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/postgres-readonly\s+3\s+0\s+created/);
    expect(first.out).toContain("FAILED INPUT_UNREADABLE: Cannot read");
    expect(first.err).toMatch(/\[2\/2\] .* · 1 failed\n1 imported, 1 failed\n$/);
    const again = await cli("import", "--list", path.join(dir, "list.txt"), "--db", db);
    expect(again.out).toMatch(/postgres-readonly\s+3\s+0\s+unchanged/);
  });

  it("import names every supported source form when given another", async () => {
    const r = await cli("import", "cargo:serde", "--db", path.join(tmpDir(), "c.db"));
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "error UNKNOWN_SOURCE: 'cargo:serde' is not a supported source; use npm:<name>, pypi:<name>, github:<owner>/<repo>, hf:<owner>/<model>, mcp:<server.json file>",
    );
  });

  it("import pypi: --from-file reads recorded responses (a folder, or the main document alone) and never the network", async () => {
    const db = path.join(tmpDir(), "c.db");
    const dir = path.join(ROOT, "test", "fixtures", "pypi", "peft");
    const first = await cli("import", "pypi:peft", "--from-file", dir, "--db", db);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/pypi:peft\s+peft\s+\d+\s+3\s+created/);
    const again = await cli("import", "pypi:peft", "--from-file", path.join(dir, "pypi.json"), "--db", db);
    expect(again.out).toMatch(/pypi:peft\s+peft\s+\d+\s+0\s+unchanged/);
    const show = JSON.parse((await cli("show", "peft", "--db", db, "--json")).out) as {
      repository: string;
      license: string;
    };
    expect(show).toMatchObject({ repository: "https://github.com/huggingface/peft", license: "Apache" });
  });

  it("import github: and hf: --from-file link to the curated entries of the demo catalog", async () => {
    const db = path.join(tmpDir(), "c.db");
    await cli("add", DEMO_CATALOG_DIR, "--db", db);
    const gh = await cli(
      "import",
      "github:huggingface/diffusers",
      "--from-file",
      path.join(ROOT, "test", "fixtures", "github", "huggingface-diffusers"),
      "--db",
      db,
    );
    expect(gh.out).toMatch(/github:huggingface\/diffusers\s+diffusers\s+\d+\s+5\s+unchanged/);
    const hf = await cli(
      "import",
      "hf:stabilityai/stable-diffusion-xl-base-1.0",
      "--from-file",
      path.join(ROOT, "test", "fixtures", "hf", "stabilityai-stable-diffusion-xl-base-1.0"),
      "--db",
      db,
    );
    expect(hf.out).toMatch(/stable-diffusion-xl\s+\d+\s+3\s+unchanged/);
    const missing = await cli("import", "hf:a/b", "--from-file", path.join(tmpDir(), "nothing-here"), "--db", db);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("INPUT_UNREADABLE: Cannot read") });
  });

  it("schema prints a JSON Schema derived from the manifest schema", async () => {
    const r = await cli("schema");
    const s = JSON.parse(r.out);
    expect(s.properties.artifact.properties.kind.enum).toContain("mcp-server");
    expect(s.additionalProperties).toBe(false);
  });

  it("taxonomy lists at least 120 nodes", async () => {
    const r = await cli("taxonomy", "--json");
    expect(JSON.parse(r.out).nodes.length).toBeGreaterThanOrEqual(120);
  });

  it("serve --demo loads the demo catalog once; a restart reuses the file and loses nothing", async () => {
    const db = path.join(tmpDir(), "c.db");
    const s1 = openSqliteStore(db);
    const n = await loadDemoIfEmpty(new Capgraph(s1), DEMO_CATALOG_DIR, () => {});
    await s1.upsertManifests([(await import("../store/contract.suite.js")).sampleManifest("my-own-tool")]);
    await s1.close();
    const s2 = openSqliteStore(db);
    expect(await loadDemoIfEmpty(new Capgraph(s2), DEMO_CATALOG_DIR, () => {})).toBe(0);
    expect(await s2.countArtifacts()).toBe(n + 1);
    await s2.close();
  });
});
