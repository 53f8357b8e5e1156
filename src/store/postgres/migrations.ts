/**
 * Versioned schema for the PostgreSQL store. Append new steps; never edit a shipped one.
 * Timestamps are ISO-8601 text so both stores return byte-identical values; the
 * append-only tables carry a sequence and a time column, ready for range partitioning.
 */
export const PG_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE artifacts (
        slug TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        doc TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE capabilities (
        artifact_slug TEXT NOT NULL REFERENCES artifacts(slug) ON DELETE CASCADE,
        id TEXT NOT NULL,
        uri TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (artifact_slug, id)
      );
      CREATE INDEX capabilities_uri ON capabilities(uri);
      -- Append-only tables are range-partitioned by their ISO-8601 time column (which sorts
      -- as time); everything lands in a DEFAULT partition until an operator adds monthly ones.
      -- No foreign keys point into them, so partitions can be detached and archived.
      CREATE TABLE signals (
        seq BIGSERIAL,
        slug TEXT NOT NULL,
        metric TEXT NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        unit TEXT,
        source TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (seq, recorded_at)
      ) PARTITION BY RANGE (recorded_at);
      CREATE TABLE signals_default PARTITION OF signals DEFAULT;
      CREATE INDEX signals_slug_metric ON signals(slug, metric, seq);
      CREATE TABLE matches (
        id TEXT NOT NULL,
        query TEXT NOT NULL,
        client TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (id, at)
      ) PARTITION BY RANGE (at);
      CREATE TABLE matches_default PARTITION OF matches DEFAULT;
      CREATE INDEX matches_id ON matches(id);
      CREATE TABLE match_results (
        match_id TEXT NOT NULL,
        at TEXT NOT NULL,
        rank INTEGER NOT NULL,
        slug TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        capability_ids TEXT NOT NULL,
        PRIMARY KEY (match_id, rank, at)
      ) PARTITION BY RANGE (at);
      CREATE TABLE match_results_default PARTITION OF match_results DEFAULT;
      CREATE INDEX match_results_slug ON match_results(slug, rank);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
      INSERT INTO meta(key, value) VALUES ('revision', 0);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE outcomes (
        seq BIGSERIAL,
        match_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        capability_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
        reporter TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (seq, at)
      ) PARTITION BY RANGE (at);
      CREATE TABLE outcomes_default PARTITION OF outcomes DEFAULT;
      CREATE INDEX outcomes_match_slug ON outcomes(match_id, slug, seq);
    `,
  },
  {
    version: 3,
    sql: `
      -- Weighted full-text document per capability for the in-database search mode
      -- (filled on write; artifacts stored before this version get it when next updated).
      ALTER TABLE capabilities ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
      CREATE INDEX capabilities_search ON capabilities USING GIN (search);
    `,
  },
  {
    version: 4,
    sql: `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    version: 5,
    sql: `
      CREATE TABLE api_keys (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, scopes TEXT NOT NULL, namespace TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE TABLE owners (slug TEXT PRIMARY KEY, namespace TEXT NOT NULL, verified INTEGER NOT NULL, proof_url TEXT, at TEXT NOT NULL);
      CREATE TABLE audit (seq BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL);
    `,
  },
  {
    version: 6,
    sql: `CREATE TABLE embeddings (model TEXT NOT NULL, key TEXT NOT NULL, vector BYTEA NOT NULL, PRIMARY KEY (model, key));`,
  },
];
