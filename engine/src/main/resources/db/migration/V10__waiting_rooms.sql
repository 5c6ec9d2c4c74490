-- Venues with a waiting room in front of their bookings (docs/decisions/0015-waiting-room.md): every node reads this
-- to know where bookings need an admission; the room's line itself is in the journal (persistence id WaitingRoom|venue).
CREATE TABLE IF NOT EXISTS waiting_room (
  venue_id VARCHAR(40) PRIMARY KEY,
  opens_at TIMESTAMPTZ NOT NULL,
  prequeue_from TIMESTAMPTZ NOT NULL,
  admit_per_minute INTEGER NOT NULL,
  max_active INTEGER NOT NULL,
  admission_ttl_seconds INTEGER NOT NULL,
  line_order VARCHAR(20) NOT NULL,
  closes_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO reservation_schema_version(version) VALUES (10) ON CONFLICT DO NOTHING;
