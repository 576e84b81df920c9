#pragma once
// The registry's record kinds as field tables (platform/kinds/kind.h): what the API, the
// pages, the stores, the audit log and the CSV/XLSX files say about each field, once.
#include "features/registry/model.h"
#include "platform/kinds/kind.h"

namespace lb::registry {

// Employers: every field but the bookkeeping (id, status, version, owner, times, scope).
kinds::Fields<Employer> EmployerFields();

}  // namespace lb::registry
