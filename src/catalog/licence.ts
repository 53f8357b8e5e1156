/** open-source: an OSI-style licence; open-weights: downloadable under use restrictions; proprietary: neither. */
export type LicenceClass = "open-source" | "open-weights" | "proprietary" | "unstated";

/** Licences counted as open source (OSI-approved families), matched at the start of the SPDX-like name. */
export const OPEN_SOURCE_LICENCE = /^(mit|apache|bsd|gpl|lgpl|agpl|mpl|isc|postgresql|unlicense|zlib|epl|cc0)\b/i;

/** Licences that let you download and run the artifact with restrictions (community, RAIL, non-commercial). */
export const OPEN_WEIGHTS_LICENCE =
  /(community licen[cs]e|open rail|rail-m|terms of use|non-commercial|cc-by-nc|openrail)/i;

/** How open a licence is: the one classification the verdict, leaderboards and filters use. */
export function licenceClass(licence: string | null): LicenceClass {
  if (!licence || !licence.trim()) return "unstated";
  if (OPEN_SOURCE_LICENCE.test(licence.trim())) return "open-source";
  if (OPEN_WEIGHTS_LICENCE.test(licence)) return "open-weights";
  return "proprietary";
}

/** The one licence filter rule (search, leaderboards, every surface): a licence name (any case) or a class. */
export function licenceMatches(licence: string | null, want: string): boolean {
  const w = want.toLowerCase();
  return (licence ?? "").toLowerCase() === w || licenceClass(licence) === w;
}
