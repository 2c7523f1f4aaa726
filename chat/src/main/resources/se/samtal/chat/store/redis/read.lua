-- ARGV: prefix, conversation id, reader's ref, "latest" | "after" | "before", bound, most rows
-- One consistent read: the conversation, its current members, the reader, their unread count
-- and up to "most rows" messages (ascending for "after", newest first otherwise).
local id, ref, mode, bound, most = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local c, you, refused = openFor(id, ref)
if refused then
  return refused
end
local last = tonumber(c.last)
local start = math.max(tonumber(c.purged) + 1, you.from)
local function outOfRange(field, value)
  return fail('sequence_out_of_range',
    "'" .. field .. "' is " .. value .. " but the conversation's newest message is " .. last .. ".")
end
local entries
if mode == 'after' then
  if bound < 0 then
    return fail('bad_request', "'afterSeq' must be at least 0.")
  end
  if bound > last then
    return outOfRange('afterSeq', bound)
  end
  local from = math.max(bound, start - 1)
  entries = redis.call('XRANGE', cvkey(id) .. ':msgs', '(' .. from .. '-0', '+', 'COUNT', most)
else
  local before = last + 1
  if mode == 'before' then
    before = bound
  end
  if before < 1 then
    return fail('bad_request', "'beforeSeq' must be at least 1.")
  end
  if before > last + 1 then
    return outOfRange('beforeSeq', before)
  end
  if before - 1 < start then
    entries = {}
  else
    entries = redis.call('XREVRANGE', cvkey(id) .. ':msgs', (before - 1) .. '-0', start .. '-0', 'COUNT', most)
  end
end
return cjson.encode({conversation = c, members = members(id, true), you = you, unread = unread(c, you),
  rows = rows(entries), historyStart = start, lastSeq = last})
