-- ARGV: prefix, conversation id, candidate member JSON, most current members
local id = ARGV[2]
local candidate = cjson.decode(ARGV[3])
local max = tonumber(ARGV[4])
if not conversation(id) then
  return fail('conversation_not_found')
end
local existing = memberByRef(id, candidate.ref)
if existing and isCurrent(existing) then
  if existing.role ~= candidate.role then
    return fail('conflict', 'This person is already a member with another role.')
  end
  return cjson.encode({member = existing})
end
local current = members(id, true)
if candidate.role == 'patient' then
  for _, m in ipairs(current) do
    if m.role == 'patient' then
      return fail('conflict', 'A care conversation has one patient.')
    end
  end
end
if #current >= max then
  return fail('tenant_limit_reached', 'A conversation can have at most ' .. max .. ' members.')
end
if existing then
  existing.role = candidate.role
  existing.name = candidate.name
  existing.removed = nil
  saveMember(id, existing)
  return cjson.encode({member = existing})
end
candidate.from = 1
candidate.dlv = 0
candidate.read = 0
candidate.removed = nil
candidate.ord = redis.call('HLEN', cvkey(id) .. ':members') + 1
saveMember(id, candidate)
return cjson.encode({member = candidate})
