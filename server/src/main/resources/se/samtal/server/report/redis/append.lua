-- KEYS[1]: the tenant's activity log (zset). ARGV: prefix, then per entry: time (millis), conversation id,
-- member ("<conversation>|<json>"). The same entry again is kept once.
local P = ARGV[1]
for i = 2, #ARGV, 3 do
  redis.call('ZADD', KEYS[1], tonumber(ARGV[i]), ARGV[i + 2])
  redis.call('SADD', P .. 'ca:cv:' .. ARGV[i + 1], ARGV[i + 2])
end
return 1
