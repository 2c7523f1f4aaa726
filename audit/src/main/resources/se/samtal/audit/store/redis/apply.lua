-- Changes one tenant's audit chain in one atomic step, if it is still as the caller read it.
-- KEYS[1] head (hash: seq, hash), KEYS[2] anchor (hash: seq, hash), KEYS[3] entries (hash: seq -> stored entry),
-- KEYS[4] the turn (string: the node whose change goes next, with a lease),
-- KEYS[5..] index sorted sets (member: zero-padded seq, score: time in ms).
-- ARGV[1], ARGV[2]  the head the caller built on (seq, hash); a chain without one is at seq 0 with 64 zeros
-- ARGV[3]           the anchor seq the caller read ('' = not checked; a chain without one is at 0)
-- ARGV[4], ARGV[5]  a new anchor (seq, hash), or '' to keep it
-- ARGV[6], ARGV[7]  the new head (seq, hash)
-- ARGV[8], ARGV[9]  how many entries to remove, how many to append
-- ARGV[10]          the caller's node if it holds the turn, else ''; then
--   each removal: seq, member, n, n positions in KEYS of the index sets it is filed in
--   each append:  seq, stored entry, score, member, n, n positions in KEYS of the index sets to file it in
-- Returns {1} when applied; {0, head seq, head hash} when the chain had moved on; {0, head seq,
-- head hash, 1} when another node holds the turn (wait for it). Nothing changes unless applied.
local head = redis.call('HMGET', KEYS[1], 'seq', 'hash')
local seq = head[1] or '0'
local hash = head[2] or string.rep('0', 64)
local turn = redis.call('GET', KEYS[4])
if turn and turn ~= ARGV[10] then
  return {0, seq, hash, 1}
end
if seq ~= ARGV[1] or hash ~= ARGV[2] then
  return {0, seq, hash}
end
if ARGV[3] ~= '' and (redis.call('HGET', KEYS[2], 'seq') or '0') ~= ARGV[3] then
  return {0, seq, hash}
end
local i = 11
for _ = 1, tonumber(ARGV[8]) do
  local member, n = ARGV[i + 1], tonumber(ARGV[i + 2])
  redis.call('HDEL', KEYS[3], ARGV[i])
  for j = 1, n do
    redis.call('ZREM', KEYS[tonumber(ARGV[i + 2 + j])], member)
  end
  i = i + 3 + n
end
for _ = 1, tonumber(ARGV[9]) do
  local score, member, n = ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  for j = 1, n do
    redis.call('ZADD', KEYS[tonumber(ARGV[i + 4 + j])], score, member)
  end
  i = i + 5 + n
end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[2], 'seq', ARGV[4], 'hash', ARGV[5])
end
redis.call('HSET', KEYS[1], 'seq', ARGV[6], 'hash', ARGV[7])
if turn then
  redis.call('DEL', KEYS[4])
end
return {1}
