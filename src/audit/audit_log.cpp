#include "audit/audit_log.h"

// Placeholder so the tree builds while the audit log is written; replaced by the real chain.
namespace lb::audit {

struct AuditLog::Impl {};

nlohmann::json Diff(const nlohmann::json&, const nlohmann::json&) { return nullptr; }
AuditLog::AuditLog(storage::Database&, const core::Clock&, std::string) : impl_(std::make_unique<Impl>()) {}
AuditLog::~AuditLog() = default;
core::Status AuditLog::Append(storage::Transaction&, const Event&) { return {}; }
void AuditLog::Record(Event) {}
core::Status AuditLog::Flush() { return {}; }
core::Result<std::vector<Entry>> AuditLog::List(const Filter&) { return std::vector<Entry>{}; }

}  // namespace lb::audit
