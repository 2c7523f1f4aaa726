-- KEYS[1]: the tenant's upcoming index. ARGV: prefix, id, new status, at (ISO-8601), reason,
-- whether the new status is final ("1"/"0"), then the statuses it may move from. Returns the
-- booking's hash (flat) after the move, or nothing if it is missing or in another status.
local P, id, to, at, reason, final = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6] == '1'
local key = P .. 'bk:' .. id
local status = redis.call('HGET', key, 'status')
if not status then
  return false
end
local allowed = false
for i = 7, #ARGV do
  if ARGV[i] == status then
    allowed = true
  end
end
if not allowed then
  return false
end
redis.call('HSET', key, 'status', to)
if final then
  redis.call('HSET', key, 'endedAt', at, 'endReason', reason)
  redis.call('ZREM', KEYS[1], id)
end
return redis.call('HGETALL', key)
