/** Versioned schema for the SQLite store. Append new steps; never edit a shipped one. */
export const SQLITE_MIGRATIONS: readonly { version: number; sql: string }[] = [
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
      CREATE TABLE signals (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        slug TEXT NOT NULL,
        metric TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT,
        source TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX signals_slug_metric ON signals(slug, metric, seq);
      CREATE TABLE matches (
        id TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        client TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE TABLE match_results (
        match_id TEXT NOT NULL REFERENCES matches(id),
        rank INTEGER NOT NULL,
        slug TEXT NOT NULL,
        score REAL NOT NULL,
        capability_ids TEXT NOT NULL,
        PRIMARY KEY (match_id, rank)
      );
      CREATE INDEX match_results_slug ON match_results(slug, rank);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta(key, value) VALUES ('revision', '0');
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE outcomes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        match_id TEXT NOT NULL REFERENCES matches(id),
        slug TEXT NOT NULL,
        capability_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
        reporter TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX outcomes_match_slug ON outcomes(match_id, slug, seq);
    `,
  },
  {
    version: 3,
    sql: `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    version: 4,
    sql: `
      CREATE TABLE api_keys (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, scopes TEXT NOT NULL, namespace TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE TABLE owners (slug TEXT PRIMARY KEY, namespace TEXT NOT NULL, verified INTEGER NOT NULL, proof_url TEXT, at TEXT NOT NULL);
      CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL);
    `,
  },
  {
    version: 5,
    sql: `CREATE TABLE embeddings (model TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, key));`,
  },
  {
    version: 8,
    sql: `
      -- One row per search (its results as JSON) instead of one row per result; Times matched
      -- becomes distinct clients per artifact per day, counted as each row is written.
      ALTER TABLE matches ADD COLUMN results TEXT NOT NULL DEFAULT '[]';
      UPDATE matches SET results = COALESCE((SELECT json_group_array(json_object('slug', r.slug, 'score', r.score, 'capabilityIds', json(r.capability_ids)) ORDER BY r.rank)
        FROM match_results r WHERE r.match_id = matches.id), '[]');
      CREATE INDEX matches_at ON matches(at);
      CREATE TABLE match_clients (day TEXT NOT NULL, slug TEXT NOT NULL, client TEXT NOT NULL, PRIMARY KEY (day, slug, client)) WITHOUT ROWID;
      INSERT INTO match_clients(day, slug, client)
        SELECT DISTINCT substr(m.at, 1, 10), r.slug, CASE WHEN m.client LIKE 'mcp:%' THEN substr(m.client, 5) ELSE m.client END
        FROM match_results r JOIN matches m ON m.id = r.match_id WHERE r.rank <= 10;
      CREATE TABLE match_totals (slug TEXT PRIMARY KEY, times INTEGER NOT NULL, seq INTEGER NOT NULL);
      CREATE INDEX match_totals_seq ON match_totals(seq);
      INSERT INTO match_totals(slug, times, seq) SELECT slug, COUNT(*), 1 FROM match_clients GROUP BY slug;
      DROP TABLE match_results;
      -- Which artifacts' outcomes changed, by outcome revision: replicas re-score only those.
      CREATE TABLE outcome_changes (slug TEXT PRIMARY KEY, rev INTEGER NOT NULL);
      CREATE INDEX outcome_changes_rev ON outcome_changes(rev);
      INSERT INTO outcome_changes(slug, rev) SELECT DISTINCT slug, 0 FROM outcomes;
      INSERT INTO meta(key, value) VALUES ('match_seq', '1'), ('outcome_revision', '0');
    `,
  },
  {
    version: 20,
    sql: `
      -- Which artifacts changed (document or signals), by revision: replicas load only those.
      CREATE TABLE catalog_changes (slug TEXT PRIMARY KEY, rev INTEGER NOT NULL);
      CREATE INDEX catalog_changes_rev ON catalog_changes(rev);
    `,
  },
];
