-- ARGV: prefix, cutoff (epoch millis), most messages and most conversations to remove.
-- Messages older than the cutoff go oldest first (always a prefix of a conversation); then
-- session chats and closed care conversations untouched since the cutoff go entirely.
-- Conversations on legal hold are in neither index, so they are never touched.
local cutoff, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
local removed, more = 0, false
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'cv:oldest', '-inf', '(' .. cutoff, 'LIMIT', 0, limit)) do
  local room = limit - removed
  if room <= 0 then
    more = true
    break
  end
  local k = cvkey(id)
  local entries = redis.call('XRANGE', k .. ':msgs', '-', '+', 'COUNT', room + 1)
  local upTo, n = nil, 0
  for _, m in ipairs(rows(entries)) do
    if tonumber(m.t) >= cutoff then
      break
    end
    if n == room then
      more = true
      break
    end
    upTo = m.seq
    n = n + 1
    redis.call('HDEL', k .. ':keys', m.s .. ':' .. m.k)
    redis.call('ZREM', k .. ':sent:' .. m.s, m.seq)
  end
  if upTo then
    redis.call('XTRIM', k .. ':msgs', 'MINID', (upTo + 1) .. '-0')
    local purged = tonumber(redis.call('HGET', k, 'purged'))
    redis.call('HSET', k, 'purged', math.max(purged, upTo))
    removed = removed + n
  end
  reindex(id)
end
local conversations = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'cv:idle', '-inf', '(' .. cutoff, 'LIMIT', 0, limit)) do
  local c = conversation(id)
  if c and not c.holdSince and (c.kind == 'session' or c.status == 'closed') then
    deleteAll(id)
    conversations = conversations + 1
  else
    reindex(id)
  end
end
return cjson.encode({messages = removed, conversations = conversations, more = more or conversations == limit})
