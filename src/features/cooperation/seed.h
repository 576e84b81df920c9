#pragma once
// The real history of the cooperation (data/cooperation/seed.json): ministries and their
// succession, conferences, agreements and the commitments they name. Loading is idempotent:
// records already present (by code, kind and number or date, title, text) are left alone.
#include <string>

#include "features/cooperation/service.h"

namespace lb::cooperation {

struct SeedSummary {
  int organisations = 0, successions = 0, conferences = 0, agreements = 0, commitments = 0, progress = 0,
      activities = 0, twinnings = 0;
  int skipped = 0;  // records found already present
};

// Loads the embedded seed (or `json_text` when given) as `actor`.
core::Result<SeedSummary> LoadSeed(CooperationService& service, const access::Principal& actor,
                                   std::string_view json_text = {});

}  // namespace lb::cooperation
