-- Erasure by crypto-shredding (docs/decisions/0011-erasure.md): a customer's contact data is stored in the journal,
-- snapshots and slot state only as AES-GCM ciphertext under this per-customer key. Erasing the customer sets key to
-- NULL: every copy of the ciphertext, wherever it was written, becomes unreadable, while the bookings stay countable.
-- erased_at keeps when the last erasure happened; a later booking with contact data is new data under a new key.
CREATE TABLE IF NOT EXISTS customer_key (
  customer_id VARCHAR(64) PRIMARY KEY,
  key BYTEA NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  erased_at TIMESTAMPTZ NULL
);

INSERT INTO reservation_schema_version(version) VALUES (5) ON CONFLICT DO NOTHING;
