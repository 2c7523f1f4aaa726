-- KEYS[1]: the tenant's by-start index. ARGV: prefix, from (millis), to (millis, exclusive).
-- Sessions with a log scheduled to start in [from, to), each as {session, {events...}}.
local P = ARGV[1]
local found = {}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], tonumber(ARGV[2]), '(' .. ARGV[3])
for _, id in ipairs(ids) do
  found[#found + 1] = {id, redis.call('LRANGE', P .. 'vl:' .. id, 0, -1)}
end
return found
