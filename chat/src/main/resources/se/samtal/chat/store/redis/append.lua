-- ARGV: prefix, conversation id, sender's ref, idempotency key, text, sent at (epoch millis)
local id, ref, key, text, sentAt = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local c, sender, refused = openFor(id, ref)
if refused then
  return refused
end
local k = cvkey(id)
local earlier = redis.call('HGET', k .. ':keys', sender.id .. ':' .. key)
if earlier then
  local stored = message(id, earlier)
  if stored.b ~= text then
    return fail('conflict', 'This idempotency key was used for another message.')
  end
  return cjson.encode({message = stored, duplicate = true, conversation = c, members = members(id, true)})
end
if c.status == 'closed' then
  return fail('conversation_closed')
end
local seq = tonumber(c.last) + 1
-- Times never go backwards within a conversation, so retention removes a prefix of it.
local activity = tonumber(c.activity)
if sentAt < activity then
  sentAt = activity
end
local fields = {'s', sender.id, 'r', sender.role, 'b', text, 't', sentAt, 'k', key}
if sender.name then
  fields[#fields + 1] = 'n'
  fields[#fields + 1] = sender.name
end
redis.call('XADD', k .. ':msgs', seq .. '-0', unpack(fields))
redis.call('HSET', k, 'last', seq, 'activity', sentAt)
redis.call('HSET', k .. ':keys', sender.id .. ':' .. key, seq)
redis.call('ZADD', k .. ':sent:' .. sender.id, seq, seq)
-- Writing means having read everything before.
sender.dlv = math.max(sender.dlv, seq)
sender.read = math.max(sender.read, seq)
saveMember(id, sender)
reindex(id)
return cjson.encode({message = message(id, seq), duplicate = false, conversation = conversation(id),
  members = members(id, true)})
