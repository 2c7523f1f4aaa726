-- KEYS[1]: the tenant's due keys (for routing). ARGV: prefix, then for each event: id, key, JSON, due (millis).
-- Adds each event (once: an id already there is left as it is) at the end of its key's queue; a
-- key whose queue was empty becomes due.
local P = ARGV[1]
local added = 0
for i = 2, #ARGV, 4 do
  local id, key, json, due = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('HSETNX', P .. 'wh:ev', id, json) == 1 then
    local q = P .. 'wh:q:' .. key
    if redis.call('RPUSH', q, id) == 1 then
      redis.call('ZADD', P .. 'wh:due', due, key)
    end
    added = added + 1
  end
end
return added
