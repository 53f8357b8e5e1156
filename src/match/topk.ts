/**
 * Bounded top-k selection over (score, id) pairs in typed arrays, best first. k is small
 * (a page of results), so insertion into a sorted array beats a heap; a query offers tens of
 * thousands of candidates and almost all are refused by one comparison with the threshold.
 */
export class TopK {
  readonly scores: Float64Array;
  readonly ids: Int32Array;
  size = 0;

  /** `before(x, y)`: the tie-break between ids of equal score (true when x ranks first). */
  constructor(
    readonly k: number,
    private readonly before: (x: number, y: number) => boolean,
  ) {
    this.scores = new Float64Array(Math.max(0, k));
    this.ids = new Int32Array(Math.max(0, k));
  }

  /** The k-th best score so far (−∞ until k candidates were offered). */
  threshold(): number {
    return this.size === this.k && this.k > 0 ? (this.scores[this.k - 1] as number) : -Infinity;
  }

  /** Offers a candidate; keeps it when it ranks among the k best so far. */
  push(score: number, id: number): void {
    const k = this.k,
      scores = this.scores,
      ids = this.ids;
    if (k <= 0) return;
    if (this.size === k && !this.ranksBefore(score, id, k - 1)) return;
    let i = this.size < k ? this.size++ : k - 1;
    while (i > 0 && this.ranksBefore(score, id, i - 1)) {
      scores[i] = scores[i - 1] as number;
      ids[i] = ids[i - 1] as number;
      i--;
    }
    scores[i] = score;
    ids[i] = id;
  }

  private ranksBefore(score: number, id: number, at: number): boolean {
    const s = this.scores[at] as number;
    return score !== s ? score > s : this.before(id, this.ids[at] as number);
  }
}
