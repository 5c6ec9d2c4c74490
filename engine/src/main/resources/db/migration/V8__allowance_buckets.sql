-- Per-customer limits moved from one allowance entity per venue and customer (persistence ids
-- 'Customer|<venue>:<customer>') to 128 bucket entities per venue (docs/decisions/0014-allowance-buckets.md).
-- A new bucket imports the earlier entities of its customers once; this lists them, so that it finds them with
-- one indexed query instead of scanning the journal. Empty on a store that never had them.
CREATE TABLE IF NOT EXISTS earlier_customer_allowance (
  venue_id VARCHAR(255) NOT NULL,
  customer_id VARCHAR(255) NOT NULL,
  PRIMARY KEY (venue_id, customer_id)
);

INSERT INTO earlier_customer_allowance (venue_id, customer_id)
SELECT DISTINCT split_part(entity_id, ':', 1), substr(entity_id, strpos(entity_id, ':') + 1)
FROM (
  SELECT substr(persistence_id, length('Customer|') + 1) AS entity_id
  FROM event_journal
  WHERE persistence_id LIKE 'Customer|%'
) earlier
WHERE strpos(entity_id, ':') > 0
ON CONFLICT DO NOTHING;

INSERT INTO reservation_schema_version(version) VALUES (8) ON CONFLICT DO NOTHING;
