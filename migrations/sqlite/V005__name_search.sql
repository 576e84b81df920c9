-- Name search and duplicate detection (docs/matching.md). One row per word of each written
-- form of a person's name (passport Latin, native script), plus the form's words run together
-- in both orders, so a name typed without spaces or in the other order is found too.
-- `key` is the phonetic key (src/text/name_key.h), `word` the folded word, `skeleton` the
-- key's consonants. The rows are derived data: the server rebuilds them when the key
-- algorithm's version (name_index_state) differs from its own.

CREATE TABLE person_name_keys (
  person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  key        TEXT NOT NULL,
  word       TEXT NOT NULL,
  skeleton   TEXT NOT NULL,
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
