-- KEYS[1]: the tenant's due keys. ARGV: prefix, key, id, node, when the key's next event is due (millis).
-- The event was delivered or given up: it leaves its queue, the claim ends, and the key's next
-- event is due (while another node still holds a claim on the key, that claim keeps it).
local P, key, id, node, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local q = P .. 'wh:q:' .. key
redis.call('LREM', q, 1, id)
redis.call('HDEL', P .. 'wh:ev', id)
local claim = P .. 'wh:claim:' .. key
if redis.call('GET', claim) == node then
  redis.call('DEL', claim)
end
if redis.call('LLEN', q) == 0 then
  redis.call('ZREM', P .. 'wh:due', key)
else
  redis.call('ZADD', P .. 'wh:due', now, key)
end
return 1
