#include "platform/audit/encoded.h"

#include "platform/audit/chain.h"
#include "platform/audit/store.h"
#include "text/unicode.h"

namespace lb::audit {

core::Status AppendEncoded(storage::Transaction& tx, const std::string& node, const std::string& at,
                           const std::vector<EncodedEvent>& events) {
  if (events.empty()) return {};
  auto text_ok = [](const std::string& v) { return text::IsValidUtf8(v) && v.find('\0') == std::string::npos; };
  for (const auto& e : events) {
    std::vector<core::FieldError> errors;
    auto check = [&](const char* field, const std::string& v, bool required) {
      if (required && v.empty()) {
        errors.push_back({field, "required", std::string("audit ") + field + " is required"});
      } else if (!text_ok(v)) {
        errors.push_back({field, "invalid_text", std::string("audit ") + field + " must be UTF-8 text without NUL"});
      }
    };
    check("actor", e.actor, true);
    check("action", e.action, true);
    check("entity_type", e.entity_type, true);
    check("entity_id", e.entity_id, false);
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    if (e.changes && (e.changes->empty() || !text::IsValidUtf8(*e.changes))) {
      return core::Fail(core::Error::Internal("audit: encoded changes must be canonical JSON"));
    }
  }
  LB_TRY(head, store::AdvanceHeadBy(tx, static_cast<int64_t>(events.size())));
  int64_t seq = head.seq - static_cast<int64_t>(events.size());
  std::string prev = std::move(head.hash);
  std::vector<StoredEntry> entries;
  entries.reserve(events.size());
  for (const auto& ev : events) {
    StoredEntry& e = entries.emplace_back();
    e.seq = ++seq;
    e.at = at;
    e.node = node;
    e.actor = ev.actor;
    e.action = ev.action;
    e.entity_type = ev.entity_type;
    e.entity_id = ev.entity_id;
    e.changes = ev.changes;
    e.prev_hash = std::move(prev);
    e.hash = HashEntry(e);
    prev = e.hash;
  }
  LB_CHECK(store::InsertEntries(tx, entries));
  return store::SetHeadHash(tx, prev);
}

}  // namespace lb::audit
