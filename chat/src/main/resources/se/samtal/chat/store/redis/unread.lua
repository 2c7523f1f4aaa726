-- ARGV: prefix, conversation id. Unread counts of the current members, by member id.
local c = conversation(ARGV[2])
if not c then
  return fail('conversation_not_found')
end
local counts = {}
for _, m in ipairs(members(ARGV[2], true)) do
  counts[#counts + 1] = {memberId = m.id, unread = unread(c, m)}
end
return cjson.encode({counts = counts})
