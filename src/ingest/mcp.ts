import { createError } from "../errors.js";
import { readRegularFile } from "../files.js";
import { normalizeRepo, str, toSlug, type CatalogPort } from "./common.js";
import { buildManifests, type ImportResult } from "./link.js";

/** Largest server.json read from disk. */
export const MCP_FILE_MAX_BYTES = 1_000_000;

interface ServerJson {
  name?: unknown;
  description?: unknown;
  version?: unknown;
  websiteUrl?: unknown;
  repository?: { url?: unknown };
  packages?: {
    registryType?: unknown;
    identifier?: unknown;
    transport?: { type?: unknown };
    environmentVariables?: { name?: unknown; isSecret?: unknown; description?: unknown }[];
  }[];
  remotes?: { type?: unknown; url?: unknown }[];
}

/**
 * An MCP registry `server.json` (local file) → an `mcp-server` manifest: its transports and
 * packages as declared capabilities, its secrets as declared permissions.
 */
export async function importMcpServerJson(file: string, core: CatalogPort, now = new Date()): Promise<ImportResult> {
  const read = readRegularFile(file, MCP_FILE_MAX_BYTES);
  if ("reason" in read) throw createError("INPUT_UNREADABLE", [file, `it ${read.reason}`, "mcp:"]);
  let s: ServerJson;
  try {
    s = JSON.parse(read.bytes.toString("utf8")) as ServerJson;
  } catch {
    throw createError("SERVER_JSON_INVALID", [file, "it is not JSON"]);
  }
  const name = str(s.name, 200);
  const description = str(s.description, 1000);
  if (!name || !description) throw createError("SERVER_JSON_INVALID", [file, 'it needs "name" and "description"']);
  const packages = Array.isArray(s.packages) ? s.packages.slice(0, 20) : [];
  const remotes = Array.isArray(s.remotes) ? s.remotes.slice(0, 20) : [];
  const repository = normalizeRepo(str(s.repository?.url));
  const transports = [
    ...new Set(
      [...packages.map((p) => str(p.transport?.type, 40)), ...remotes.map((r) => str(r.type, 40))].filter(
        (t): t is string => !!t,
      ),
    ),
  ];
  const secrets = packages
    .flatMap((p) => (Array.isArray(p.environmentVariables) ? p.environmentVariables : []))
    .filter((v) => v.isSecret === true)
    .map((v) => str(v.name, 100))
    .filter((v): v is string => !!v);
  const retrievedAt = now.toISOString().slice(0, 10);
  const source = {
    url: repository ?? str(s.websiteUrl) ?? "https://registry.modelcontextprotocol.io",
    excerpt: description.slice(0, 300),
    retrievedAt,
  };
  const short = name.split("/").pop() || name;
  // Through the same linking and ownership rules as every importer: the name in the file
  // never chooses a slug that is taken.
  return buildManifests(
    {
      origin: "mcp",
      label: `mcp:${file}`,
      name,
      slugs: [toSlug(short), `${toSlug(short)}-mcp`],
      kind: "mcp-server",
      description,
      url: str(s.websiteUrl) ?? repository,
      repository,
      license: undefined,
      status: "active",
      pricing: { model: "unknown" },
      categories: ["mcp"],
      tags: [
        "mcp-registry",
        ...packages
          .map((p) => str(p.registryType, 20))
          .filter((t): t is string => !!t)
          .map(toSlug),
      ],
      capabilities: [
        {
          name: `MCP server: ${description.split(/[.:]/)[0]?.slice(0, 80) ?? name}`,
          uri: "capability://integration.mcp.server",
          description,
          evidence: "declared",
          sources: [source],
          requires: secrets.map((v) => `${v} (secret)`),
        },
        ...transports.map((t) => ({
          name: `Serves MCP over ${t}`,
          uri: "capability://integration.mcp",
          description: `Speaks the Model Context Protocol over the ${t} transport${t === "stdio" ? " (run as a local process)" : " (reachable over the network)"}.`,
          evidence: "declared" as const,
          sources: [source],
        })),
      ],
      signals: [],
      trust: { permissions: secrets.map((v) => `secret: ${v}`), dataAccess: secrets.length ? "high" : "low" },
    },
    core,
  );
}
