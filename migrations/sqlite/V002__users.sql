-- Users with a role and a scope; API tokens belong to a user. Records carry the scope they
-- were registered in (country, and optionally province and organisation), which decides who
-- may see them.

CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  role            TEXT NOT NULL CHECK (role IN ('admin', 'registry_officer', 'cooperation_officer', 'training_officer',
                                                'welfare_officer', 'viewer', 'auditor', 'partner_node')),
  country         TEXT NOT NULL CHECK (country IN ('VN', 'LA')),
  province        TEXT,
  org             TEXT,
  password_hash   TEXT,
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

ALTER TABLE api_tokens ADD COLUMN user_id TEXT REFERENCES users (id);

ALTER TABLE persons ADD COLUMN scope_country TEXT;
ALTER TABLE persons ADD COLUMN scope_province TEXT;
ALTER TABLE persons ADD COLUMN scope_org TEXT;
ALTER TABLE employers ADD COLUMN scope_country TEXT;
ALTER TABLE employers ADD COLUMN scope_province TEXT;
ALTER TABLE employers ADD COLUMN scope_org TEXT;

-- Records made before scopes existed belong to the country of the node that made them.
UPDATE persons SET scope_country = owner_node, scope_province = home_province
  WHERE scope_country IS NULL;
UPDATE employers SET scope_country = owner_node, scope_province = province
  WHERE scope_country IS NULL;

CREATE INDEX persons_by_scope ON persons (scope_country, scope_province, id);
CREATE INDEX employers_by_scope ON employers (scope_country, scope_province, id);
CREATE INDEX work_permits_by_host_province ON work_permits (host_province, person_id);
