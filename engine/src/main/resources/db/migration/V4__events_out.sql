-- Version 10: events out (docs/decisions/0008-events-out.md). Versions 3 to 9 are left to the holds work.

-- The pull feed and the webhook outbox read every slot tag at once in journal order (txid, event_id): an index range
-- scan from a position, like the per-tag readers.
CREATE INDEX IF NOT EXISTS event_tag_journal_order_idx ON event_tag (txid, event_id);

-- Webhooks registered by admins. The secret signs deliveries and is never returned by the API.
CREATE TABLE IF NOT EXISTS webhook (
  webhook_id VARCHAR(64) PRIMARY KEY,
  url VARCHAR(2048) NOT NULL,
  secret VARCHAR(256) NOT NULL,
  event_types VARCHAR(40)[] NOT NULL,
  venue_id VARCHAR(40),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_delivered_at TIMESTAMPTZ,
  last_error VARCHAR(500),
  last_error_at TIMESTAMPTZ,
  abandoned BIGINT NOT NULL DEFAULT 0
);

-- The outbox: deliveries due, written exactly once by the webhook-outbox projection (in journal order, so
-- delivery_id orders each slot's events), deleted once the receiver answered 2xx (or after the retry period).
CREATE TABLE IF NOT EXISTS webhook_delivery (
  delivery_id BIGSERIAL PRIMARY KEY,
  webhook_id VARCHAR(64) NOT NULL REFERENCES webhook(webhook_id) ON DELETE CASCADE,
  event_id VARCHAR(128) NOT NULL,
  event_type VARCHAR(40) NOT NULL,
  body BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id)
);

CREATE INDEX IF NOT EXISTS webhook_delivery_order_idx ON webhook_delivery (webhook_id, delivery_id);

-- Booking attempts per slot and second, counted by every node at its HTTP edge (rejected and refused ones too: the
-- journal only holds what was decided with a write) and added up here. No customer, no contact: counts only.
CREATE TABLE IF NOT EXISTS booking_arrivals (
  venue_id VARCHAR(40) NOT NULL,
  slot_id VARCHAR(64) NOT NULL,
  second TIMESTAMPTZ NOT NULL,
  attempts BIGINT NOT NULL,
  confirmed BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  refused BIGINT NOT NULL,
  PRIMARY KEY (venue_id, second, slot_id)
);

INSERT INTO reservation_schema_version(version) VALUES (4) ON CONFLICT DO NOTHING;
