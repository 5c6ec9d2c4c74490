-- Webhook secrets are stored sealed (AES-GCM under the cluster's secrets key, made by the first node that needs it):
-- 's1:' and the base64 of nonce and ciphertext, longer than the 256 characters a secret may have.
CREATE TABLE IF NOT EXISTS secret_key (
  key_id SMALLINT PRIMARY KEY,
  key BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE webhook ALTER COLUMN secret TYPE VARCHAR(512);

INSERT INTO reservation_schema_version(version) VALUES (9) ON CONFLICT DO NOTHING;
