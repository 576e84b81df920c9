-- The tamper-evident audit log (docs/audit.md). audit_log is a hash chain: each entry's hash
-- covers its fields and the previous entry's hash. audit_head holds the chain's head in one
-- row that every append updates (UPDATE ... RETURNING), so concurrent writers queue on that
-- row's lock until the appending transaction ends and the chain can never fork;
-- audit_checkpoints holds the head signed by the node's Ed25519 key.
--
-- The triggers below make audit_log and audit_checkpoints append-only for the application
-- and for anyone using SQL casually. They are not a security boundary: the tables' owner or
-- a superuser (a DBA) can drop or disable them. That is why the chain and the signed
-- checkpoints exist: `labourbridge audit verify` detects what the triggers cannot prevent.

CREATE TABLE audit_log (
  seq          BIGINT PRIMARY KEY,
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

CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   BIGINT NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE audit_checkpoints (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq         BIGINT NOT NULL,
  head_hash   TEXT NOT NULL,
  node        TEXT NOT NULL,
  at          TEXT NOT NULL,
  signature   TEXT NOT NULL,
  public_key  TEXT NOT NULL
);

CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
