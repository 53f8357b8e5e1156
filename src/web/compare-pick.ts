import { closest } from "../text/distance.js";
import { LIMITS, type CatalogEntry } from "../capgraph.js";

/** What the compare picker makes of the entries typed or ticked: a comparison path, or what to fix. */
export type PickResult = { ok: true; slugs: string[] } | { ok: false; problems: string[] };

/**
 * Resolves picker entries to artifacts: a slug, a name (any case), or the "Name (Kind)"
 * label the type-ahead shows. Empty entries are ignored; unknown ones, repeats and a count
 * outside 2–6 are reported one sentence each, so the page can say exactly what to change.
 */
export function resolvePicks(
  entries: readonly string[],
  artifacts: readonly CatalogEntry[],
  kindLabel: (kind: string) => string,
): PickResult {
  const bySlug = new Map(artifacts.map((a) => [a.slug, a]));
  const byName = new Map<string, CatalogEntry>();
  for (const a of artifacts) {
    byName.set(a.name.toLowerCase(), a);
    byName.set(`${a.name} (${kindLabel(a.kind)})`.toLowerCase(), a);
  }
  const problems: string[] = [];
  const slugs: string[] = [];
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const a = bySlug.get(raw) ?? bySlug.get(raw.toLowerCase()) ?? byName.get(raw.toLowerCase());
    if (!a) {
      const hint = closest(raw.toLowerCase(), bySlug.keys(), 4);
      problems.push(
        `No artifact is called “${raw}”${hint ? `; did you mean ${bySlug.get(hint)?.name ?? hint}?` : "; start typing a name and pick it from the list."}`,
      );
    } else if (slugs.includes(a.slug))
      problems.push(`${a.name} is picked twice; pick a different artifact for one of them.`);
    else slugs.push(a.slug);
  }
  if (problems.length === 0 && slugs.length < 2)
    problems.push(
      slugs.length === 0
        ? "Nothing picked yet: pick at least two artifacts."
        : "Only one artifact picked: add at least one more.",
    );
  if (slugs.length > LIMITS.maxCompare)
    problems.push(`${slugs.length} artifacts picked; a comparison holds at most ${LIMITS.maxCompare}.`);
  return problems.length ? { ok: false, problems } : { ok: true, slugs };
}
