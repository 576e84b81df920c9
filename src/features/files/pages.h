#pragma once
// The pages of bulk import and export: the upload page and its jobs, the work permits list
// (with its download links), and the menu entry for importing.
#include "features/files/jobs.h"
#include "features/registry/service.h"
#include "http/router.h"
#include "ui/pages.h"

namespace lb::files {

struct FilesPageServices : ui::PageServices {
  registry::RegistryService& registry;
  files::ImportJobs* imports = nullptr;  // the upload page's jobs
  size_t import_body_limit = 0;          // bytes an uploaded file may have
};

void RegisterExchangePages(http::Router& router, const FilesPageServices& services);

}  // namespace lb::files
