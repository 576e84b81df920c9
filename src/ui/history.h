#pragma once
// A record's history on its page: each change with who made it, when, and every changed
// field's value before and after (from the audit entries; the caller has checked that the
// reader may read the record).
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "platform/audit/audit_log.h"
#include "ui/render.h"

namespace lb::ui {

// What a page names in its history: its actions and fields (message ids, marked with N_),
// and how a field's value reads (empty: as stored; dates in the page's language).
struct HistoryLabels {
  std::map<std::string, const char*, std::less<>> actions;
  std::map<std::string, const char*, std::less<>> fields;
  std::function<std::string(const std::string& field, const nlohmann::json& value)> value;
};

// One stored value as text: "–" for none, dates (YYYY-MM-DD) in the page's language, lists and
// objects as their values joined.
std::string HistoryValue(const PageContext& ctx, const nlohmann::json& value);

// The list the {{>history_list}} partial shows (as "history"): rows of {at, what, actor, has_changes,
// changes[{field, before, after}], has_names, names} — `names` only for an entry that stored
// field names without values. Fields the labels do not name are left out.
View HistoryView(const PageContext& ctx, const std::vector<audit::Entry>& entries, const HistoryLabels& labels);

}  // namespace lb::ui
