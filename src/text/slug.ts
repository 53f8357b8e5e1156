/**
 * The one kebab-case rule for slugs, capability ids and tags ("@scope/Pkg_name" → "scope-pkg-name",
 * "Café" → "cafe"): lower case, accents folded, a leading "@" dropped, every run of other
 * characters one dash, no dash at either end, at most `max` characters.
 */
export function kebabCase(s: string, max: number): string {
  return s.toLowerCase().normalize("NFKD").replace(/^@/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, max).replace(/-+$/, "");
}
