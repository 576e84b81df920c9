#pragma once
// A last check the node's import jobs make inside the import's write transaction, just before
// it commits: that the job's user was not disabled while the import ran (on PostgreSQL an
// import blocked at its first write has read all of a small file, so no check before a row
// follows a disable made while it waited). Set for the thread that calls Importer::Run, which
// reads it once when it starts (the write itself may run on another thread: SQLite's group
// commit). Kept out of ImportOptions so that the importer's public header stays as it is.
#include <functional>

#include "core/error.h"

namespace lb::files {

using CommitCheck = std::function<core::Status()>;

// Sets the check for imports run on this thread while it lives.
class ScopedCommitCheck {
 public:
  explicit ScopedCommitCheck(CommitCheck check);
  ~ScopedCommitCheck();
  ScopedCommitCheck(const ScopedCommitCheck&) = delete;
  ScopedCommitCheck& operator=(const ScopedCommitCheck&) = delete;

 private:
  CommitCheck previous_;
};

// The check set for this thread (empty when none).
CommitCheck CommitCheckOfThisThread();

}  // namespace lb::files
