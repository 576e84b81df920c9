#include "platform/audit/encoded.h"

#include "platform/audit/chain.h"
#include "platform/audit/store.h"
#include "text/unicode.h"

namespace lb::audit {

core::Status ValidateEventText(const std::string& actor, const std::string& action, const std::string& entity_type,
                               const std::string& entity_id) {
  std::vector<core::FieldError> errors;
  auto check = [&](const char* field, const std::string& v, bool required) {
    if (required && v.empty()) {
      errors.push_back({field, "required", std::string("audit ") + field + " is required"});
    } else if (!text::IsValidUtf8(v) || v.find('\0') != std::string::npos) {
      errors.push_back({field, "invalid_text", std::string("audit ") + field + " must be UTF-8 text without NUL"});
    }
  };
  check("actor", actor, true);
  check("action", action, true);
  check("entity_type", entity_type, true);
  check("entity_id", entity_id, false);
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  return {};
}

core::Status AppendEncoded(storage::Transaction& tx, const std::string& node, const std::string& at,
                           const std::vector<EncodedEvent>& events) {
  if (events.empty()) return {};
  for (const auto& e : events) {
    LB_CHECK(ValidateEventText(e.actor, e.action, e.entity_type, e.entity_id));
    if (e.changes && (e.changes->empty() || !text::IsValidUtf8(*e.changes))) {
      return core::Fail(core::Error::Internal("audit: encoded changes must be canonical JSON"));
    }
  }
  std::vector<StoredEntry> entries;
  entries.reserve(events.size());
  for (const auto& ev : events) {
    StoredEntry& e = entries.emplace_back();
    e.at = at;
    e.node = node;
    e.actor = ev.actor;
    e.action = ev.action;
    e.entity_type = ev.entity_type;
    e.entity_id = ev.entity_id;
    e.changes = ev.changes;
  }
  return AppendEntries(tx, std::move(entries));
}

core::Status AppendEntries(storage::Transaction& tx, std::vector<StoredEntry> entries) {
  if (entries.empty()) return {};
  LB_TRY(head, store::AdvanceHeadBy(tx, static_cast<int64_t>(entries.size())));
  int64_t seq = head.seq - static_cast<int64_t>(entries.size());
  std::string prev = std::move(head.hash);
  for (auto& e : entries) {
    e.seq = ++seq;
    e.prev_hash = std::move(prev);
    e.hash = HashEntry(e);
    prev = e.hash;
  }
  LB_CHECK(store::InsertEntries(tx, entries));
  return store::SetHeadHash(tx, prev);
}

}  // namespace lb::audit
