import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import { createMcpServer } from "../src/mcp/server.js";
import { demoCore } from "./helpers.js";

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[] };

async function connect(core: Awaited<ReturnType<typeof demoCore>>, logged: unknown[]) {
  const server = createMcpServer(core, "mcp-test", (e) => logged.push(e));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: "capgraph-test", version: "1" });
  await client.connect(b);
  await client.listTools(); // as agents do: the client then checks results against the output schemas
  return {
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolResult,
    close: () => client.close(),
  };
}

describe("MCP errors as data", () => {
  it("an unknown error is logged through the app's logger and becomes a neutral INTERNAL error", async () => {
    const core = await demoCore();
    core.passport = async () => {
      throw new Error("secret internals: /var/db/table");
    };
    const logged: unknown[] = [];
    const mcp = await connect(core, logged);
    const r = await mcp.call("get_passport", { slug: "whisper" });
    expect(r.isError).toBe(true);
    expect(r.content.map((c) => c.text).join("\n")).not.toContain("secret internals");
    expect(JSON.parse(r.content[1]?.text ?? "null")).toEqual({
      error: { code: "INTERNAL", message: expect.stringContaining("was logged"), details: [] },
    });
    expect(logged).toHaveLength(1);
    expect((logged[0] as Error).message).toContain("secret internals");
    await mcp.close();
  });

  it("a catalogue error carries code, message and details as JSON, and is not logged", async () => {
    const logged: unknown[] = [];
    const mcp = await connect(await demoCore(), logged);
    const r = await mcp.call("compare", { slugs: ["whisper", "whisper"] });
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/^BAD_COMPARE_SLUGS: /);
    expect(JSON.parse(r.content[1]?.text ?? "null")).toMatchObject({
      error: { code: "BAD_COMPARE_SLUGS", details: [] },
    });
    expect(logged).toEqual([]);
    await mcp.close();
  });
});
