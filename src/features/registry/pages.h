#pragma once
// The registry's pages (workers, employers, work permits), its menu entries and its widget on
// the home dashboard (the counts of workers the user may see; the permit counts are
// worklist_pages.h's).
#include "features/registry/service.h"
#include "http/router.h"
#include "ui/pages.h"

namespace lb::registry {

struct RegistryPageServices : ui::PageServices {
  registry::RegistryService& registry;
};

void RegisterRegistryPages(http::Router& router, const RegistryPageServices& services);

}  // namespace lb::registry
