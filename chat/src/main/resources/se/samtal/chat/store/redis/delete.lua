-- ARGV: prefix, conversation id
local c = conversation(ARGV[2])
if not c then
  return cjson.encode({deleted = false})
end
if c.holdSince then
  return fail('conflict', 'The conversation is on legal hold; lift the hold first.')
end
deleteAll(ARGV[2])
return cjson.encode({deleted = true})
