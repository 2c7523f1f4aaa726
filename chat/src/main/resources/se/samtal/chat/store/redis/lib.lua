-- Shared by the chat scripts (prepended to each). ARGV[1] is the tenant's key prefix,
-- "<prefix>:{<tenant>}:", so every key a script touches is in the tenant's hash slot.
-- Keys of conversation C: cv:C (hash: the conversation), cv:C:members (hash: member id -> JSON),
-- cv:C:refs (hash: person ref -> member id), cv:C:msgs (stream, entry id "<seq>-0"),
-- cv:C:keys (hash: "<sender id>:<idempotency key>" -> seq), cv:C:sent:<member id> (zset of seqs).
-- Tenant indexes: cv:bysession (hash: session id -> conversation id), cv:open (set of open care
-- conversations), cv:oldest (zset: conversation -> time of its oldest kept message, not on hold),
-- cv:idle (zset: session chats and closed care conversations -> last activity, not on hold).
local P = ARGV[1]

local function cvkey(id)
  return P .. 'cv:' .. id
end

local function fail(code, message)
  return cjson.encode({error = code, message = message})
end

local function conversation(id)
  local flat = redis.call('HGETALL', cvkey(id))
  if #flat == 0 then
    return nil
  end
  local c = {}
  for i = 1, #flat, 2 do
    c[flat[i]] = flat[i + 1]
  end
  return c
end

local function member(id, memberId)
  local json = redis.call('HGET', cvkey(id) .. ':members', memberId)
  if not json then
    return nil
  end
  return cjson.decode(json)
end

local function memberByRef(id, ref)
  local memberId = redis.call('HGET', cvkey(id) .. ':refs', ref)
  if not memberId then
    return nil
  end
  return member(id, memberId)
end

local function isCurrent(m)
  return m.removed == nil or m.removed == cjson.null
end

-- The conversation and the current member with the ref, or nil and the refusal to answer with.
local function openFor(id, ref)
  local c = conversation(id)
  if not c then
    return nil, nil, fail('conversation_not_found')
  end
  local m = memberByRef(id, ref)
  if not m or not isCurrent(m) then
    return nil, nil, fail('not_a_member')
  end
  return c, m, nil
end

-- cv:of:<sha1 of a person ref> (set): the conversations the person is a current member of.
local function ofKey(ref)
  return P .. 'cv:of:' .. redis.sha1hex(ref)
end

local function saveMember(id, m)
  redis.call('HSET', cvkey(id) .. ':members', m.id, cjson.encode(m))
  redis.call('HSET', cvkey(id) .. ':refs', m.ref, m.id)
  if m.removed then
    redis.call('SREM', ofKey(m.ref), id)
  else
    redis.call('SADD', ofKey(m.ref), id)
  end
end

-- Members in the order they were added; current ones only if asked.
local function members(id, currentOnly)
  local list = {}
  for _, json in ipairs(redis.call('HVALS', cvkey(id) .. ':members')) do
    local m = cjson.decode(json)
    if not currentOnly or isCurrent(m) then
      list[#list + 1] = m
    end
  end
  table.sort(list, function(a, b) return a.ord < b.ord end)
  return list
end

local function message(id, seq)
  local rows = redis.call('XRANGE', cvkey(id) .. ':msgs', seq .. '-0', seq .. '-0')
  if #rows == 0 then
    return nil
  end
  local m = {seq = tonumber(seq)}
  local fields = rows[1][2]
  for i = 1, #fields, 2 do
    m[fields[i]] = fields[i + 1]
  end
  return m
end

local function rows(entries)
  local list = {}
  for _, entry in ipairs(entries) do
    local m = {seq = tonumber(string.match(entry[1], '^(%d+)'))}
    local fields = entry[2]
    for i = 1, #fields, 2 do
      m[fields[i]] = fields[i + 1]
    end
    list[#list + 1] = m
  end
  return list
end

-- Messages of others after what the member has read and may read.
local function unread(c, m)
  local last = tonumber(c.last)
  local from = math.max(m.read, m.from - 1, tonumber(c.purged))
  if from >= last then
    return 0
  end
  local own = redis.call('ZCOUNT', cvkey(c.id) .. ':sent:' .. m.id, from + 1, last)
  return last - from - own
end

-- Puts the conversation in (or takes it out of) the tenant's indexes, from what it is now.
local function reindex(id)
  local c = conversation(id)
  if not c then
    redis.call('SREM', P .. 'cv:open', id)
    redis.call('ZREM', P .. 'cv:idle', id)
    redis.call('ZREM', P .. 'cv:oldest', id)
    return
  end
  if c.kind == 'care' and c.status == 'open' then
    redis.call('SADD', P .. 'cv:open', id)
  else
    redis.call('SREM', P .. 'cv:open', id)
  end
  local held = c.holdSince ~= nil
  if not held and (c.kind == 'session' or c.status == 'closed') then
    redis.call('ZADD', P .. 'cv:idle', math.max(tonumber(c.activity), tonumber(c.closed or 0)), id)
  else
    redis.call('ZREM', P .. 'cv:idle', id)
  end
  local first = redis.call('XRANGE', cvkey(id) .. ':msgs', '-', '+', 'COUNT', 1)
  if not held and #first > 0 then
    local fields = first[1][2]
    for i = 1, #fields, 2 do
      if fields[i] == 't' then
        redis.call('ZADD', P .. 'cv:oldest', tonumber(fields[i + 1]), id)
      end
    end
  else
    redis.call('ZREM', P .. 'cv:oldest', id)
  end
end

-- Removes a conversation and everything in it.
local function deleteAll(id)
  local c = conversation(id)
  local k = cvkey(id)
  for _, memberId in ipairs(redis.call('HKEYS', k .. ':members')) do
    redis.call('DEL', k .. ':sent:' .. memberId)
  end
  for _, ref in ipairs(redis.call('HKEYS', k .. ':refs')) do
    redis.call('SREM', ofKey(ref), id)
  end
  redis.call('DEL', k, k .. ':members', k .. ':refs', k .. ':msgs', k .. ':keys')
  if c and c.session then
    redis.call('HDEL', P .. 'cv:bysession', c.session)
  end
  reindex(id)
end

-- Sets a conversation's fields from a decoded JSON object; null removes the field.
local function setFields(id, fields)
  for name, value in pairs(fields) do
    if value == cjson.null then
      redis.call('HDEL', cvkey(id), name)
    else
      redis.call('HSET', cvkey(id), name, value)
    end
  end
end
