-- GET /healthz; only adds the summary line.
package.path = (os.getenv("LB_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local common = require("common")
done = common.done
