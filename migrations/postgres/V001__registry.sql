-- Migrant-worker registry: persons, their documents, employers, work permits and the
-- permit transition history; API tokens and idempotency records.
-- Ids are UUIDv7 text; timestamps are RFC 3339 UTC text written by the application clock;
-- dates are ISO 8601 text (birth dates may be partial: 1978, 1978-05).

CREATE TABLE api_tokens (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT,
  revoked_at  TEXT
);

CREATE TABLE persons (
  id             TEXT PRIMARY KEY,
  family_name    TEXT NOT NULL,
  given_names    TEXT NOT NULL,
  native_name    TEXT,
  sex            TEXT NOT NULL CHECK (sex IN ('F', 'M', 'X')),
  birth_date     TEXT,
  nationality    TEXT NOT NULL,
  home_province  TEXT,
  phone          TEXT,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  version        BIGINT NOT NULL DEFAULT 1,
  owner_node     TEXT NOT NULL CHECK (owner_node IN ('VN', 'LA')),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX persons_by_nationality ON persons (nationality, id);
CREATE INDEX persons_by_province ON persons (home_province, id);
CREATE INDEX persons_by_status ON persons (status, id);

CREATE TABLE person_documents (
  person_id        TEXT NOT NULL REFERENCES persons (id),
  seq              INTEGER NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('passport', 'national_id', 'lao_id_card', 'family_book')),
  number           TEXT NOT NULL,
  issuing_country  TEXT NOT NULL,
  expires          TEXT,
  PRIMARY KEY (person_id, seq),
  CONSTRAINT person_documents_number_key UNIQUE (issuing_country, kind, number)
);

CREATE TABLE employers (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  native_name          TEXT,
  registration_number  TEXT NOT NULL,
  country              TEXT NOT NULL,
  province             TEXT,
  sector               TEXT,
  address              TEXT,
  status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  version              INTEGER NOT NULL DEFAULT 1,
  owner_node           TEXT NOT NULL CHECK (owner_node IN ('VN', 'LA')),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  CONSTRAINT employers_registration_key UNIQUE (country, registration_number)
);
CREATE INDEX employers_by_country ON employers (country, id);
CREATE INDEX employers_by_province ON employers (province, id);

CREATE TABLE work_permits (
  id             TEXT PRIMARY KEY,
  person_id      TEXT NOT NULL REFERENCES persons (id),
  employer_id    TEXT NOT NULL REFERENCES employers (id),
  host_country   TEXT NOT NULL CHECK (host_country IN ('VN', 'LA')),
  host_province  TEXT NOT NULL,
  occupation     TEXT NOT NULL,
  permit_number  TEXT NOT NULL,
  issued         TEXT,
  valid_from     TEXT NOT NULL,
  valid_until    TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('applied', 'issued', 'extended', 'expired', 'revoked', 'refused', 'withdrawn')),
  extensions     INTEGER NOT NULL DEFAULT 0,
  version        BIGINT NOT NULL DEFAULT 1,
  owner_node     TEXT NOT NULL CHECK (owner_node IN ('VN', 'LA')),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CONSTRAINT work_permits_number_key UNIQUE (host_country, permit_number)
);
CREATE INDEX work_permits_by_person ON work_permits (person_id, id);
CREATE INDEX work_permits_by_employer ON work_permits (employer_id, id);
CREATE INDEX work_permits_by_status ON work_permits (status, id);
CREATE INDEX work_permits_by_valid_until ON work_permits (valid_until);

CREATE TABLE permit_transitions (
  permit_id    TEXT NOT NULL REFERENCES work_permits (id),
  seq          INTEGER NOT NULL,
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  reason       TEXT,
  actor        TEXT NOT NULL,
  valid_until  TEXT,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (permit_id, seq)
);

CREATE TABLE idempotency_keys (
  principal     TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  location      TEXT,
  body          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (principal, key)
);
