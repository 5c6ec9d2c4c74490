-- The redis rival's booking, atomic because Redis runs a script alone (loaded once: SCRIPT LOAD, then EVALSHA).
-- KEYS[1] s:<slot>      hash: venue, cap, booked, open (1/0), start (epoch ms)
-- KEYS[2] b:<slot>      hash: customer -> booking record (id|seats|bookedAt ms|contact JSON)
-- KEYS[3] v:<venue>     hash: name, tz, limit (present = one active booking per customer at the venue)
-- KEYS[4] c:<venue>     hash: customer -> slot of their active booking (only at a venue with a limit)
-- ARGV: customer, seats, booking record, now (epoch ms)
-- Returns 'ok' or the problem code: not-found, slot-closed, slot-full, already-booked, customer-limit-reached.
local slot = redis.call('HMGET', KEYS[1], 'cap', 'booked', 'open', 'start')
if not slot[1] then return 'not-found' end
if slot[3] ~= '1' or tonumber(slot[4]) <= tonumber(ARGV[4]) then return 'slot-closed' end
local seats = tonumber(ARGV[2])
if tonumber(slot[2]) + seats > tonumber(slot[1]) then return 'slot-full' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'already-booked' end
if redis.call('HEXISTS', KEYS[3], 'limit') == 1 then
  if redis.call('HSETNX', KEYS[4], ARGV[1], KEYS[1]) == 0 then return 'customer-limit-reached' end
end
redis.call('HINCRBY', KEYS[1], 'booked', seats)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 'ok'
