-- KEYS[1]: a bucket. ARGV: tokens per millisecond, burst. Takes one token if there is one.
-- Returns 0 if it was taken, else the milliseconds until one would be there. Time is Redis'
-- own, so every node counts alike whatever its clock says.
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
-- A bucket that would be full again is no longer needed.
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait
