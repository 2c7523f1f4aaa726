-- ARGV: prefix, conversation id, the version the change was made from, changed fields JSON
-- (title, status, settings, holdSince, holdReason, closed, closing; null removes). Refused with
-- {stale = true} if the conversation changed since (the caller reads it again and retries).
local id = ARGV[2]
local ver = redis.call('HGET', cvkey(id), 'ver')
if not ver then
  return cjson.encode({missing = true})
end
if ver ~= ARGV[3] then
  return cjson.encode({stale = true})
end
setFields(id, cjson.decode(ARGV[4]))
redis.call('HINCRBY', cvkey(id), 'ver', 1)
reindex(id)
return cjson.encode({conversation = conversation(id)})
