-- GET /api/v1/persons/{id} with an id drawn at random from LB_IDS_FILE (one id a line).
package.path = (os.getenv("LB_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.number_threads
done = common.done

-- The requests are formatted once in init(): formatting one per request in Lua costs wrk
-- several microseconds of the CPU it shares with the server.
local requests = {}
local n = 0

function init(args)
  local path = os.getenv("LB_IDS_FILE")
  local headers = {Authorization = "Bearer " .. os.getenv("LB_TOKEN")}
  for line in io.lines(path) do
    if #line > 0 then
      n = n + 1
      requests[n] = wrk.format("GET", "/api/v1/persons/" .. line, headers)
    end
  end
  if n == 0 then error("no ids in " .. tostring(path)) end
  math.randomseed(os.time() * 1000 + (tid or 0))
end

function request()
  return requests[math.random(n)]
end
