#include "rest/audit_api.h"

#include <charconv>
#include <map>

#include "rest/json_body.h"
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

// What one auditor may see of the log, decided entry by entry; the answers are kept for the
// request, as a page names the same records again and again.
class EntryScope {
 public:
  EntryScope(const access::Principal& who, const std::string& node, const RecordVisibility& visible)
      : who_(who), node_wide_(who.country == node && !who.province && !who.org), visible_(visible) {}

  // The record `type`/`id`: as its owner answers; a type nobody owns, to node-wide auditors.
  core::Result<bool> SeesRecord(const std::string& type, const std::string& id) {
    const std::string key = type + ':' + id;
    if (auto it = seen_.find(key); it != seen_.end()) return it->second;
    std::optional<bool> owned;
    if (visible_) {
      LB_TRY(answer, visible_(who_, type, id));
      owned = answer;
    }
    const bool sees = owned ? *owned : node_wide_;
    seen_.emplace(key, sees);
    return sees;
  }

  core::Result<bool> Sees(const Entry& e) {
    if (!e.event.entity_id.empty()) return SeesRecord(e.event.entity_type, e.event.entity_id);
    // A list or search read names many records: shown only when the auditor sees every one.
    const auto& changes = e.event.changes;
    if (changes.is_object() && changes.contains("ids") && changes["ids"].is_array()) {
      for (const auto& id : changes["ids"]) {
        if (!id.is_string()) return node_wide_;
        LB_TRY(sees, SeesRecord(e.event.entity_type, id.get<std::string>()));
        if (!sees) return false;
      }
      return true;
    }
    return node_wide_;  // about no one record (an export, a login failure)
  }

 private:
  const access::Principal& who_;
  bool node_wide_;
  const RecordVisibility& visible_;
  std::map<std::string, bool> seen_;
};

// Pages scanned for one answer before it is returned short (with a cursor to go on from).
constexpr int kMaxScans = 20;

}  // namespace

void RegisterAuditRoutes(http::Router& router, AuditLog& log, const Authenticate& auth, RecordVisibility visible) {
  router.Add("GET", "/api/v1/audit",
             auth([&log, visible = std::move(visible)](const http::Request& req, const http::PathParams&,
                                                       const access::Principal& who) -> core::Result<http::Response> {
               LB_CHECK(CanReadAuditLog(who));
               LB_TRY(filter, ReadFilter(req));
               EntryScope scope(who, log.node(), visible);
               if (filter.entity_type && filter.entity_id) {
                 // One record the auditor may not see: exactly as if it did not exist.
                 LB_TRY(sees, scope.SeesRecord(*filter.entity_type, *filter.entity_id));
                 if (!sees) return core::Fail(core::Error::NotFound("No " + *filter.entity_type + " with this id."));
               }
               // Reads just made are in the queue; an auditor sees them too.
               LB_CHECK(log.Flush());
               // Entries the auditor may not see are left out; the page is filled from further
               // entries, scanning a bounded number of pages.
               const int want = filter.limit;
               std::vector<Entry> out;
               std::optional<int64_t> cursor;
               AuditLog::Filter f = filter;
               for (int scan = 0; scan < kMaxScans; ++scan) {
                 LB_TRY(entries, log.List(f));
                 for (auto& e : entries) {
                   cursor = e.seq;
                   LB_TRY(sees, scope.Sees(e));
                   if (sees) out.push_back(std::move(e));
                   if (static_cast<int>(out.size()) == want) break;
                 }
                 if (static_cast<int>(out.size()) == want) break;
                 if (static_cast<int>(entries.size()) < f.limit) {
                   cursor.reset();  // the end of the log
                   break;
                 }
                 f.after_seq = cursor;
               }
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : out) items.push_back(ToJson(e));
               nlohmann::json body = {{"items", std::move(items)}, {"next_cursor", nullptr}};
               if (cursor) body["next_cursor"] = std::to_string(*cursor);
               return http::JsonResponse(200, http::Dump(body));
             }));
}

}  // namespace lb::audit
