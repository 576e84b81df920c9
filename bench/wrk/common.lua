-- Shared by the wrk scripts of bench/http_load: thread numbering and a machine-readable
-- summary line (exact percentiles from wrk's latency histogram, in microseconds).
local M = {}

local next_thread = 0

-- Gives each wrk thread a distinct number (0, 1, ...) visible as the global `tid`.
function M.number_threads(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

function M.done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "LBRESULT requests=%d duration_s=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f"
      .. " err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d bytes=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status, summary.bytes))
end

return M
