import { z } from "zod";
import { ManifestSchema } from "../catalog/schema.js";
import { VERSION } from "../version.js";
import { CompareOut, FeedbackOut, LeaderboardOut, ListOut, PassportOut, ResolveOut, SearchOut } from "./outputs.js";
import {
  AuditQuerySchema,
  CompareQuerySchema,
  FeedbackSchema,
  LeaderboardQuerySchema,
  ListQuerySchema,
  ResolveQuerySchema,
  SearchQuerySchema,
  SuggestQuerySchema,
} from "./inputs.js";

/** Every route the JSON API serves, with the schema that validates its input. */
export const API_ROUTES: {
  method: "get" | "post";
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  created?: true;
  bodyType?: string;
  example?: string;
}[] = [
  {
    method: "get",
    path: "/api/v1/search",
    response: SearchOut,
    summary:
      "Ranked artifacts for an intent, with matched capabilities and their matched terms (explain=full adds each term's fields and the query's weighted terms); records a match",
    query: SearchQuerySchema,
    example: "/api/v1/search?q=transcribe%20a%20podcast&limit=3",
  },
  {
    method: "get",
    path: "/api/v1/suggest",
    summary: "Type-ahead: artifacts and taxonomy nodes for what has been typed so far; records nothing",
    query: SuggestQuerySchema,
    example: "/api/v1/suggest?q=speech",
  },
  {
    method: "get",
    path: "/api/v1/resolve",
    response: ResolveOut,
    summary: "Artifacts with capabilities on a taxonomy node or below it",
    query: ResolveQuerySchema,
    example: "/api/v1/resolve?uri=ASR",
  },
  {
    method: "post",
    path: "/api/v1/feedback",
    response: FeedbackOut,
    created: true,
    summary: "Report whether a result of a match worked (201 recorded, 200 already recorded)",
    body: FeedbackSchema,
    bodyType: "application/json",
  },
  {
    method: "get",
    path: "/api/v1/compare",
    response: CompareOut,
    summary: "Comparison: scores with provenance, pricing, capability alignment, computed verdict",
    query: CompareQuerySchema,
    example: "/api/v1/compare?slugs=gpt-5-4-pro,dreambooth-stable-diffusion",
  },
  {
    method: "get",
    path: "/api/v1/leaderboards",
    response: LeaderboardOut,
    summary:
      "Ranked artifacts by kind, taxonomy node or the whole catalog: ordered by the lower end of the CapRank range, ties as '=N', filters, neighbours to compare",
    query: LeaderboardQuerySchema,
    example: "/api/v1/leaderboards?kind=model&limit=10",
  },
  {
    method: "get",
    path: "/api/v1/artifacts",
    response: ListOut,
    summary:
      "Artifacts with scores: filters, sort by rank or recency, cursor pagination, updatedSince for incremental sync",
    query: ListQuerySchema,
    example: "/api/v1/artifacts?kind=model&sort=rank&limit=5",
  },
  {
    method: "get",
    path: "/api/v1/artifacts/{slug}",
    summary: "One artifact: score provenance, capabilities, trust",
    example: "/api/v1/artifacts/whisper",
  },
  {
    method: "get",
    path: "/api/v1/passport/{slug}",
    response: PassportOut,
    summary: "Signed trust passport (Ed25519; keys at /.well-known/capgraph-keys.json)",
    example: "/api/v1/passport/whisper",
  },
  {
    method: "get",
    path: "/api/v1/health",
    summary:
      "This process: status, catalog size, event-loop delay (p50/p99/max ms since start), match-log counters, RSS (each worker answers for itself)",
    example: "/api/v1/health",
  },
  { method: "get", path: "/api/v1/taxonomy", summary: "The capability taxonomy", example: "/api/v1/taxonomy" },
  {
    method: "get",
    path: "/api/v1/methodology",
    summary: "CapRank methodology: weights per kind and every constant",
    example: "/api/v1/methodology",
  },
  {
    method: "post",
    path: "/api/v1/manifests",
    summary:
      "Publish manifests (API key with 'publish'): validated and upserted all or nothing; 403 if another namespace owns an artifact",
    body: ManifestSchema,
    bodyType: "application/yaml",
  },
  {
    method: "post",
    path: "/api/v1/claims/{slug}",
    summary:
      "Start claiming an artifact: returns the token to serve at <declared url origin>/.well-known/capgraph-claim.txt",
  },
  {
    method: "post",
    path: "/api/v1/claims/{slug}/verify",
    summary: "Fetch the claim file and, if it holds the token, make the key's namespace the verified owner",
  },
  {
    method: "get",
    path: "/api/v1/audit",
    summary: "Audit log, newest first (API key with 'admin')",
    query: AuditQuerySchema,
  },
  {
    method: "post",
    path: "/api/v1/validate",
    summary: "Validate a capgraph.yml body (YAML or JSON); 400 lists every diagnostic",
    body: ManifestSchema,
    bodyType: "application/yaml",
  },
];

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "details"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        details: { type: "array", items: { type: "object" } },
      },
    },
  },
};

/** The OpenAPI 3.1 document, derived from the same zod schemas that validate requests. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of API_ROUTES) {
    const params: unknown[] = [];
    for (const name of [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
      params.push({ name, in: "path", required: true, schema: { type: "string" } });
    if (r.query) {
      const js = z.toJSONSchema(r.query, { io: "input", unrepresentable: "any" }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(js.properties ?? {}))
        params.push({ name, in: "query", required: js.required?.includes(name) ?? false, schema });
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      operationId: `${r.method}${r.path.replace(/[^a-zA-Z]+(\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      ...(params.length ? { parameters: params } : {}),
      responses: {
        "200": {
          description: "OK",
          content: {
            "application/json": {
              schema: r.response
                ? z.toJSONSchema(r.response, { io: "output", unrepresentable: "any" })
                : { type: "object" },
            },
          },
        },
        ...(r.created && r.response
          ? {
              "201": {
                description: "Created",
                content: {
                  "application/json": { schema: z.toJSONSchema(r.response, { io: "output", unrepresentable: "any" }) },
                },
              },
            }
          : {}),
        default: {
          description: "Error (400 invalid input, 404 not found, 413 body too large, 429 rate limited)",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
    if (r.body)
      op["requestBody"] = {
        required: true,
        content: {
          [r.bodyType ?? "application/json"]: {
            schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }),
          },
        },
      };
    paths[r.path] = { ...(paths[r.path] ?? {}), [r.method]: op };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "capgraph API",
      version: VERSION,
      description:
        "Which AI artifact should I use for this, and why? Errors always have the shape { error: { code, message, details[] } }.",
    },
    paths,
    components: { schemas: { Error: ERROR_SCHEMA } },
  };
}
