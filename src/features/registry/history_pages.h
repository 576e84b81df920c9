#pragma once
// The history section of a worker's, employer's or permit's page: each change with its values
// before and after, named in the page's language.
#include <string>

#include "features/registry/pages.h"
#include "ui/history.h"

namespace lb::registry {

// Sets "history" on `view`: the {{>history_list}} list of record `entity_type` ("person",
// "employer", "permit") `id`, for a reader who may read it (the service answers 403/404
// otherwise); at most `limit` changes.
core::Status AddRegistryHistory(const RegistryPageServices& s, const ui::PageContext& ctx,
                                const std::string& entity_type, const std::string& id, ui::View& view, int limit = 50);

}  // namespace lb::registry
