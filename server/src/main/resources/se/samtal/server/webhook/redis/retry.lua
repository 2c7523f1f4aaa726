-- KEYS[1]: the tenant's due keys. ARGV: prefix, key, id, node, due again at (millis), the event's JSON with one attempt more.
-- Only the node holding the claim on the key, for the key's oldest event: it is due again later,
-- and the claim ends.
local P, key, id, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local claim = P .. 'wh:claim:' .. key
if redis.call('GET', claim) ~= node or redis.call('LINDEX', P .. 'wh:q:' .. key, 0) ~= id then
  return 0
end
redis.call('HSET', P .. 'wh:ev', id, ARGV[6])
redis.call('DEL', claim)
redis.call('ZADD', P .. 'wh:due', ARGV[5], key)
return 1
