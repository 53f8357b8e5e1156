import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Capgraph } from "../capgraph.js";
import { ROOT } from "../paths.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { importMcpServerJson } from "./mcp.js";

const core = () => new Capgraph(openSqliteStore(":memory:"));

describe("MCP registry server.json importer", () => {
  it("maps transports to capabilities and secrets to declared permissions", async () => {
    const r = await importMcpServerJson(path.join(ROOT, "test", "fixtures", "mcp", "postgres-server.json"), core());
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const a = r.manifests[0]?.manifest.artifact;
    expect(a).toMatchObject({
      slug: "postgres-readonly",
      kind: "mcp-server",
      repository: "https://github.com/example/postgres-readonly-mcp",
      trust: { permissions: ["secret: DATABASE_URL"], dataAccess: "high" },
    });
    expect(a?.capabilities.map((c) => c.name)).toEqual([
      "MCP server: Read-only access to a PostgreSQL database",
      "Serves MCP over stdio",
      "Serves MCP over streamable-http",
    ]);
    expect(a?.capabilities[0]?.requires).toEqual(["DATABASE_URL (secret)"]);
  });

  it.each([
    ["not JSON", "{nope", "is not JSON", "SERVER_JSON_INVALID"],
    ["no name", JSON.stringify({ description: "x" }), 'needs "name" and "description"', "SERVER_JSON_INVALID"],
  ])("%s → a clear error", async (_n, body, message, code) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-mcp-")), "server.json");
    fs.writeFileSync(f, body);
    await expect(importMcpServerJson(f, core())).rejects.toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    );
  });
});
