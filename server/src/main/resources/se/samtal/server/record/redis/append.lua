-- KEYS[1]: the tenant's by-start index (for the slot). ARGV: prefix, then per event: session,
-- scheduled start (millis) or "", time (millis), event JSON. Appends each event to its session's
-- log and keeps the indexes: scheduled start (the first one given) and newest event time.
local P = ARGV[1]
for i = 2, #ARGV, 4 do
  local session, start, at, event = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3]
  redis.call('RPUSH', P .. 'vl:' .. session, event)
  if start ~= '' then
    redis.call('ZADD', P .. 'vl:bystart', 'NX', tonumber(start), session)
  end
  local last = tonumber(redis.call('ZSCORE', P .. 'vl:last', session))
  if not last or at > last then
    redis.call('ZADD', P .. 'vl:last', at, session)
  end
end
return 1
