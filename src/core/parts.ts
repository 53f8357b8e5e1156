import type { Taxonomy } from "../catalog/taxonomy.js";
import type { Learning } from "../match/learning.js";
import type { Store } from "../store/store.js";
import type { MatchRecorder } from "./matches.js";
import type { SemanticSearch } from "./semantic.js";
import type { SnapshotService } from "./snapshot.js";

/** The services the core's operations share; `Capgraph` composes them once and hands them to each operation. */
export interface CoreParts {
  readonly store: Store;
  readonly taxonomy: Taxonomy;
  readonly now: () => Date;
  /** `memory` (default): the in-process index; `database`: PostgreSQL full-text (see DATABASE_CANDIDATES). */
  readonly searchMode: "memory" | "database";
  readonly snapshots: SnapshotService;
  readonly matches: MatchRecorder;
  /** What reported outcomes taught: a small side index over learned intents (match/learned.ts). */
  readonly learning: Learning;
  /** Optional semantic scorer (core/semantic.ts). */
  readonly semantic: SemanticSearch;
}
