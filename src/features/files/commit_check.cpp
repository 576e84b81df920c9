#include "features/files/commit_check.h"

#include <utility>

namespace lb::files {
namespace {

thread_local CommitCheck current_check;

}  // namespace

ScopedCommitCheck::ScopedCommitCheck(CommitCheck check) : previous_(std::move(current_check)) {
  current_check = std::move(check);
}

ScopedCommitCheck::~ScopedCommitCheck() { current_check = std::move(previous_); }

CommitCheck CommitCheckOfThisThread() { return current_check; }

}  // namespace lb::files
