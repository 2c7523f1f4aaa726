-- Commits one change of a live session, if nobody changed it since it was read.
-- KEYS: the state (hash: v = version, s = state JSON), the event stream, the tenant's timers.
-- ARGV: version read ("0": there was none), new state JSON, what becomes of the session
-- ("live" | "retire" | "over"), events kept, the tenant's bus channel, the bus message ("" for
-- none), how long an ended session is kept (ms), how long a live one is kept untouched (ms),
-- the number of events E, then E times (seq, frame JSON, frame type, private-to or ""), the
-- number of timer changes T, then T times (timer id, due millis or "" to clear).
-- In one atomic step: the state, the events on the stream, the timers, the bus message, so
-- every node sees each change once and in one order, and a change is never half made.
local version = redis.call('HGET', KEYS[1], 'v') or '0'
if version ~= ARGV[1] then
  return {0, version, redis.call('HGET', KEYS[1], 's') or ''}
end
local i = 10
local events = tonumber(ARGV[9])
for _ = 1, events do
  local fields = {'f', ARGV[i + 1], 't', ARGV[i + 2]}
  if ARGV[i + 3] ~= '' then
    fields[#fields + 1] = 'p'
    fields[#fields + 1] = ARGV[i + 3]
  end
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], ARGV[i] .. '-0', unpack(fields))
  i = i + 4
end
local timers = tonumber(ARGV[i])
i = i + 1
for _ = 1, timers do
  if ARGV[i + 1] == '' then
    redis.call('ZREM', KEYS[3], ARGV[i])
  else
    redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i])
  end
  i = i + 2
end
local next = tonumber(version) + 1
if ARGV[3] == 'retire' then
  redis.call('DEL', KEYS[1], KEYS[2])
else
  redis.call('HSET', KEYS[1], 'v', next, 's', ARGV[2])
  local keep = ARGV[8]
  if ARGV[3] == 'over' then
    keep = ARGV[7]
  end
  redis.call('PEXPIRE', KEYS[1], keep)
  redis.call('PEXPIRE', KEYS[2], keep)
end
if ARGV[6] ~= '' then
  redis.call('SPUBLISH', ARGV[5], ARGV[6])
end
return {1, tostring(next)}
