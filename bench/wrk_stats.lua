-- Shared by the wrk scripts (loaded with dofile): counts responses by status in every thread,
-- optionally stops sending after a fixed time and drains, and prints one machine-readable line
-- at the end:
--   BENCH_JSON {"responses":..,"window_s":..,"requests_per_s":..,"latency_ms":{..},"statuses":{..},...}
--
-- Environment:
--   BENCH_DURATION   seconds to send requests; after that each connection waits for its response
--                    and sends nothing more, so every request sent is answered and counted (wrk's
--                    own -d must be longer: it is only the cap). Without it, wrk's -d ends the run.
--   BENCH_CONNECTIONS_PER_THREAD  wrk's -c divided by -t: how many connections a thread must see
--                    idle to know it is drained.
--   BENCH_DRAIN_DIR  with the two above: a drained thread creates the file "drained-<n>" here, so
--                    the caller can end wrk at once (SIGINT) instead of waiting for -d.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local timespec = ffi.new("bench_timespec")
local function now() -- seconds, CLOCK_MONOTONIC (the same clock in every thread)
   ffi.C.clock_gettime(1, timespec)
   return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local duration = tonumber(os.getenv("BENCH_DURATION") or "")
local per_thread = tonumber(os.getenv("BENCH_CONNECTIONS_PER_THREAD") or "")
local drain_dir = os.getenv("BENCH_DRAIN_DIR")
local threads = {}

-- Runs in the main Lua state once per thread, before the thread starts.
function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

-- Per-thread globals (each thread has its own Lua state), read by done() through thread:get.
statuses = {}        -- status code -> count
first_sent = nil     -- time this thread's first request was about to be sent
last_received = nil  -- time of its last response
local parked = 0     -- connections that will send nothing more

if duration then
   -- wrk calls delay() on a connection before each request it sends (when the connection is idle).
   -- Until the deadline: send at once. After it: hold the connection for an hour, that is past the
   -- end of the run. Once all of this thread's connections are held, every request it sent has
   -- been answered: stop the thread and leave a marker for the caller.
   function delay()
      local t = now()
      if not first_sent then first_sent = t end
      if t < first_sent + duration then return 0 end
      parked = parked + 1
      if per_thread and parked == per_thread then
         if drain_dir then
            local marker = io.open(string.format("%s/drained-%d", drain_dir, rawget(_G, "tid") or 0), "w")
            if marker then marker:close() end
         end
         wrk.thread:stop()
      end
      return 3600 * 1000
   end
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   last_received = now()
end

local function json_map(map)
   local parts = {}
   for k, v in pairs(map) do
      table.insert(parts, string.format('"%s":%d', k, v))
   end
   table.sort(parts)
   return "{" .. table.concat(parts, ",") .. "}"
end

-- Runs in the main state after all threads ended: merge the per-thread counters.
function done(summary, latency, requests)
   local merged, responses = {}, 0
   local first, last = nil, nil
   for _, thread in ipairs(threads) do
      for k, v in pairs(thread:get("statuses") or {}) do
         merged[k] = (merged[k] or 0) + v
         responses = responses + v
      end
      local f, l = thread:get("first_sent"), thread:get("last_received")
      if f and (not first or f < first) then first = f end
      if l and (not last or l > last) then last = l end
   end
   -- The measured window: first request sent to last response received (with BENCH_DURATION),
   -- else wrk's whole run.
   local window = summary.duration / 1e6
   if first and last and last > first then window = last - first end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"responses":%d,"window_s":%.3f,"requests_per_s":%.1f,"wrk_duration_s":%.3f,'
      .. '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"mean":%.3f},'
      .. '"statuses":%s,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
      .. '"non_2xx_3xx":%d}\n',
      responses, window, responses / window, summary.duration / 1e6,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
      json_map(merged), e.connect, e.read, e.write, e.timeout, e.status))
end
