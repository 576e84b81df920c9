-- Secrets the node makes for itself and keeps beside its data (docs/security.md): for now the
-- key that hashes login names no user has, so the audit log can relate repeated tries of one
-- name without keeping what was typed.
CREATE TABLE node_secrets (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
