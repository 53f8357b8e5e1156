import { EmbeddingCache, SemanticIndex, type Embedder } from "../match/embedder.js";
import type { SearchIndex } from "../match/segments.js";
import type { Store } from "../store/store.js";
import type { Snapshot } from "./snapshot.js";

export type SemanticState = "off" | "on" | "unavailable";

/**
 * The optional semantic component (an embeddings endpoint or a word-vector file), cached per
 * capability and rebuilt when the snapshot's index changes. A failing embedder never takes
 * search down: results stay lexical, the response says so, and the reason goes to the log.
 */
export class SemanticSearch {
  private readonly embeddings: EmbeddingCache | undefined;
  private semantic: { index: SearchIndex; sem: SemanticIndex } | undefined;

  constructor(
    embedder: Embedder | undefined,
    store: Store,
    private readonly log: (line: string) => void,
  ) {
    this.embeddings = embedder ? new EmbeddingCache(embedder, store) : undefined;
  }

  /** Similarities for a search, or why there are none. */
  async forQuery(s: Snapshot, q: string): Promise<{ sem: Float32Array | undefined; state: SemanticState }> {
    if (!this.embeddings) return { sem: undefined, state: "off" };
    try {
      return { sem: await this.scores(s, q), state: "on" };
    } catch (e) {
      this.failed(e);
      return { sem: undefined, state: "unavailable" };
    }
  }

  /** Query-to-capability similarities from the embedder, or undefined without one. */
  async scores(s: Snapshot, q: string): Promise<Float32Array | undefined> {
    return (await this.index(s))?.scores(q);
  }

  /** Embeds the catalog now, so the first search does not wait for it; a failure is logged. */
  async warm(s: Snapshot): Promise<void> {
    try {
      await this.index(s);
    } catch (e) {
      this.failed(e);
    }
  }

  private failed(e: unknown): void {
    this.log(`semantic component unavailable, lexical results only: ${(e as Error).message}\n`);
  }

  private async index(s: Snapshot): Promise<SemanticIndex | undefined> {
    if (!this.embeddings) return undefined;
    if (this.semantic?.index !== s.index) {
      const texts = s.artifacts.flatMap((a) =>
        a.capabilities.map((c) => `${c.name}. ${c.description} ${c.intents.join(". ")}`),
      );
      this.semantic = { index: s.index, sem: await SemanticIndex.build(texts, this.embeddings) };
    }
    return this.semantic.sem;
  }
}
