-- KEYS[1]: the tenant's by-start index. ARGV: prefix, session ids. Deletes their logs; returns how many there were.
local P = ARGV[1]
local deleted = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  deleted = deleted + redis.call('DEL', P .. 'vl:' .. id)
  redis.call('ZREM', P .. 'vl:bystart', id)
  redis.call('ZREM', P .. 'vl:last', id)
end
return deleted
