-- A webhook's backlog is bounded (docs/events.md#webhooks): deliveries beyond reservation.events.webhooks.max-pending
-- (the oldest first) or older than retry-for leave the outbox for this dead-letter table instead of piling up while a
-- receiver is down. Rows keep what a replay needs (the event and its exact body); they are themselves bounded in age
-- (dead-letter-keep-for) and count (dead-letter-max) per webhook, and go with their webhook.
CREATE TABLE IF NOT EXISTS webhook_dead_letter (
  delivery_id BIGINT PRIMARY KEY,
  webhook_id VARCHAR(64) NOT NULL REFERENCES webhook(webhook_id) ON DELETE CASCADE,
  event_id VARCHAR(128) NOT NULL,
  event_type VARCHAR(40) NOT NULL,
  body BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  attempts INTEGER NOT NULL,
  -- 'max-pending' (pushed out by newer deliveries) or 'retry-for' (too old)
  reason VARCHAR(16) NOT NULL,
  dead_lettered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS webhook_dead_letter_order_idx ON webhook_dead_letter (webhook_id, delivery_id);

-- Every delivery ever moved to the dead letter (the table keeps only the recent ones); abandoned stays the part of it
-- that was too old.
ALTER TABLE webhook ADD COLUMN IF NOT EXISTS dead_lettered BIGINT NOT NULL DEFAULT 0;

INSERT INTO reservation_schema_version(version) VALUES (7) ON CONFLICT DO NOTHING;
