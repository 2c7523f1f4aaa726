-- ARGV: prefix, session id, conversation JSON (used if the session has no chat yet), candidate
-- member JSON, whether a new member may read what came before ("1"/"0")
local sessionId = ARGV[2]
local id = redis.call('HGET', P .. 'cv:bysession', sessionId)
if not id then
  local fresh = cjson.decode(ARGV[3])
  id = fresh.id
  setFields(id, fresh)
  redis.call('HSET', cvkey(id), 'ver', 0)
  redis.call('HSET', P .. 'cv:bysession', sessionId, id)
  reindex(id)
end
local c = conversation(id)
local candidate = cjson.decode(ARGV[4])
local existing = memberByRef(id, candidate.ref)
if existing then
  return cjson.encode({conversation = c, member = existing})
end
if ARGV[5] == '1' then
  candidate.from = 1
else
  candidate.from = tonumber(c.last) + 1
end
candidate.dlv = 0
candidate.read = 0
candidate.ord = redis.call('HLEN', cvkey(id) .. ':members') + 1
saveMember(id, candidate)
return cjson.encode({conversation = c, member = candidate})
