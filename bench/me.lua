-- wrk script: GET /api/v1/me with one user's key (the many-connections test).
--
-- Environment:
--   BENCH_KEY  a user's API key
--   BENCH_DIR  directory of this script (to load wrk_stats.lua)

dofile((os.getenv("BENCH_DIR") or "bench") .. "/wrk_stats.lua")

wrk.method = "GET"
wrk.path = "/api/v1/me"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or error("BENCH_KEY is not set"))
