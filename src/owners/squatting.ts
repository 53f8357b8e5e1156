import type { Artifact } from "../catalog/schema.js";
import type { OwnerRecord } from "../store/store.js";
import { linkKey, toSlug } from "../ingest/common.js";

/** Most artifacts a namespace may own unverified (stated in the README's limits and docs/security.md). */
export const NAMESPACE_QUOTA = 50;

/**
 * Slugs a publisher may neither take nor prefix (`openai`, `openai-whisper`): vendors of the
 * demo catalog and words that read as the service itself. An admin key publishes them.
 */
export const RESERVED_NAMES: readonly string[] = [
  "admin",
  "api",
  "capgraph",
  "official",
  "root",
  "security",
  "support",
  "www",
  "alibaba",
  "amazon",
  "anthropic",
  "apple",
  "aws",
  "black-forest-labs",
  "cohere",
  "deepmind",
  "deepseek",
  "github",
  "google",
  "hugging-face",
  "huggingface",
  "ibm",
  "meta",
  "meta-llama",
  "microsoft",
  "midjourney",
  "mistral",
  "mistralai",
  "nvidia",
  "ollama",
  "openai",
  "qwen",
  "stability",
  "stability-ai",
  "stabilityai",
  "xai",
];

/** What a publish of `a` by `namespace` would impersonate, as a sentence; undefined when nothing. */
export async function impersonation(
  a: Pick<Artifact, "slug" | "name" | "url" | "repository">,
  isNew: boolean,
  catalog: readonly Artifact[],
  ownerOf: (slug: string) => Promise<OwnerRecord | undefined>,
  namespace: string,
): Promise<string | undefined> {
  const nameSlug = toSlug(a.name);
  const reserved = isNew
    ? RESERVED_NAMES.find((r) => [a.slug, nameSlug].some((s) => s === r || s.startsWith(`${r}-`)))
    : undefined;
  if (reserved) return `'${reserved}' is a reserved name; an admin publishes artifacts under it`;
  const names = nameForms(a.name);
  const keys = [a.url, a.repository].map(linkKey).filter((k): k is string => !!k);
  for (const x of catalog) {
    if (x.slug === a.slug) continue;
    const why = nameForms(x.name).some((n) => names.includes(n))
      ? `the name '${a.name}' is the name of '${x.slug}'`
      : [x.url, x.repository].some((u) => {
            const k = linkKey(u);
            return k !== undefined && keys.includes(k);
          })
        ? `its url or repository is that of '${x.slug}'`
        : undefined;
    // Only other owners' entries and the operator's catalog entries can be impersonated.
    if (why && (await ownerOf(x.slug))?.namespace !== namespace) return why;
  }
  return undefined;
}

/** A name as a slug, with and without a vendor prefix ("OpenAI: Whisper" is also "whisper"). */
function nameForms(name: string): string[] {
  return [...new Set([toSlug(name), toSlug(name.replace(/^[^:]{1,40}:\s*/, ""))])].filter(Boolean);
}
