-- Idempotency keys belong to a user and the credential the user came through ("token:<id>",
-- "session:<hash of the session id>" or "local"), no longer to a token id alone: that id is
-- empty for browser sessions, so every browser user shared one key space and could replay or
-- block another user's key. Rows made through a token keep their user; rows made through a
-- browser session cannot be told apart and are dropped (a retry after the upgrade is then a
-- new request). Request hashes are now over the raw body, so a kept row answers a retry of an
-- older request with 422 (reused) rather than a second create.
CREATE TABLE idempotency_keys_by_owner (
  user_id       TEXT NOT NULL,
  credential    TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  location      TEXT,
  body          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, credential, key)
);

INSERT INTO idempotency_keys_by_owner (user_id, credential, key, request_hash, status, location, body, created_at)
  SELECT t.user_id, 'token:' || k.principal, k.key, k.request_hash, k.status, k.location, k.body, k.created_at
  FROM idempotency_keys k JOIN api_tokens t ON t.id = k.principal
  WHERE k.principal <> '' AND t.user_id IS NOT NULL;

DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_by_owner RENAME TO idempotency_keys;
