import type pg from "pg";
import { vectorBytes, vectorFromBytes } from "../store.js";

/** Embedding vectors by model and key (the engine's VectorStore port). */

/** Embedding rows per statement: keeps each statement well under the statement timeout. */
const EMBEDDING_BATCH = 1000;

export async function getEmbeddings(
  pool: pg.Pool,
  model: string,
  keys: readonly string[],
): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (let i = 0; i < keys.length; i += EMBEDDING_BATCH) {
    const res = await pool.query("SELECT key, vector FROM embeddings WHERE model = $1 AND key = ANY($2::text[])", [
      model,
      keys.slice(i, i + EMBEDDING_BATCH),
    ]);
    for (const r of res.rows as { key: string; vector: Buffer }[]) out.set(r.key, vectorFromBytes(r.vector));
  }
  return out;
}

export async function putEmbeddings(
  pool: pg.Pool,
  model: string,
  rows: readonly { key: string; vector: Float32Array }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += EMBEDDING_BATCH) {
    const batch = rows.slice(i, i + EMBEDDING_BATCH);
    await pool.query(
      "INSERT INTO embeddings(model, key, vector) SELECT $1, k, v FROM unnest($2::text[], $3::bytea[]) AS t(k, v) ON CONFLICT (model, key) DO NOTHING",
      [model, batch.map((r) => r.key), batch.map((r) => vectorBytes(r.vector))],
    );
  }
}
