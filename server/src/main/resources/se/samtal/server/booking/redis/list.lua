-- KEYS[1]: the tenant's by-start index. ARGV: prefix, from (millis), to (millis, exclusive), most,
-- after start (millis) or "", after id or "". Sessions starting in [from, to), ordered by start
-- then id, after the cursor; each as its flat hash.
local P, from, to, most = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local afterStart, afterId = tonumber(ARGV[5]), ARGV[6]
local min, skip = from, 0
if afterStart and afterStart >= from then
  min = afterStart
  skip = redis.call('ZCOUNT', KEYS[1], afterStart, afterStart)
end
local found = {}
local entries = redis.call('ZRANGEBYSCORE', KEYS[1], min, '(' .. to, 'WITHSCORES', 'LIMIT', 0, most + skip)
for i = 1, #entries, 2 do
  local id, start = entries[i], tonumber(entries[i + 1])
  if not (afterStart and start == afterStart and id <= afterId) and #found < most then
    found[#found + 1] = redis.call('HGETALL', P .. 'bk:' .. id)
  end
end
return found
