import { parse } from "yaml";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { createError } from "../errors.js";
import {
  categorize,
  count,
  day,
  capabilitiesFrom,
  mainDocument,
  optional,
  record,
  releaseSignals,
  signal,
  str,
  strings,
  text,
  toSlug,
  type CapabilityInput,
  type Fetcher,
  type Importer,
  type Inferrer,
  type CatalogPort,
} from "./common.js";
import { HF_PIPELINE_URIS } from "./hf-tasks.js";
import { buildManifests, type ImportResult } from "./link.js";
import { leadParagraph, MODEL_CARD_SKIP } from "./readme.js";

/** The Hugging Face Hub; tests point it at a local server with recorded responses. */
export const HF_HUB = "https://huggingface.co";
export const HF_RECORDINGS = [
  { file: "model.json", answers: /\/api\/models\/[^/]+\/[^/]+$/ },
  { file: "README.md", answers: /\/raw\/main\/README\.md$/ },
] as const;

const MODEL_ID = /^(?!.*\.\.)[\w.-]{1,96}\/[\w.-]{1,96}$/;
/** Licences whose weights count as open source here; other named licences are "free". */
const OPEN_LICENSE = /^(apache-2\.0|mit|bsd|mpl|[al]?gpl|isc|unlicense|cc0|cc-by(-sa)?-\d)/i;
/** Largest front matter parsed, so a hostile card cannot make YAML do much work. */
const MAX_FRONT_MATTER = 64 * 1024;

export function hfImporter(hub = HF_HUB): Importer {
  return {
    prefix: "hf",
    usage: "hf:<owner>/<model>",
    hosts: [new URL(hub).host],
    recordings: HF_RECORDINGS,
    import: (id, f, core, now, infer) => importHf(id, f, core, hub, now, infer),
  };
}

/**
 * A Hub model → a `model` manifest: its pipeline task as a documented capability placed on
 * the taxonomy, model-card sections as more capabilities, licence and tags from the card's
 * front matter, downloads (last 30 days), likes and last modification as signals.
 */
export async function importHf(
  id: string,
  fetcher: Fetcher,
  core: CatalogPort,
  hub = HF_HUB,
  now = new Date(),
  infer?: Inferrer,
): Promise<ImportResult> {
  const label = `hf:${id}`;
  if (!MODEL_ID.test(id) || id.length > 120)
    throw createError("SOURCE_ID_INVALID", [
      label,
      "not a Hugging Face model id",
      "hf:<owner>/<model>, e.g. hf:stabilityai/stable-diffusion-xl-base-1.0",
    ]);
  const doc = await mainDocument(
    fetcher,
    `${hub}/api/models/${id}`,
    label,
    `the Hugging Face Hub has no public model ${id}; check the owner and the name`,
  );
  const modelId = str(doc["id"], 200);
  if (!modelId || !MODEL_ID.test(modelId))
    throw createError("UPSTREAM_UNEXPECTED", [
      label,
      'the answer has no model id "owner/model" (is it the Hub models API?)',
    ]);
  const [owner = "", model = ""] = modelId.split("/");
  const page = `https://huggingface.co/${modelId}`;
  const { meta, body } = splitCard(text(await optional(fetcher.bytes(`${hub}/${modelId}/raw/main/README.md`))));
  const card = { ...record(doc["cardData"]), ...meta };
  const apiTags = strings(doc["tags"], 100);
  const pipeline = str(doc["pipeline_tag"], 60) ?? str(card["pipeline_tag"], 60);
  const library = str(doc["library_name"], 60) ?? str(card["library_name"], 60);
  const license = licenseOf(card, apiTags);
  const base = strings([card["base_model"]].flat(), 3).join(", ");
  const source = `Hugging Face Hub API (models/${modelId})`;
  return buildManifests(
    {
      origin: "huggingface",
      label,
      name: modelId,
      slugs: [toSlug(model), toSlug(`${owner}-${model}`)],
      kind: "model",
      description:
        (body && leadParagraph(body)) ??
        `${modelId}: a ${pipeline ?? "machine learning"} model on the Hugging Face Hub${library ? ` for ${library}` : ""}${base ? `, based on ${base}` : ""}.`,
      url: page,
      repository: page,
      license,
      status: "active",
      pricing: license
        ? { model: OPEN_LICENSE.test(license) ? "open-source" : "free", freeTier: true }
        : { model: "unknown" },
      ...categorize([
        ...(pipeline ? [pipeline] : []),
        ...strings(card["tags"], 20),
        ...(library ? [library] : []),
        ...apiTags.filter((t) => !t.includes(":")),
        ...(doc["gated"] ? ["gated"] : []),
      ]),
      capabilities: await capabilitiesFrom(
        body,
        page,
        now,
        { first: pipeline ? [pipelineCapability(pipeline, page, now, core.taxonomy)] : [], skip: MODEL_CARD_SKIP },
        infer,
      ),
      signals: [
        ...signal(
          "hf.downloads",
          count(doc["downloads"]),
          "downloads",
          "Hugging Face Hub API (downloads in the last 30 days)",
          now,
        ),
        ...signal("hf.likes", count(doc["likes"]), "likes", source, now),
        ...releaseSignals(
          { latestAt: str(doc["lastModified"], 40), count: undefined, dates: undefined },
          { latest: source, history: source },
          now,
        ),
      ],
    },
    core,
  );
}

/** A model card: YAML front matter (when it parses) and the markdown body. */
function splitCard(card: string | undefined): { meta: Record<string, unknown> | undefined; body: string | undefined } {
  const m = card ? /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(card) : null;
  if (!card || !m?.[1] || m[1].length > MAX_FRONT_MATTER) return { meta: undefined, body: card };
  try {
    return { meta: record(parse(m[1], { maxAliasCount: 20, logLevel: "silent" })), body: card.slice(m[0].length) };
  } catch {
    return { meta: undefined, body: card.slice(m[0].length) };
  }
}

/** The card's licence (its name when it is "other"), else the Hub's `license:` tag. */
function licenseOf(card: Record<string, unknown>, tags: readonly string[]): string | undefined {
  const license = str(card["license"], 100) ?? tags.find((t) => t.startsWith("license:"))?.slice("license:".length);
  return license === "other" ? (str(card["license_name"], 100) ?? license) : license;
}

function pipelineCapability(tag: string, page: string, now: Date, taxonomy: Taxonomy): CapabilityInput {
  const node = taxonomy.get(HF_PIPELINE_URIS[tag] ?? "");
  const name = node?.label ?? tag.charAt(0).toUpperCase() + tag.slice(1).replace(/-/g, " ");
  return {
    name,
    ...(node ? { uri: node.uri } : {}),
    description: `The Hugging Face Hub lists this model under the ${tag} task, so Hub tools and inference clients run it as ${name.toLowerCase()}.`,
    evidence: "documented",
    sources: [{ url: page, excerpt: `pipeline_tag: ${tag}`, retrievedAt: day(now) }],
  };
}
