-- ARGV: prefix, conversation id, member id, when (epoch millis)
local m = member(ARGV[2], ARGV[3])
if not m or not isCurrent(m) then
  return cjson.encode({removed = false})
end
m.removed = tonumber(ARGV[4])
saveMember(ARGV[2], m)
return cjson.encode({removed = true})
