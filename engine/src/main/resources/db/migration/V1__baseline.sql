-- The first schema (what every version before Flyway created). Every statement is idempotent, because data made by
-- those versions is baselined at version 0 and this script then runs over it. Journal and snapshot tables follow
-- akka-persistence-jdbc 5.2.1's PostgreSQL schema.

CREATE TABLE IF NOT EXISTS event_journal(
  ordering BIGSERIAL,
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  deleted BOOLEAN DEFAULT FALSE NOT NULL,
  writer VARCHAR(255) NOT NULL,
  write_timestamp BIGINT,
  adapter_manifest VARCHAR(255),
  event_ser_id INTEGER NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY(persistence_id, sequence_number)
);

CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON event_journal(ordering);

CREATE TABLE IF NOT EXISTS event_tag(
  event_id BIGINT,
  tag VARCHAR(256),
  PRIMARY KEY(event_id, tag),
  CONSTRAINT fk_event_journal FOREIGN KEY(event_id) REFERENCES event_journal(ordering) ON DELETE CASCADE
);

-- The read journal's events-by-tag query filters on tag and walks ordering: without this index every poll
-- (every 100 ms per tag) scans the whole tag table.
CREATE INDEX IF NOT EXISTS event_tag_tag_idx ON event_tag(tag, event_id);

CREATE TABLE IF NOT EXISTS snapshot (
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  created BIGINT NOT NULL,
  snapshot_ser_id INTEGER NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY(persistence_id, sequence_number)
);

CREATE TABLE IF NOT EXISTS akka_projection_offset_store (
  projection_name VARCHAR(255) NOT NULL,
  projection_key VARCHAR(255) NOT NULL,
  current_offset VARCHAR(255) NOT NULL,
  manifest VARCHAR(4) NOT NULL,
  mergeable BOOLEAN NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY(projection_name, projection_key)
);

CREATE INDEX IF NOT EXISTS projection_name_index ON akka_projection_offset_store (projection_name);

CREATE TABLE IF NOT EXISTS akka_projection_management (
  projection_name VARCHAR(255) NOT NULL,
  projection_key VARCHAR(255) NOT NULL,
  paused BOOLEAN NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY(projection_name, projection_key)
);

-- Venues: written by admins, read (through a cache) by every request that names a venue.
CREATE TABLE IF NOT EXISTS venue (
  venue_id VARCHAR(40) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  time_zone VARCHAR(64) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The slot catalog: what schedules defined. A slot entity reads its definition here when first touched.
CREATE TABLE IF NOT EXISTS slot_catalog (
  slot_id VARCHAR(64) PRIMARY KEY,
  venue_id VARCHAR(40) NOT NULL REFERENCES venue(venue_id),
  local_date DATE NOT NULL,
  start_local TIMESTAMP NOT NULL,
  end_local TIMESTAMP NOT NULL,
  start_instant TIMESTAMPTZ NOT NULL,
  capacity INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS slot_catalog_venue_date_idx ON slot_catalog (venue_id, local_date, start_local);

-- The availability read model, kept by the projection from the slots' events.
CREATE TABLE IF NOT EXISTS slot_availability (
  slot_id VARCHAR(64) PRIMARY KEY,
  capacity INTEGER NOT NULL,
  booked INTEGER NOT NULL,
  admin_closed BOOLEAN NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reservation_schema_version (
  version INTEGER PRIMARY KEY,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO reservation_schema_version(version) VALUES (1) ON CONFLICT DO NOTHING;
