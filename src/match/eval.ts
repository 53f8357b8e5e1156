/**
 * Retrieval quality metrics over labelled queries. Relevance is graded by position in the
 * label list: the first slug is the best answer (gain 2), the others are relevant (gain 1).
 */
export interface LabelledQuery {
  query: string;
  slugs: string[];
}
export interface QualityReport {
  queries: number;
  mrr10: number;
  ndcg10: number;
  recall1: number;
  recall10: number;
}

/** Parses JSONL lines of `{"query", "slug"}` or `{"query", "slugs": [...]}`; throws with the line number on bad input. */
export function parseLabelled(text: string, file = "queries"): LabelledQuery[] {
  const out: LabelledQuery[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const r = o as { query?: unknown; slug?: unknown; slugs?: unknown };
    const slugs = Array.isArray(r.slugs) ? r.slugs : typeof r.slug === "string" ? [r.slug] : undefined;
    if (typeof r.query !== "string" || !slugs || slugs.length === 0 || !slugs.every((s) => typeof s === "string")) {
      throw new Error(`${file}:${i + 1}: each line needs "query" (string) and "slug" or "slugs" (strings)`);
    }
    out.push({ query: r.query, slugs: slugs as string[] });
  });
  return out;
}

/** MRR@10 (first relevant), nDCG@10 (graded), Recall@1 and @10 (share of labelled slugs found; @1: best answer first). */
export function evaluate(queries: readonly LabelledQuery[], search: (q: string) => readonly string[]): QualityReport {
  let mrr = 0,
    ndcg = 0,
    r1 = 0,
    r10 = 0;
  for (const q of queries) {
    const ranked = search(q.query).slice(0, 10);
    const gain = (slug: string) => (slug === q.slugs[0] ? 2 : q.slugs.includes(slug) ? 1 : 0);
    const first = ranked.findIndex((s) => q.slugs.includes(s));
    if (first >= 0) mrr += 1 / (first + 1);
    const dcg = ranked.reduce((s, slug, i) => s + (2 ** gain(slug) - 1) / Math.log2(i + 2), 0);
    const ideal = q.slugs.slice(0, 10).reduce((s, slug, i) => s + (2 ** gain(slug) - 1) / Math.log2(i + 2), 0);
    ndcg += ideal > 0 ? dcg / ideal : 0;
    if (ranked[0] === q.slugs[0]) r1++;
    r10 += ranked.filter((s) => q.slugs.includes(s)).length / Math.min(10, q.slugs.length);
  }
  const n = queries.length || 1;
  const round = (x: number) => Math.round((x / n) * 1000) / 1000;
  return { queries: queries.length, mrr10: round(mrr), ndcg10: round(ndcg), recall1: round(r1), recall10: round(r10) };
}
