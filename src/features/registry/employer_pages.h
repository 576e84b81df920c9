#pragma once
// The employers' list (search, filters, sort, pages) and an employer's own page: its details,
// its workers with their permits, and its history.
#include "features/registry/pages.h"

namespace lb::registry {

// GET /employers and GET /employers/{id} (signed in; role and scope as every registry read).
void RegisterEmployerPages(http::Router& router, const RegistryPageServices& services);

}  // namespace lb::registry
