import Database from "better-sqlite3";
import { aggregateMax, type BenchDoc, type BenchRetriever } from "../corpus.js";

const CAPABILITY_HITS = 200;

/**
 * Turns free user text into a safe FTS5 query: every letter/digit run becomes a quoted
 * term, joined with OR, so punctuation and FTS5 operators in the text are never parsed as syntax.
 * Returns "" when the text has no words.
 */
export function toFts5Query(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(" OR ");
}

function joined(values: readonly string[]): string {
  return values.join(" ");
}

function createSchema(db: Database.Database): void {
  db.exec(
    "CREATE VIRTUAL TABLE caps USING fts5(slug UNINDEXED, name, intents, description, bestFor, taxonomy, artifactName, categories)",
  );
}

function insertAll(db: Database.Database, docs: readonly BenchDoc[]): void {
  const insert = db.prepare(
    "INSERT INTO caps (slug, name, intents, description, bestFor, taxonomy, artifactName, categories) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const run = db.transaction((all: readonly BenchDoc[]) => {
    for (const d of all) {
      insert.run(
        d.slug,
        d.name,
        joined(d.intents),
        d.description,
        joined(d.bestFor),
        joined(d.taxonomy),
        d.artifactName,
        joined(d.categories),
      );
    }
  });
  run(docs);
}

/** Writes the FTS5 table for `docs` into a new SQLite file, so a server can open it without re-indexing. */
export function writeFts5File(file: string, docs: readonly BenchDoc[]): void {
  const db = new Database(file);
  try {
    createSchema(db);
    insertAll(db, docs);
  } finally {
    db.close();
  }
}

/**
 * A plain lexical baseline: SQLite FTS5 over the same seven text fields as our engine,
 * default unicode61 tokenizer, ranked by unweighted bm25 and aggregated per artifact by its best capability.
 */
export function fts5Retriever(file?: string): BenchRetriever {
  let db: Database.Database | undefined;
  let select: Database.Statement<[string, number], { slug: string; rank: number }> | undefined;
  const prepare = (d: Database.Database) =>
    d.prepare<[string, number], { slug: string; rank: number }>(
      "SELECT slug, bm25(caps) AS rank FROM caps WHERE caps MATCH ? ORDER BY rank LIMIT ?",
    );
  if (file) {
    // A table written by writeFts5File: opened as it is, read-only.
    db = new Database(file, { readonly: true, fileMustExist: true });
    select = prepare(db);
  }
  return {
    name: "SQLite FTS5 bm25",
    build(docs) {
      db?.close();
      db = new Database(":memory:");
      createSchema(db);
      insertAll(db, docs);
      select = prepare(db);
    },
    search(query, k) {
      const match = toFts5Query(query);
      if (match === "" || select === undefined) return [];
      const rows = select.all(match, CAPABILITY_HITS);
      return aggregateMax(
        rows.map((r) => ({ slug: r.slug, score: -r.rank })),
        k,
      );
    },
    close() {
      db?.close();
      db = undefined;
      select = undefined;
    },
  };
}
