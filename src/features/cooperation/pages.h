#pragma once
// The cooperation's pages, its menu entry and its partial (coop_table).
#include "features/cooperation/service.h"
#include "http/router.h"
#include "ui/pages.h"

namespace lb::cooperation {

struct CooperationPageServices : ui::PageServices {
  cooperation::CooperationService* cooperation = nullptr;  // none: no cooperation pages
};

void RegisterCooperationPages(http::Router& router, const CooperationPageServices& services);

}  // namespace lb::cooperation
