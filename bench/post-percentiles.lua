-- wrk: every request a POST of bench/post-1k.json (application/json), reported as bench/percentiles.lua does
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
local f = assert(io.open(dir .. "post-1k.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
dofile(dir .. "percentiles.lua")
