/** What one request may ask of the core: the ground every floor may read (src/wire/limits.ts adds the rest). */
export const LIMITS = { maxQueryLength: 500, maxResults: 50, defaultResults: 10, maxCompare: 6 } as const;
