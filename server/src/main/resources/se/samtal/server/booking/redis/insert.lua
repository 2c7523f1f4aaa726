-- KEYS[1]: the tenant's upcoming index. ARGV: prefix, id, most upcoming, now (millis), start (millis),
-- end (millis), booking JSON. Counts the tenant's sessions that are not over and not past their
-- end, and stores the new one only below the limit: the check and the insert are one step.
local P, id, max, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local upcoming = P .. 'bk:upcoming'
-- Sessions that ended a day ago no longer count for anyone; forget them.
redis.call('ZREMRANGEBYSCORE', upcoming, '-inf', '(' .. (now - 86400000))
if redis.call('ZCOUNT', upcoming, '(' .. now, '+inf') >= max then
  return 0
end
local key = P .. 'bk:' .. id
if redis.call('EXISTS', key) == 1 then
  return redis.error_reply('a booking with this id exists')
end
redis.call('HSET', key, 'data', ARGV[7], 'status', 'scheduled')
redis.call('ZADD', P .. 'bk:bystart', tonumber(ARGV[5]), id)
redis.call('ZADD', upcoming, tonumber(ARGV[6]), id)
return 1
