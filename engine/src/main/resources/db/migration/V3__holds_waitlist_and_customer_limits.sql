-- Version 3: holds, waitlists and per-customer limits (docs/decisions/0007).

-- A venue may limit each customer's active bookings and holds across its slots, and choose how its waitlists offer
-- freed seats. NULL: no limit (every venue made before this version).
ALTER TABLE venue ADD COLUMN IF NOT EXISTS max_active_bookings_per_customer INTEGER;
ALTER TABLE venue ADD COLUMN IF NOT EXISTS waitlist_policy VARCHAR(16) NOT NULL DEFAULT 'FIFO';

-- The read model keeps what each write of a slot says about its holds and waitlist: held seats and waiting entries
-- for the views, and the slot's earliest hold expiry, which every node's expiry waker reads to wake the slots that are due
-- (a passivated slot, or one whose node died, has no timer of its own).
ALTER TABLE slot_availability ADD COLUMN IF NOT EXISTS held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slot_availability ADD COLUMN IF NOT EXISTS waiting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slot_availability ADD COLUMN IF NOT EXISTS next_expiry TIMESTAMPTZ;
-- Only slots with holds are in it: the wakers' query reads a handful of index entries however many slots exist.
CREATE INDEX IF NOT EXISTS slot_availability_next_expiry_idx ON slot_availability (next_expiry)
  WHERE next_expiry IS NOT NULL;

INSERT INTO reservation_schema_version(version) VALUES (3) ON CONFLICT DO NOTHING;
