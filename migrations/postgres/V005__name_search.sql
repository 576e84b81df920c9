-- Name search and duplicate detection (docs/matching.md); the same tables as on SQLite.
-- The text columns use the "C" collation so that range scans compare bytes exactly as
-- SQLite does: both backends return the same candidates in the same order.

CREATE TABLE person_name_keys (
  person_id  TEXT COLLATE "C" NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  key        TEXT COLLATE "C" NOT NULL,
  word       TEXT COLLATE "C" NOT NULL,
  skeleton   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (person_id, seq)
);
CREATE INDEX person_name_keys_by_key ON person_name_keys (key, person_id);
CREATE INDEX person_name_keys_by_word ON person_name_keys (word, person_id);
CREATE INDEX person_name_keys_by_skeleton ON person_name_keys (skeleton, person_id);

CREATE TABLE name_index_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  key_version  INTEGER NOT NULL
);

CREATE INDEX person_documents_by_number ON person_documents (number, issuing_country);
