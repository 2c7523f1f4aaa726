-- KEYS[1]: the tenant's activity log. ARGV: prefix, conversation id. Removes everything of the conversation.
local set = ARGV[1] .. 'ca:cv:' .. ARGV[2]
local members = redis.call('SMEMBERS', set)
for _, m in ipairs(members) do
  redis.call('ZREM', KEYS[1], m)
end
redis.call('DEL', set)
return #members
