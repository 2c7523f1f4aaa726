-- ARGV: prefix, conversation id, member's ref, delivered seq or "", read seq or ""
local id, ref = ARGV[2], ARGV[3]
local delivered, read = tonumber(ARGV[4]), tonumber(ARGV[5])
local c, you, refused = openFor(id, ref)
if refused then
  return refused
end
local last = tonumber(c.last)
local function check(value, field)
  if value < 0 then
    return fail('bad_request', "'" .. field .. "' must be at least 0.")
  end
  if value > last then
    return fail('sequence_out_of_range',
      "'" .. field .. "' is " .. value .. " but the conversation's newest message is " .. last .. ".")
  end
  return nil
end
local newDelivered, newRead = you.dlv, you.read
if delivered then
  local problem = check(delivered, 'deliveredSeq')
  if problem then
    return problem
  end
  newDelivered = math.max(newDelivered, delivered)
end
if read then
  local problem = check(read, 'readSeq')
  if problem then
    return problem
  end
  newRead = math.max(newRead, read)
  newDelivered = math.max(newDelivered, newRead)
end
local changed = newDelivered ~= you.dlv or newRead ~= you.read
if changed then
  you.dlv = newDelivered
  you.read = newRead
  saveMember(id, you)
end
return cjson.encode({memberId = you.id, deliveredSeq = you.dlv, readSeq = you.read, changed = changed,
  unread = unread(c, you)})
