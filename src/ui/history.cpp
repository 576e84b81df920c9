#include "ui/history.h"

namespace lb::ui {

std::string HistoryValue(const PageContext& ctx, const nlohmann::json& value) {
  if (value.is_null()) return "–";
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s.empty()) return "–";
    if (s.size() == 10 && s[4] == '-' && s[7] == '-') return ctx.tr->Date(s);
    return s;
  }
  if (value.is_boolean()) return value.get<bool>() ? ctx.T("Yes") : ctx.T("No");
  if (value.is_number_integer()) return ctx.tr->Number(value.get<int64_t>());
  if (value.is_array() || value.is_object()) {
    std::string out;
    const bool list = value.is_array();
    for (const auto& item : value) {
      std::string part;
      if (item.is_object()) {
        for (const auto& [_, v] : item.items()) {
          if (v.is_null()) continue;
          part += (part.empty() ? "" : " ") + HistoryValue(ctx, v);
        }
      } else {
        part = HistoryValue(ctx, item);
      }
      if (!part.empty()) out += (out.empty() ? "" : list ? "; " : " ") + part;
    }
    return out.empty() ? "–" : out;
  }
  return value.dump();
}

View HistoryView(const PageContext& ctx, const std::vector<audit::Entry>& entries, const HistoryLabels& labels) {
  View rows = MakeList();
  for (const auto& e : entries) {
    View row;
    row.set("at", ctx.tr->Date(e.at));
    auto it = labels.actions.find(e.event.action);
    row.set("what", it == labels.actions.end() ? e.event.action : ctx.T(it->second));
    row.set("actor", e.event.actor);
    View changes = MakeList();
    std::string names;
    bool any = false;
    // A creation's values are the record itself, shown above the history.
    if (e.event.changes.is_object() && !e.event.action.ends_with(".create")) {
      for (const auto& [k, change] : e.event.changes.items()) {
        auto l = labels.fields.find(k);
        if (l == labels.fields.end()) continue;
        if (!change.is_object() || !change.contains("after")) {
          // An entry that named the field without its values: the name is what there is.
          names += (names.empty() ? "" : ", ") + ctx.T(l->second);
          continue;
        }
        const auto before = change.contains("before") ? change.at("before") : nlohmann::json(nullptr);
        const auto& after = change.at("after");
        View c;
        c.set("field", ctx.T(l->second));
        c.set("before", labels.value ? labels.value(k, before) : HistoryValue(ctx, before));
        c.set("after", labels.value ? labels.value(k, after) : HistoryValue(ctx, after));
        changes.push_back(c);
        any = true;
      }
    }
    row.set("has_changes", any);
    row.set("changes", changes);
    row.set("has_names", !names.empty());
    row.set("names", names);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace lb::ui
