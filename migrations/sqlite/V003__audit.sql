-- The tamper-evident audit log (docs/audit.md). audit_log is a hash chain: each entry's hash
-- covers its fields and the previous entry's hash. audit_head holds the chain's head in one
-- row that every append updates; audit_checkpoints holds the head signed by the node's
-- Ed25519 key.
--
-- The triggers below make audit_log and audit_checkpoints append-only for the application
-- and for anyone using SQL casually. They are not a security boundary: whoever can write the
-- database file (or, on PostgreSQL, owns the tables) can drop them. That is why the chain and
-- the signed checkpoints exist: `labourbridge audit verify` detects what the triggers cannot
-- prevent.

CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  node         TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  entity_type  TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  changes      TEXT,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, seq);
CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);

-- One row; every append bumps seq and sets hash in the appending transaction. On SQLite
-- writers are serialised anyway; the row keeps both dialects the same.
CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE audit_checkpoints (
  id          INTEGER PRIMARY KEY,
  seq         INTEGER NOT NULL,
  head_hash   TEXT NOT NULL,
  node        TEXT NOT NULL,
  at          TEXT NOT NULL,
  signature   TEXT NOT NULL,
  public_key  TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
