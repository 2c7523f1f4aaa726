-- ARGV: prefix, max open care conversations, conversation JSON, members JSON array
local maxOpen = tonumber(ARGV[2])
local c = cjson.decode(ARGV[3])
if redis.call('SCARD', P .. 'cv:open') >= maxOpen then
  return fail('tenant_limit_reached', 'The tenant has ' .. maxOpen .. ' open conversations, its maximum.')
end
if redis.call('EXISTS', cvkey(c.id)) == 1 then
  return fail('conflict', 'A conversation with this id exists.')
end
setFields(c.id, c)
redis.call('HSET', cvkey(c.id), 'ver', 0)
for i, m in ipairs(cjson.decode(ARGV[4])) do
  m.ord = i
  saveMember(c.id, m)
end
reindex(c.id)
return cjson.encode({ok = true})
