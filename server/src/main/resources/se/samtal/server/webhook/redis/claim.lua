-- KEYS[1]: the tenant's due keys. ARGV: prefix, now (millis), node, lease (millis), most.
-- Claims the oldest event of each due key that nobody holds: the claim is a key with a lease, and
-- the key's due time moves to the lease's end, so it is not looked at again while held and is due
-- again by itself if the holder never finishes (a node that died). Returns the events' JSON.
local P, now, node, lease, most = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local due = P .. 'wh:due'
local out = {}
for _, key in ipairs(redis.call('ZRANGEBYSCORE', due, '-inf', now, 'LIMIT', 0, most)) do
  local q = P .. 'wh:q:' .. key
  local id = redis.call('LINDEX', q, 0)
  if not id then
    redis.call('ZREM', due, key)
  elseif redis.call('SET', P .. 'wh:claim:' .. key, node, 'NX', 'PX', lease) then
    local json = redis.call('HGET', P .. 'wh:ev', id)
    redis.call('ZADD', due, now + lease, key)
    if json then
      table.insert(out, json)
    end
  else
    redis.call('ZADD', due, now + redis.call('PTTL', P .. 'wh:claim:' .. key), key)
  end
end
return out
