#include "audit/api.h"

#include <charconv>

#include "http/json_body.h"
#include "text/unicode.h"

namespace lb::audit {

core::Status CanReadAuditLog(const access::Principal& actor) {
  if (actor.role != access::Role::kAuditor) {
    return core::Fail(core::Error{core::ErrorCode::kForbidden, "Only auditors read the audit log.", {}, {}});
  }
  return {};
}

namespace {

core::Result<AuditLog::Filter> ReadFilter(const http::Request& req) {
  AuditLog::Filter f;
  f.newest_first = true;
  std::vector<core::FieldError> errors;
  for (const auto& [k, v] : req.query) {
    if (!text::IsValidUtf8(k) || !text::IsValidUtf8(v)) {
      return core::Fail(core::Error{core::ErrorCode::kMalformed, "A query parameter is not valid UTF-8.", {}, {}});
    }
    if (text::HasControlChars(v)) {
      errors.push_back({k, "control_characters", k + " must not contain control characters."});
      continue;
    }
    if (k == "entity") {
      // entity=person or entity=person:ID
      auto colon = v.find(':');
      f.entity_type = v.substr(0, colon);
      if (colon != std::string::npos) f.entity_id = v.substr(colon + 1);
    } else if (k == "actor") {
      f.actor = v;
    } else if (k == "limit" || k == "cursor") {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || p != v.data() + v.size() || n < 1 || (k == "limit" && n > 1000)) {
        errors.push_back(
            {k, "invalid", k == "limit" ? "limit must be 1..1000." : "cursor is not one this server issued."});
      } else if (k == "limit") {
        f.limit = static_cast<int>(n);
      } else {
        f.after_seq = n;
      }
    } else {
      errors.push_back({k, "unknown_parameter", k + " is not a known query parameter."});
    }
  }
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  return f;
}

}  // namespace

void RegisterAuditRoutes(http::Router& router, AuditLog& log, const Authenticate& auth) {
  router.Add("GET", "/api/v1/audit",
             auth([&log](const http::Request& req, const http::PathParams&,
                         const access::Principal& who) -> core::Result<http::Response> {
               LB_CHECK(CanReadAuditLog(who));
               LB_TRY(filter, ReadFilter(req));
               // Reads just made are in the queue; an auditor sees them too.
               LB_CHECK(log.Flush());
               LB_TRY(entries, log.List(filter));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : entries) items.push_back(ToJson(e));
               nlohmann::json body = {{"items", std::move(items)}, {"next_cursor", nullptr}};
               if (!entries.empty() && static_cast<int>(entries.size()) == filter.limit) {
                 body["next_cursor"] = std::to_string(entries.back().seq);
               }
               return http::JsonResponse(200, http::Dump(body));
             }));
}

}  // namespace lb::audit
