import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { captureIo } from "../../test/helpers.js";
import { isPrivateHost } from "../owners/publish.js";
import { ROOT } from "../paths.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { sampleManifest } from "../store/contract.suite.js";
import { run } from "./run.js";

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

/** A FIFO nobody writes to, a link pointing at itself, and /dev/zero. */
function hostileFiles(): { fifo: string; loop: string; zero: string } {
  const dir = tmp("capgraph-hostile-");
  const fifo = path.join(dir, "fifo.yml");
  execFileSync("mkfifo", [fifo]);
  const loop = path.join(dir, "loop.yml");
  fs.symlinkSync(loop, loop);
  return { fifo, loop, zero: "/dev/zero" };
}

describe("finding 13: /dev/zero, FIFOs and symlink loops given to add, import and --list", () => {
  const files = hostileFiles();
  const db = path.join(tmp("capgraph-hostile-db-"), "c.db");
  it.each([
    ["add", (f: string) => ["add", f], /not a regular file \(a (device|FIFO)\)|loop of symbolic links/],
    ["import mcp:", (f: string) => ["import", `mcp:${f}`], /Cannot read .*: it (is not a regular file|is a loop)/],
    [
      "import --list",
      (f: string) => ["import", "--list", f],
      /Cannot read the list .*: it (is not a regular file|is a loop)/,
    ],
    [
      "import --from-file",
      (f: string) => ["import", "npm:ollama", "--from-file", f],
      /(is not a regular file|loop of symbolic links|cannot read)/i,
    ],
  ])("%s refuses each with a clear error, at once", async (_name, argv, message) => {
    for (const f of Object.values(files)) {
      const c = captureIo();
      const t0 = Date.now();
      const code = await run([...argv(f), "--db", db], c.io);
      expect(code, f).not.toBe(0);
      expect(c.out() + c.err(), f).toMatch(message);
      expect(c.out() + c.err(), f).not.toContain("INTERNAL");
      expect(Date.now() - t0, f).toBeLessThan(5_000);
    }
  });

  it("a folder holding a link to itself is walked once", async () => {
    const dir = tmp("capgraph-linkdir-");
    fs.writeFileSync(
      path.join(dir, "t.yml"),
      "capgraph: 1\nartifact:\n  slug: my-tool\n  name: My tool\n  kind: library\n  description: Mine.\n",
    );
    fs.symlinkSync(dir, path.join(dir, "again"));
    const c = captureIo();
    expect(await run(["validate", dir], c.io)).toBe(0);
    expect(c.err()).toContain("1 valid manifest(s)");
  });
});

describe("finding 13: terminal escape sequences from published text never reach the operator's terminal", () => {
  it("show, search and compare print control characters as escapes; --json keeps the text exact", async () => {
    const db = path.join(tmp("capgraph-esc-"), "c.db");
    const evil = "Retitles\u001b]0;pwned\u0007 clears\u001b[2J hides\r and \u009b31m reorders\u202e";
    const s = openSqliteStore(db);
    await s.upsertManifests([
      sampleManifest("evil-tool", { name: "Evil\u001b[8m tool", description: evil }),
      sampleManifest("plain-tool"),
    ]);
    await s.close();
    for (const argv of [
      ["show", "evil-tool"],
      ["search", "summarize text"],
      ["compare", "evil-tool", "plain-tool"],
      ["show", "evil-tool", "--json"],
    ]) {
      const c = captureIo();
      expect(await run([...argv, "--db", db], c.io), argv.join(" ")).toBe(0);
      expect(c.out(), argv.join(" ")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (argv.includes("--json")) expect((JSON.parse(c.out()) as { description: string }).description).toBe(evil);
      else if (argv[0] === "show") expect(c.out()).toContain("\\u001b]0;pwned\\u0007");
    }
  });
});

describe("finding 13: the claim-check deny list", () => {
  it.each([
    "198.18.0.1",
    "198.19.255.255",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "240.0.0.1",
    "[64:ff9b::7f00:1]",
    "[64:ff9b::a00:1]",
    "[::7f00:1]",
    "[::a9fe:a9fe]",
    "[ff02::1]",
    "[2002:7f00:1::]",
    "[::ffff:8.8.8.8]",
  ])("%s is refused", (host) => {
    expect(isPrivateHost(host)).toBe(true);
  });
  it.each(["example.org", "93.184.215.14", "[2606:2800:21f:cb07:6820:80da:af6b:8b2c]", "198.20.0.1"])(
    "%s is allowed",
    (host) => {
      expect(isPrivateHost(host)).toBe(false);
    },
  );
});

const root = process.getuid?.() === 0;

describe("finding 13: a read-only database serves reads", () => {
  // Root may write any file, so the read-only case is run as an unprivileged user when we are root.
  it("show and search answer from a catalog file and folder this process may not write", async () => {
    const dir = tmp("capgraph-ro-");
    const db = path.join(dir, "c.db");
    const s = openSqliteStore(db);
    await s.upsertManifests([sampleManifest("ro-tool")]);
    await s.close();
    // A file handed out read-only is typically in rollback-journal mode: opening must not switch it to WAL.
    const raw = new Database(db);
    raw.pragma("journal_mode = DELETE");
    raw.close();
    const manifest = path.join(dir, "new.yml");
    fs.writeFileSync(
      manifest,
      "capgraph: 1\nartifact:\n  slug: new-tool\n  name: New tool\n  kind: library\n  description: New.\n",
    );
    fs.chmodSync(db, 0o444);
    fs.chmodSync(dir, 0o555);
    const cli = (args: string[]) => {
      const argv = ["--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), ...args, "--db", db];
      const r = root
        ? spawnSync("runuser", ["-u", "nobody", "--", process.execPath, ...argv], { cwd: ROOT, encoding: "utf8" })
        : spawnSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8" });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const show = cli(["show", "ro-tool"]);
    expect(show.err).toBe("");
    expect(show.out).toContain("RO-TOOL (ro-tool)");
    expect(cli(["search", "summarize text"]).out).toContain("ro-tool");
    const add = cli(["add", manifest]);
    expect(add.code).toBe(1);
    expect(add.err).toContain("DB_READ_ONLY");
    expect(new Database(db, { readonly: true }).pragma("journal_mode", { simple: true })).toBe("delete");
  }, 30_000);
});
