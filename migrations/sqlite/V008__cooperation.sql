-- Cooperation governance: organisations and their succession, agreements with attached
-- signed files, conferences, commitments with progress updates, activities, twinning.
-- Each record keeps its full representation in `doc` (JSON text written by the service) and
-- copies into columns only what constraints, filters and joins need. Ids are UUIDv7 text;
-- dates ISO 8601 text; timestamps RFC 3339 UTC text from the application clock.

CREATE TABLE coop_organisations (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  country      TEXT NOT NULL CHECK (country IN ('VN', 'LA')),
  kind         TEXT NOT NULL,
  parent_id    TEXT REFERENCES coop_organisations (id),
  valid_from   TEXT,
  valid_until  TEXT,
  search_text  TEXT NOT NULL,
  doc          TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX coop_organisations_by_parent ON coop_organisations (parent_id, id);

-- One organisation continues another from a date (MoLISA -> MoHA on 2025-03-01).
CREATE TABLE coop_successions (
  predecessor_id  TEXT NOT NULL REFERENCES coop_organisations (id),
  successor_id    TEXT NOT NULL REFERENCES coop_organisations (id),
  effective_on    TEXT NOT NULL,
  recorded_at     TEXT NOT NULL,
  PRIMARY KEY (predecessor_id, successor_id),
  CONSTRAINT coop_successions_once_per_date UNIQUE (predecessor_id, effective_on)
);
CREATE INDEX coop_successions_by_successor ON coop_successions (successor_id);

CREATE TABLE coop_agreements (
  id             TEXT PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('agreement', 'mou', 'minutes', 'plan')),
  signed_on      TEXT,
  amends_id      TEXT REFERENCES coop_agreements (id),
  replaces_id    TEXT REFERENCES coop_agreements (id),
  conference_id  TEXT,
  doc            TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX coop_agreements_by_conference ON coop_agreements (conference_id, id);

-- Signed files: metadata per agreement, content once per SHA-256 (base64 text, so both
-- backends store it the same way through the text-only parameter binding).
CREATE TABLE coop_blobs (
  sha256   TEXT PRIMARY KEY,
  size     INTEGER NOT NULL,
  content  TEXT NOT NULL
);
CREATE TABLE coop_attachments (
  id            TEXT PRIMARY KEY,
  agreement_id  TEXT NOT NULL REFERENCES coop_agreements (id),
  file_name     TEXT NOT NULL,
  media_type    TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL REFERENCES coop_blobs (sha256),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);
CREATE INDEX coop_attachments_by_agreement ON coop_attachments (agreement_id, id);

CREATE TABLE coop_conferences (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('ministerial', 'special_ministerial', 'senior_officials')),
  number        INTEGER,
  held_on       TEXT NOT NULL,
  host_country  TEXT NOT NULL CHECK (host_country IN ('VN', 'LA')),
  status        TEXT NOT NULL CHECK (status IN ('planned', 'held')),
  doc           TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CONSTRAINT coop_conferences_number_key UNIQUE (kind, number)
);
CREATE INDEX coop_conferences_by_date ON coop_conferences (held_on);

CREATE TABLE coop_commitments (
  id                    TEXT PRIMARY KEY,
  conference_id         TEXT REFERENCES coop_conferences (id),
  agreement_id          TEXT REFERENCES coop_agreements (id),
  field                 TEXT NOT NULL,
  status                TEXT NOT NULL
    CHECK (status IN ('planned', 'in_progress', 'done', 'dropped', 'carried_over')),
  due_on                TEXT,
  carried_to_conference TEXT REFERENCES coop_conferences (id),
  doc                   TEXT NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE INDEX coop_commitments_by_field ON coop_commitments (field, status);
CREATE INDEX coop_commitments_by_due ON coop_commitments (due_on);
CREATE INDEX coop_commitments_by_conference ON coop_commitments (conference_id, id);

-- Which organisations answer for a commitment (side VN or LA); found under successors too.
CREATE TABLE coop_commitment_orgs (
  commitment_id  TEXT NOT NULL REFERENCES coop_commitments (id),
  org_id         TEXT NOT NULL REFERENCES coop_organisations (id),
  PRIMARY KEY (commitment_id, org_id)
);
CREATE INDEX coop_commitment_orgs_by_org ON coop_commitment_orgs (org_id);

CREATE TABLE coop_progress (
  commitment_id  TEXT NOT NULL REFERENCES coop_commitments (id),
  seq            INTEGER NOT NULL,
  on_date        TEXT NOT NULL,
  status         TEXT NOT NULL,
  note           TEXT,
  evidence       TEXT,
  actor          TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  PRIMARY KEY (commitment_id, seq)
);

CREATE TABLE coop_activities (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL
    CHECK (kind IN ('delegation_exchange', 'training_course', 'equipment_handover', 'workshop', 'contest')),
  field         TEXT NOT NULL,
  start_on      TEXT NOT NULL,
  end_on        TEXT NOT NULL,
  host_country  TEXT CHECK (host_country IN ('VN', 'LA')),
  doc           TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX coop_activities_by_start ON coop_activities (start_on);

CREATE TABLE coop_activity_commitments (
  activity_id    TEXT NOT NULL REFERENCES coop_activities (id),
  commitment_id  TEXT NOT NULL REFERENCES coop_commitments (id),
  PRIMARY KEY (activity_id, commitment_id)
);
CREATE INDEX coop_activity_commitments_by_commitment ON coop_activity_commitments (commitment_id);

CREATE TABLE coop_twinnings (
  id            TEXT PRIMARY KEY,
  vn_province   TEXT NOT NULL,
  la_province   TEXT NOT NULL,
  since         TEXT,
  agreement_id  TEXT REFERENCES coop_agreements (id),
  doc           TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CONSTRAINT coop_twinnings_pair_key UNIQUE (vn_province, la_province)
);
