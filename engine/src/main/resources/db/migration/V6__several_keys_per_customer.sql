-- A customer may hold several contact keys (docs/decisions/0011-erasure.md): a node that has none cached for a
-- customer makes a new one and stores it in the same statement as the event whose contact data it sealed, instead
-- of reading or writing the key table before the booking. Sealed data names its key (key_id); data sealed before
-- this version names none and opens with key 0, the one key its customer had. An erasure still clears every key of
-- the customer.
ALTER TABLE customer_key ADD COLUMN IF NOT EXISTS key_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customer_key DROP CONSTRAINT IF EXISTS customer_key_pkey;
ALTER TABLE customer_key ADD CONSTRAINT customer_key_pkey PRIMARY KEY (customer_id, key_id);
ALTER TABLE customer_key ALTER COLUMN key_id DROP DEFAULT;

INSERT INTO reservation_schema_version(version) VALUES (6) ON CONFLICT DO NOTHING;
