-- KEYS[1]: the nodes' heartbeats (hash: node id -> a count that grows while the node lives).
-- ARGV: this node's id, whether it has beaten before ("1"/"0").
-- Returns whether this node was still listed (a node that was taken for gone is not), then
-- every node's count.
local listed = redis.call('HEXISTS', KEYS[1], ARGV[1])
if ARGV[2] == '0' or listed == 1 then
  redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
end
return {listed, redis.call('HGETALL', KEYS[1])}
