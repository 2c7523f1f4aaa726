-- KEYS[1]: the tenant's activity log. ARGV: prefix, cutoff (millis, exclusive), most. Removes the oldest entries before the cutoff.
local P = ARGV[1]
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, m in ipairs(old) do
  redis.call('ZREM', KEYS[1], m)
  local cv = string.match(m, '^([^|]+)|')
  if cv then
    redis.call('SREM', P .. 'ca:cv:' .. cv, m)
  end
end
return #old
