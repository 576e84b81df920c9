#pragma once
// The expiring-permits worklist (/permits/expiring: permits in force ending within 30, 60 or
// 90 days, or lapsed in the last 90), its bulk extensions and expiries, and the dashboard's
// permit counts with the notice of permits about to expire.
#include "features/registry/pages.h"

namespace lb::registry {

void RegisterWorklistPages(http::Router& router, const RegistryPageServices& services);

}  // namespace lb::registry
