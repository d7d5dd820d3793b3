-- wrk script: random transfers between the accounts of one scenario.
--
-- Environment:
--   BENCH_ACCOUNTS  file with one "<account_id> <owner api key>" per line (written by setup_data.py)
--   BENCH_RUN_ID    unique per run; part of every Idempotency-Key, so no request is ever a replay
--   BENCH_DIR       directory of this script (to load wrk_stats.lua)
--   BENCH_DURATION, BENCH_CONNECTIONS_PER_THREAD, BENCH_DRAIN_DIR: see wrk_stats.lua
--
-- Each request moves 1..100 EUR cents from a random account to a different random account,
-- authenticated with the key of the source account's owner, with a unique Idempotency-Key.

dofile((os.getenv("BENCH_DIR") or "bench") .. "/wrk_stats.lua")

local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local accounts, keys = {}, {}
local n, counter, thread_no = 0, 0, 0

-- Read the accounts file once per thread (each wrk thread has its own Lua state).
function init(args)
   local path = os.getenv("BENCH_ACCOUNTS") or error("BENCH_ACCOUNTS is not set")
   for line in io.lines(path) do
      local id, key = line:match("^(%S+)%s+(%S+)$")
      if id then
         n = n + 1
         accounts[n], keys[n] = id, key
      end
   end
   if n < 2 then error("need at least two accounts in " .. path) end
   thread_no = rawget(_G, "tid") or 0 -- set by setup() in wrk_stats.lua
   math.randomseed(os.time() * 1000 + thread_no)
end

function request()
   counter = counter + 1
   local a = math.random(n)
   local b = math.random(n - 1)
   if b >= a then b = b + 1 end -- distinct from a, still uniform
   local body = string.format(
      '{"from_account_id":"%s","to_account_id":"%s","amount":%d,"currency":"EUR"}',
      accounts[a], accounts[b], math.random(100))
   local headers = {
      ["Authorization"] = "Bearer " .. keys[a],
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = string.format("%s-%d-%d", run_id, thread_no, counter),
   }
   return wrk.format("POST", "/api/v1/transfers", headers, body)
end
