#include "features/registry/occupations.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "platform/reference/reference.h"
#include "text/unicode.h"

namespace lb::registry {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '-' || c == '\t') {
      if (!word.empty()) out.push_back(Lower(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) out.push_back(Lower(word));
  return out;
}

}  // namespace

std::vector<OccupationMatch> FindOccupations(std::string_view q, size_t limit) {
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && q.back() == ' ') q.remove_suffix(1);
  std::vector<OccupationMatch> first, rest;
  if (q.empty() || limit == 0) return {};
  const auto& all = Reference::Embedded().Occupations();
  const bool digits = std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::vector<std::string> words = Words(q);
  // Separators alone ("-", ",", a tab) leave no word to look for: nothing matches.
  if (!digits && words.empty()) return {};
  for (const auto& [code, title] : all) {
    if (digits) {
      if (code.starts_with(q)) first.push_back({code, title});
      continue;
    }
    const std::string t = Lower(title);
    if (!std::all_of(words.begin(), words.end(),
                     [&](const std::string& w) { return t.find(w) != std::string::npos; })) {
      continue;
    }
    (t.starts_with(words.front()) ? first : rest).push_back({code, title});
  }
  first.insert(first.end(), rest.begin(), rest.end());
  if (first.size() > limit) first.resize(limit);
  return first;
}

void RegisterOccupationRoutes(http::Router& router, const Authenticate& auth) {
  router.Add("GET", "/api/v1/reference/isco",
             auth([](const http::Request& req, const http::PathParams&,
                     const access::Principal&) -> core::Result<http::Response> {
               std::vector<core::FieldError> errors;
               for (const auto& [k, v] : req.query) {
                 if (k != "q" && k != "limit")
                   errors.push_back({k, "unknown_parameter", k + " is not a known query parameter."});
               }
               const std::string q = req.Query("q").value_or("");
               if (!text::IsValidUtf8(q)) {
                 errors.push_back({"q", "invalid_value", "q must be UTF-8 text."});
               } else if (q.size() > kOccupationQueryChars) {
                 errors.push_back({"q", "too_long", "q must have at most 100 characters."});
               }
               size_t limit = kOccupationsShown;
               if (auto l = req.Query("limit")) {
                 auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
                 if (ec != std::errc() || p != l->data() + l->size() || limit < 1 || limit > kOccupationsAtMost) {
                   errors.push_back({"limit", "out_of_range", "limit must be a whole number from 1 to 50."});
                 }
               }
               if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
               const auto found = FindOccupations(q, limit + 1);
               nlohmann::json items = nlohmann::json::array();
               for (size_t i = 0; i < found.size() && i < limit; ++i) {
                 items.push_back({{"code", found[i].code}, {"title", found[i].title}});
               }
               nlohmann::json out = {{"items", std::move(items)}, {"more", found.size() > limit}};
               return http::JsonResponse(200, out.dump());  // no-store, as every API answer (server/node.cpp)
             }));
}

}  // namespace lb::registry
