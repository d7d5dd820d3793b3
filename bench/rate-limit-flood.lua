-- wrk script for bench/rate-limit-memory.sh: every request names a new client. wrk connects from
-- 127.0.0.1, a trusted proxy of the service under test, so X-Forwarded-For is the client.
-- Arguments (after --): total requests, wrk threads, addresses (ipv4: one client per IPv4 address
-- from 100.64.0.0 on; ipv6: one client per /64 from 2001:db8:0:0::/64 on), a file name prefix.
-- Each thread stops once its share is answered and creates <prefix><thread number>: wrk itself
-- runs until -d is over or SIGINT, which the calling script sends once every thread is done.
local threads_seen = 0

function setup(thread)
  thread:set("thread_index", threads_seen)
  threads_seen = threads_seen + 1
end

function init(args)
  total = tonumber(args[1])
  threads = tonumber(args[2])
  family = args[3] or "ipv4"
  done_prefix = args[4]
  sent = 0
  answered = 0
  quota = math.floor(total / threads)
  if thread_index < total % threads then
    quota = quota + 1
  end
end

local function address(i)
  if family == "ipv6" then
    return string.format("2001:db8:%x:%x::1", math.floor(i / 65536), i % 65536)
  end
  return string.format("100.%d.%d.%d", 64 + math.floor(i / 65536), math.floor(i / 256) % 256, i % 256)
end

function request()
  local i = sent * threads + thread_index
  sent = sent + 1
  return wrk.format("GET", "/api/v1/me", { ["X-Forwarded-For"] = address(i) })
end

function response(status, headers, body)
  answered = answered + 1
  if answered == quota then
    if done_prefix then
      io.open(done_prefix .. thread_index, "w"):close()
    end
    wrk.thread:stop()
  end
end
