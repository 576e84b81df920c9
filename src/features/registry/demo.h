#pragma once
// Demo data: Vietnamese workers in Laos and Lao workers in Vietnam, their employers and
// permits in every status. Deterministic for a given seed.
#include <cstdint>
#include <functional>

#include "core/error.h"
#include "features/registry/service.h"
#include "platform/access/tokens.h"

namespace lb::registry {

struct DemoSummary {
  int64_t persons = 0, employers = 0, permits = 0;
  bool skipped = false;  // the database already had persons
};

// Loads demo data into an empty registry (does nothing when persons exist). Persons are
// written in batches of 1,000 per transaction; `progress(done, total)` is called per batch.
core::Result<DemoSummary> LoadDemoData(RegistryService& service, storage::Database& db, const core::Clock& clock,
                                       const access::Principal& actor, int persons, uint64_t seed = 1963,
                                       const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace lb::registry
