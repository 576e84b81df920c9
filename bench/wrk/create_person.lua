-- POST /api/v1/persons, each body with its own Vietnamese passport number: one letter per
-- (phase, thread) that the demo data does not use (it uses C), then a 7-digit counter.
package.path = (os.getenv("LB_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.number_threads
done = common.done

local letters = "ABDEFGHIJKLMNOPQRSTUVWXYZ"  -- not C
local letter
local counter = 0
local headers = {}
local families = {"NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU", "DANG", "BUI"}
local given = {"VAN AN", "THI HOA", "MINH TUAN", "THI LAN", "DUC ANH", "THI MAI"}

function init(args)
  local phase = tonumber(os.getenv("LB_PHASE") or "0")
  local threads = tonumber(os.getenv("LB_WRK_THREADS") or "2")
  local slot = phase * threads + (tid or 0) + 1
  if slot > #letters then error("too many phases/threads for the passport letters") end
  letter = letters:sub(slot, slot)
  headers["Authorization"] = "Bearer " .. os.getenv("LB_TOKEN")
  headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"family_name":"%s","given_names":"%s","sex":"%s","birth_date":"1990-05-21","nationality":"VN",'
      .. '"home_province":"VN-01","phone":"+84 912 345 678",'
      .. '"documents":[{"kind":"passport","number":"%s%07d","issuing_country":"VN"}]}',
    families[counter % #families + 1], given[counter % #given + 1], (counter % 2 == 0) and "F" or "M",
    letter, counter % 10000000)
  return wrk.format("POST", "/api/v1/persons", headers, body)
end
