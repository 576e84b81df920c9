#pragma once
// The limits on the import jobs of a node (jobs.h), so one user's uploads cannot queue hours
// of work or fill the disk: at most kImportJobsPerUser jobs queued or running per user (more:
// 429), and a cap on the bytes of the files of every queued and running job together (more:
// 503). A job of a user disabled meanwhile (the account's row, or the node's revocation
// marks) fails and writes nothing: checked when it starts (the row and the marks) and before
// every row (the marks).
#include <cstdint>

#include "features/files/jobs.h"

namespace lb::exchange {

// One running and one waiting.
inline constexpr unsigned kImportJobsPerUser = 2;

// The cap of `jobs`' spooled files in bytes (0, the default: none). The node sets four times
// its import body limit, so one user holds at most half of it.
void SetSpoolLimit(const ImportJobs& jobs, uint64_t bytes);

}  // namespace lb::exchange
