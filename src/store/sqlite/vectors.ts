import type Database from "better-sqlite3";
import { vectorBytes, vectorFromBytes } from "../store.js";

/** Embedding vectors by model and key (the engine's VectorStore port). */

export async function getEmbeddings(
  db: Database.Database,
  model: string,
  keys: readonly string[],
): Promise<Map<string, Float32Array>> {
  const get = db.prepare("SELECT vector FROM embeddings WHERE model = ? AND key = ?");
  const out = new Map<string, Float32Array>();
  for (const key of keys) {
    const row = get.get(model, key) as { vector: Buffer } | undefined;
    if (row) out.set(key, vectorFromBytes(row.vector));
  }
  return out;
}

export async function putEmbeddings(
  db: Database.Database,
  model: string,
  rows: readonly { key: string; vector: Float32Array }[],
): Promise<void> {
  const put = db.prepare(
    "INSERT INTO embeddings(model, key, vector) VALUES (?, ?, ?) ON CONFLICT(model, key) DO NOTHING",
  );
  db.transaction(() => {
    for (const r of rows) put.run(model, r.key, vectorBytes(r.vector));
  }).immediate();
}
