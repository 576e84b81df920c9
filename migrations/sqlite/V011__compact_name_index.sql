-- The name search index in a fraction of the space (issue 16; docs/matching.md section 7).
-- person_name_keys held one row per indexed word with the person's 36-byte id and the key,
-- word and skeleton as text, in a rowid table with four indexes: about 2,300 bytes a person.
-- Now each distinct key, folded word and skeleton is stored once, in name_terms, with an
-- integer id; a person's postings are (term id, person ref) pairs in one WITHOUT ROWID table
-- that is its own index; and the person ref is a small integer kept on the person.
--
-- The index is derived data: this migration leaves it empty and the server builds it at
-- start (registry::EnsureNameIndex), as it does when the key version changes.

DROP TABLE person_name_keys;

-- term: a letter for its kind (k phonetic key, w folded word, s consonant skeleton of a key)
-- followed by the text, so one unique index serves exact and prefix lookups of every kind.
CREATE TABLE name_terms (
  id    INTEGER PRIMARY KEY,
  term  TEXT NOT NULL UNIQUE
);

CREATE TABLE person_name_terms (
  term_id  INTEGER NOT NULL,
  ref      INTEGER NOT NULL,
  PRIMARY KEY (term_id, ref)
) WITHOUT ROWID;

-- The person's number in the name index, given in id order to the persons there are and in
-- creation order to new ones.
ALTER TABLE persons ADD COLUMN name_ref INTEGER;
UPDATE persons SET name_ref = n.ref
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS ref FROM persons) AS n
  WHERE persons.id = n.id;
CREATE UNIQUE INDEX persons_by_name_ref ON persons (name_ref);

DELETE FROM name_index_state;
