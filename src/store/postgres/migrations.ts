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
  {
    version: 8,
    sql: `
      -- One row per search (its results as JSON) instead of one row per result; Times matched
      -- becomes distinct clients per artifact per day, counted as each row is written.
      ALTER TABLE matches ADD COLUMN results TEXT NOT NULL DEFAULT '[]';
      UPDATE matches SET results = COALESCE((SELECT json_agg(json_build_object('slug', r.slug, 'score', r.score, 'capabilityIds', r.capability_ids::json) ORDER BY r.rank)::text
        FROM match_results r WHERE r.match_id = matches.id), '[]');
      CREATE INDEX matches_at ON matches(at);
      CREATE TABLE match_clients (day TEXT NOT NULL, slug TEXT NOT NULL, client TEXT NOT NULL, PRIMARY KEY (day, slug, client));
      INSERT INTO match_clients(day, slug, client)
        SELECT DISTINCT substr(m.at, 1, 10), r.slug, CASE WHEN m.client LIKE 'mcp:%' THEN substr(m.client, 5) ELSE m.client END
        FROM match_results r JOIN matches m ON m.id = r.match_id WHERE r.rank <= 10;
      CREATE TABLE match_totals (slug TEXT PRIMARY KEY, times BIGINT NOT NULL, seq BIGINT NOT NULL);
      CREATE INDEX match_totals_seq ON match_totals(seq);
      INSERT INTO match_totals(slug, times, seq) SELECT slug, COUNT(*), 1 FROM match_clients GROUP BY slug;
      DROP TABLE match_results;
      -- Which artifacts' outcomes changed, by outcome revision: replicas re-score only those.
      CREATE TABLE outcome_changes (slug TEXT PRIMARY KEY, rev BIGINT NOT NULL);
      CREATE INDEX outcome_changes_rev ON outcome_changes(rev);
      INSERT INTO outcome_changes(slug, rev) SELECT DISTINCT slug, 0 FROM outcomes;
      INSERT INTO meta(key, value) VALUES ('match_seq', 1), ('outcome_revision', 0);
    `,
  },
  {
    version: 20,
    sql: `
      -- Which artifacts changed (document or signals), by revision: replicas load only those.
      CREATE TABLE catalog_changes (slug TEXT PRIMARY KEY, rev BIGINT NOT NULL);
      CREATE INDEX catalog_changes_rev ON catalog_changes(rev);
    `,
  },
];
