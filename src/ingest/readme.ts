import { lexer, type Token, type Tokens } from "marked";
import { DEFAULT_CONFIDENCE } from "../catalog/normalize.js";

/**
 * Deterministic capability extraction from an artifact's own README: sections whose heading
 * names a capability (not "Installation", "License"…) and bullets of "Features" sections.
 * Every capability keeps the exact text span it came from, as evidence `documented`. The
 * README is read by a real markdown lexer, so code blocks, HTML blocks, tables and quotes
 * never pass for headings or prose.
 */
export interface ExtractedCapability {
  name: string;
  description: string;
  excerpt: string;
  confidence: number;
}

/**
 * How sure the parser is that a span names a capability, on the scale of DEFAULT_CONFIDENCE
 * (documented 0.8 when a person wrote the manifest): a feature bullet a little below it, a
 * section heading a little lower (more of them are not capabilities).
 */
const below = (x: number, by: number) => Math.round((x - by) * 100) / 100;
export const README_CONFIDENCE = {
  bullet: below(DEFAULT_CONFIDENCE.documented, 0.05),
  section: below(DEFAULT_CONFIDENCE.documented, 0.1),
} as const;

/** Headings that describe the document, not a capability. */
const SKIP =
  /^(table of contents|contents|install(ation|ing)?|getting started|quick ?start|setup|requirements|prerequisites|usage|example|examples|api|api reference|documentation|docs|license|licence|contribut(e|ing|ion|ions|ors)|development|building|build|testing|tests|changelog|faq|support|community|acknowledg(e)?ments|credits|citation|citing\b.*|how to cite.*|authors?|sponsors?|roadmap|security|badges|links|related|see also|overview|introduction|about|notes?|status|browser usage|custom client|configuration|options|initiali[sz](e|ation)|error handling|errors?|error types|types|typescript|tree-?shaking|migration|migrating|upgrading|troubleshooting|environment variables|authentication|auth|deprecations?|versioning|compatibility|known issues|limitations|summary)$/i;
/** Words that mark a heading as setup or reference material wherever they appear ("SDK Installation", "API Key Setup"). */
const SKIP_WORDS =
  /\b(install(ation|ing)?|set ?up|api keys?|api reference|reference|table of contents|resources and operations|server selection|custom http client|standalone functions|sdk example usage|supported (runtimes|platforms|versions|environments)|compatib(le|ility)|licen[cs](e|ing)|contribut(e|ing|ors?)|requirements?|prerequisites|changelog|release notes|migrat(e|ing|ion)|upgrad(e|ing))\b/i;
/** Paragraphs that point elsewhere ("…are covered in docs/server.md…") or announce code describe nothing. */
const POINTER =
  /^(note|warning|tip|important|please (refer|see|check)|refer to|see (the|our)|check out)\b|\b(covered|documented|described|explained|detailed|listed) (in|at|on)\b|\S+\.(md|rst|html?)\b|:$/i;
/** Headings of the Hugging Face model card template: the card's structure, not capabilities. */
export const MODEL_CARD_SKIP =
  /^(model( card)?( details| description| sources| architecture| type| summary| overview)?|model card (authors|contact)|(direct |downstream |out-of-scope |intended )?uses?( and limitations| & limitations)?|bias.*|risks.*|recommendations|how to (get started|use).*|training( details| data| procedure| hyperparameters)?|evaluation( results| data)?|testing data.*|factors.*|metrics|results|environmental impact|technical specifications.*|compute infrastructure|hardware|software|glossary|more information)$/i;
const FEATURES = /^(key )?features?$|^what (it|this) (does|can do)$|^capabilities$|^highlights$/i;

/** Limits so a hostile README cannot produce a flood of capabilities. */
export const EXTRACT_LIMITS = {
  maxCapabilities: 12,
  maxReadmeChars: 200_000,
  maxNameChars: 80,
  maxDescriptionChars: 400,
} as const;

/** `skip`: more headings to pass over, e.g. MODEL_CARD_SKIP for model cards. */
export function extractCapabilities(readme: string, skip?: RegExp): ExtractedCapability[] {
  const out: ExtractedCapability[] = [];
  for (const s of sections(readme)) {
    if (FEATURES.test(s.heading)) {
      for (const b of s.bullets)
        out.push({
          name: clip(firstClause(b), EXTRACT_LIMITS.maxNameChars),
          description: clip(b, EXTRACT_LIMITS.maxDescriptionChars),
          excerpt: b,
          confidence: README_CONFIDENCE.bullet,
        });
      continue;
    }
    if (
      s.level < 2 ||
      SKIP.test(s.heading) ||
      SKIP_WORDS.test(s.heading) ||
      skip?.test(s.heading) ||
      s.heading.length < 4 ||
      isIdentifier(s.heading)
    )
      continue;
    const para = s.paragraphs[0];
    if (!para || para.length < 30 || POINTER.test(para)) continue;
    out.push({
      name: clip(s.heading, EXTRACT_LIMITS.maxNameChars),
      description: clip(para, EXTRACT_LIMITS.maxDescriptionChars),
      excerpt: para,
      confidence: README_CONFIDENCE.section,
    });
  }
  const seen = new Set<string>();
  return out
    .filter((c) => {
      const k = c.name.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, EXTRACT_LIMITS.maxCapabilities);
}

/** "create", "Audio.Transcriptions", "InferenceClientHubApiError": API reference, not capabilities. */
function isIdentifier(heading: string): boolean {
  return (
    /^[a-z0-9_.]+(\(.*\))?$/.test(heading) ||
    /^[A-Z][a-z]+(\.[A-Z][A-Za-z]+)+$/.test(heading) ||
    /^[A-Za-z]+[A-Z][a-z]+[A-Z]\w*$/.test(heading)
  );
}

/**
 * The first paragraph of prose outside boilerplate sections: the lead of a model card, for
 * an artifact whose source has no description.
 */
export function leadParagraph(readme: string): string | undefined {
  for (const s of sections(readme)) {
    if (SKIP.test(s.heading)) continue;
    const p = s.paragraphs.find((x) => x.length >= 40);
    if (p) return clip(p, EXTRACT_LIMITS.maxDescriptionChars);
  }
  return undefined;
}

interface Section {
  level: number;
  heading: string;
  paragraphs: string[];
  bullets: string[];
}

/** The README's headings with the prose paragraphs and list items under each, as plain text. */
function sections(readme: string): Section[] {
  let tokens: Token[];
  try {
    tokens = lexer(readme.slice(0, EXTRACT_LIMITS.maxReadmeChars));
  } catch {
    return []; // a README the lexer cannot read documents nothing
  }
  const out: Section[] = [{ level: 0, heading: "", paragraphs: [], bullets: [] }];
  for (const t of tokens) {
    const cur = out[out.length - 1];
    if (!cur) break;
    if (t.type === "heading")
      out.push({
        level: (t as Tokens.Heading).depth,
        heading: inlineText((t as Tokens.Heading).tokens),
        paragraphs: [],
        bullets: [],
      });
    else if (t.type === "paragraph") {
      const p = inlineText((t as Tokens.Paragraph).tokens);
      if (p) cur.paragraphs.push(p);
    } else if (t.type === "list")
      for (const item of (t as Tokens.List).items) {
        const b = itemText(item);
        if (b.length >= 12) cur.bullets.push(b);
      }
    // Code, HTML blocks (badges, banners), tables, quotes and rules are not prose.
  }
  return out;
}

/** A list item's own text (its first paragraph), without nested lists. */
function itemText(item: Tokens.ListItem): string {
  const first = item.tokens.find((x) => x.type === "text" || x.type === "paragraph") as
    | { tokens?: Token[]; text?: string }
    | undefined;
  return first ? (first.tokens ? inlineText(first.tokens) : plain(first.text ?? "")) : "";
}

/** Inline markdown to plain text: links keep their words, images and inline HTML go. */
function inlineText(tokens: readonly Token[] | undefined): string {
  const walk = (ts: readonly Token[]): string =>
    ts
      .map((t) => {
        if (t.type === "image" || t.type === "html") return "";
        if (t.type === "br") return " ";
        const nested = (t as { tokens?: Token[] }).tokens;
        return nested?.length ? walk(nested) : ((t as { text?: string }).text ?? "");
      })
      .join("");
  return plain(walk(tokens ?? []));
}

/** Leftover markup and the entities the lexer keeps, to plain text on one line. */
function plain(s: string): string {
  return s
    .replace(/<[^>]+>/g, "")
    .replace(
      /&(amp|lt|gt|quot|#39);/g,
      (_m, e: string) => (({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" }) as Record<string, string>)[e] ?? "",
    )
    .replace(/\s+/g, " ")
    .trim();
}

function firstClause(s: string): string {
  return s.split(/(?<=[a-z0-9)])[.:;]\s|\s[–—-]\s/)[0] ?? s;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).replace(/\s+\S*$/, "")}…`;
}
