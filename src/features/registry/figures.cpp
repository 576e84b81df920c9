// Registry figures for reports: counts within the actor's scope, no personal data (so no
// read is audited and no role is required beyond the caller's report permission).
#include "features/registry/service.h"
#include "features/registry/store.h"

namespace lb::registry {

core::Result<std::vector<std::pair<std::string, int64_t>>> RegistryService::CountWorkersByNationality(
    const access::Principal& actor) {
  const Scope scope = ScopeOf(actor);
  return storage::InTransaction(
      db_, false, [&](storage::Transaction& tx) { return store::CountActivePersonsByNationality(tx, &scope); });
}

core::Result<std::vector<std::pair<std::string, int64_t>>> RegistryService::CountPermitsByStatus(
    const access::Principal& actor) {
  const Scope scope = ScopeOf(actor);
  return storage::InTransaction(db_, false, [&](storage::Transaction& tx) {
    // The status a read shows today: a lapsed permit counts as expired.
    return store::CountPermitsByEffectiveStatus(tx, &scope, Today());
  });
}

}  // namespace lb::registry
