-- Version 2: what the journal's own write path and the gap-free tag reader need (docs/decisions/0006).

-- Every tag row records the transaction that wrote it; readers take rows of ended transactions only, in the order
-- (txid, event_id), so a late commit is never skipped. Rows written before this version sort first (txid 0).
ALTER TABLE event_tag ADD COLUMN IF NOT EXISTS txid BIGINT;
UPDATE event_tag SET txid = 0 WHERE txid IS NULL;
ALTER TABLE event_tag ALTER COLUMN txid SET DEFAULT (pg_current_xact_id()::text::bigint);
ALTER TABLE event_tag ALTER COLUMN txid SET NOT NULL;
CREATE INDEX IF NOT EXISTS event_tag_txid_idx ON event_tag (tag, txid, event_id);

-- The read model holds absolute counts guarded by the slot's sequence number (each write carries its counts).
ALTER TABLE slot_availability ADD COLUMN IF NOT EXISTS seq_nr BIGINT NOT NULL DEFAULT 0;

-- The availability projection reads by (txid, ordering) now, under a new name: carry its offsets over.
INSERT INTO akka_projection_offset_store
    (projection_name, projection_key, current_offset, manifest, mergeable, last_updated)
  SELECT 'slot-availability-v2', projection_key, '0:' || current_offset, 'STR', false, last_updated
  FROM akka_projection_offset_store WHERE projection_name = 'slot-availability' AND manifest = 'SEQ'
  ON CONFLICT DO NOTHING;

INSERT INTO reservation_schema_version(version) VALUES (2) ON CONFLICT DO NOTHING;
