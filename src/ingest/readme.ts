/**
 * Deterministic capability extraction from an artifact's own README: sections whose heading
 * names a capability (not "Installation", "License"…) and bullets of "Features" sections.
 * Every capability keeps the exact text span it came from, as evidence `documented`.
 */
export interface ExtractedCapability { name: string; description: string; excerpt: string; confidence: number }

/** Headings that describe the document, not a capability. */
const SKIP = /^(table of contents|contents|install(ation|ing)?|getting started|quick ?start|setup|requirements|prerequisites|usage|example|examples|api|api reference|documentation|docs|license|licence|contribut(e|ing|ion|ions|ors)|development|building|build|testing|tests|changelog|faq|support|community|acknowledg(e)?ments|credits|citation|citing\b.*|how to cite.*|authors?|sponsors?|roadmap|security|badges|links|related|see also|overview|introduction|about|notes?|status|browser usage|custom client|configuration|options|initiali[sz](e|ation)|error handling|errors?|error types|types|typescript|tree-?shaking|migration|migrating|upgrading|troubleshooting|environment variables|authentication|auth|deprecations?|versioning|compatibility|known issues|limitations|summary)$/i;
/** Words that mark a heading as setup or reference material wherever they appear ("SDK Installation", "API Key Setup"). */
const SKIP_WORDS = /\b(install(ation|ing)?|api keys? setup|table of contents|resources and operations|server selection|custom http client|standalone functions|sdk example usage|supported (runtimes|platforms|versions))\b/i;
/** Headings of the Hugging Face model card template: the card's structure, not capabilities. */
export const MODEL_CARD_SKIP = /^(model( card)?( details| description| sources| architecture| type| summary| overview)?|model card (authors|contact)|(direct |downstream |out-of-scope |intended )?uses?( and limitations| & limitations)?|bias.*|risks.*|recommendations|how to (get started|use).*|training( details| data| procedure| hyperparameters)?|evaluation( results| data)?|testing data.*|factors.*|metrics|results|environmental impact|technical specifications.*|compute infrastructure|hardware|software|glossary|more information)$/i;
const FEATURES = /^(key )?features?$|^what (it|this) (does|can do)$|^capabilities$|^highlights$/i;

/** Limits so a hostile README cannot produce a flood of capabilities. */
export const EXTRACT_LIMITS = { maxCapabilities: 12, maxReadmeChars: 200_000, maxNameChars: 80, maxDescriptionChars: 400 } as const;

/** `skip`: more headings to pass over, e.g. MODEL_CARD_SKIP for model cards. */
export function extractCapabilities(readme: string, skip?: RegExp): ExtractedCapability[] {
  const sections = splitSections(prose(readme));
  const out: ExtractedCapability[] = [];
  for (const s of sections) {
    if (FEATURES.test(s.heading)) {
      for (const b of bullets(s.body)) out.push({ name: clip(firstClause(b), EXTRACT_LIMITS.maxNameChars), description: clip(b, EXTRACT_LIMITS.maxDescriptionChars), excerpt: b, confidence: 0.75 });
      continue;
    }
    if (s.level < 2 || SKIP.test(s.heading) || SKIP_WORDS.test(s.heading) || skip?.test(s.heading) || s.heading.length < 4 || isIdentifier(s.heading)) continue;
    const para = firstParagraph(s.body);
    // Notes, pointers elsewhere and paragraphs introducing code (ending in ":") describe nothing.
    if (!para || para.length < 30 || /^(note|warning|tip|important|please (refer|see|check)|refer to|see (the|our)|check out)\b/i.test(para) || para.endsWith(":")) continue;
    out.push({ name: clip(s.heading, EXTRACT_LIMITS.maxNameChars), description: clip(para, EXTRACT_LIMITS.maxDescriptionChars), excerpt: para, confidence: 0.7 });
  }
  const seen = new Set<string>();
  return out.filter((c) => { const k = c.name.toLowerCase(); if (seen.has(k)) return false; seen.add(k); return true; }).slice(0, EXTRACT_LIMITS.maxCapabilities);
}

/** "create", "Audio.Transcriptions", "InferenceClientHubApiError": API reference, not capabilities. */
function isIdentifier(heading: string): boolean {
  return /^[a-z0-9_.]+(\(.*\))?$/.test(heading) || /^[A-Z][a-z]+(\.[A-Z][A-Za-z]+)+$/.test(heading) || /^[A-Za-z]+[A-Z][a-z]+[A-Z]\w*$/.test(heading);
}

/**
 * The first paragraph of prose outside boilerplate sections: the lead of a model card, for
 * an artifact whose source has no description.
 */
export function leadParagraph(readme: string): string | undefined {
  for (const s of splitSections(prose(readme))) {
    if (SKIP.test(s.heading)) continue;
    const p = paragraphs(s.body).find((x) => x.length >= 40);
    if (p) return clip(p, EXTRACT_LIMITS.maxDescriptionChars);
  }
  return undefined;
}

/** The README without code blocks and comments, within the size limit. */
function prose(readme: string): string {
  return readme.slice(0, EXTRACT_LIMITS.maxReadmeChars).replace(/```[\s\S]*?```/g, "").replace(/<!--[\s\S]*?-->/g, "");
}

function splitSections(md: string): { level: number; heading: string; body: string }[] {
  const out: { level: number; heading: string; body: string }[] = [];
  let cur = { level: 0, heading: "", body: "" };
  for (const line of md.split("\n")) {
    const h = /^(#{1,4})\s+(.+?)\s*#*\s*$/.exec(line);
    if (h?.[1] && h[2]) { out.push(cur); cur = { level: h[1].length, heading: plain(h[2]), body: "" }; } else cur.body += line + "\n";
  }
  out.push(cur);
  return out;
}

function bullets(body: string): string[] {
  return body.split("\n").map((l) => /^\s*[-*+]\s+(.+)$/.exec(l)?.[1]).filter((b): b is string => !!b).map(plain).filter((b) => b.length >= 12);
}

function firstParagraph(body: string): string | undefined {
  return paragraphs(body)[0];
}

/** Plain-text paragraphs, without tables, quotes, lists and HTML blocks (badges, banners). */
function paragraphs(body: string): string[] {
  return body.split(/\n\s*\n/).filter((p) => !/^\s*<(table|div|p|picture|img|details|h[1-6]|a|br)\b/i.test(p)).map((p) => plain(p.replace(/\n/g, " "))).filter((p) => p.length > 0 && !/^[|>]/.test(p) && !/^[-*+]\s/.test(p));
}

/** Markdown links, emphasis and inline code to plain text. */
function plain(s: string): string {
  return s.replace(/!\[[^\]]*\]\([^)]*\)/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]+/g, "").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
}

function firstClause(s: string): string {
  return s.split(/(?<=[a-z0-9)])[.:;]\s|\s[–—-]\s/)[0] ?? s;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).replace(/\s+\S*$/, "")}…`;
}
