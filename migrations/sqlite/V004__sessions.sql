-- Web sessions (docs/sessions.md). A session id lives only in the browser's cookie; the table
-- keeps its SHA-256, so a copy of the database does not hand out live sessions. Timestamps
-- are RFC 3339 UTC text like everywhere else, so they compare as text.

CREATE TABLE sessions (
  id_hash         TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users (id),
  csrf_token      TEXT NOT NULL,
  client_address  TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  revoked_at      TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed logins per client address, for the growing delay; rows are forgotten once the
-- address has been quiet for the window.
CREATE TABLE login_throttle (
  client_address   TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL,
  last_failure_at  TEXT NOT NULL,
  blocked_until    TEXT
);
