-- KEYS[1]: a tenant's timers (zset: timer id -> due, epoch millis). ARGV: now, lease (ms), most.
-- Takes the timers that are due and moves each past the lease, so no other node takes it
-- meanwhile; the change a timer causes clears it, in the same step. A node that dies holding a
-- timer lets it go when the lease ends, and another node takes it.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
end
return due
