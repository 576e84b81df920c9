#include "cooperation/labels.h"

#include <map>
#include <nlohmann/json.hpp>

#include "core/resources.h"

namespace lb::cooperation {
namespace {

using Table = std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>;

const Table& Labels() {
  static const Table table = [] {
    Table t;
    auto text = core::FindResource("data/cooperation/labels.json");
    if (!text) return t;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return t;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!it->is_object()) continue;
      for (auto l = it->begin(); l != it->end(); ++l) {
        if (l->is_string()) t[it.key()][l.key()] = l->get<std::string>();
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

bool IsReportLanguage(std::string_view lang) { return lang == "vi" || lang == "lo" || lang == "en"; }

const std::string& Label(std::string_view key, std::string_view lang) {
  static thread_local std::string fallback;
  const auto& t = Labels();
  if (auto it = t.find(key); it != t.end()) {
    if (auto l = it->second.find(lang); l != it->second.end()) return l->second;
    if (auto l = it->second.find("en"); l != it->second.end()) return l->second;
  }
  fallback = std::string(key);
  return fallback;
}

}  // namespace lb::cooperation
