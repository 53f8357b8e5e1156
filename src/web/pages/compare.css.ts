/** The compare page's own styles (kept apart from the site stylesheet). */
export const COMPARE_CSS = ``;
