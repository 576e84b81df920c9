#pragma once
// Duplicate checks in bulk (issue 16): the answer RegistryService::FindDuplicates gives for
// each of many persons — the same candidates, scores, reasons and order — computed for a
// whole batch at once. Blocking: every name-index lookup the batch needs (phonetic key,
// folded word, skeleton, words run together, per written form) is collected, sorted and made
// once for the whole run (the terms resolved in sorted chunks, each term's first postings
// read once and kept), document numbers are looked up in chunks, and candidate persons are
// read once with their documents. Scoring: names are tokenised once per person, and only
// pairs whose names agree enough to matter (or whose documents agree) go through the full
// scorer (ScoreDuplicate), so the result is exactly the per-person one.
//
// Used by the importer for a file into a populated registry; meant to serve node-to-node
// reconciliation and candidate ranking too. Benchmark: lb_bench_matching (pairs/s, recall of
// the blocking step).
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "features/registry/model.h"
#include "storage/database.h"

namespace lb::registry::matching {

struct BlockingStats {
  int64_t persons = 0;          // inputs checked
  int64_t lookups = 0;          // name-index lookups asked for (as the per-person path makes them)
  int64_t terms_read = 0;       // distinct terms whose postings were read
  int64_t candidate_pairs = 0;  // (input, registered person) pairs the blocking produced
  int64_t scored_pairs = 0;     // pairs that went through the full scorer
};

class BulkDuplicateFinder {
 public:
  // Reads committed records of `db` (each Find in a read transaction of its own, like
  // FindDuplicates: persons written by the caller's open transaction are not candidates),
  // limited to what `scope` may see.
  BulkDuplicateFinder(storage::Database& db, Scope scope);
  ~BulkDuplicateFinder();

  // For each input (validated, normalised), the probable duplicates, most likely first (at
  // most 5): what FindDuplicates(actor, input) answers for an actor of this scope.
  // With `blocked`, also the candidate ids the blocking step gave each input (sorted).
  core::Result<std::vector<std::vector<DuplicateCandidate>>> Find(
      std::span<const Person> inputs, std::vector<std::vector<std::string>>* blocked = nullptr);

  // The candidate persons' ids the blocking step gives one input (before scoring), sorted.
  core::Result<std::vector<std::string>> Block(const Person& input);

  const BlockingStats& stats() const { return stats_; }

 private:
  struct Cache;
  core::Status Prefetch(storage::Transaction& tx, std::span<const Person> inputs);
  std::vector<std::string> CandidatesOf(const Person& input);

  storage::Database& db_;
  Scope scope_;
  std::unique_ptr<Cache> cache_;
  BlockingStats stats_;
};

}  // namespace lb::registry::matching
