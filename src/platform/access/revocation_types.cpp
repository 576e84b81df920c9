#include "platform/access/revocation_writes.h"

namespace lb::access {
namespace {

// Written once the database shows it (or the record is gone: nothing left to revoke).
constexpr std::string_view kSessionEnded = "SELECT revoked_at FROM sessions WHERE id_hash = $1";
constexpr std::string_view kTokenActive = "SELECT id FROM api_tokens WHERE id = $1 AND revoked_at IS NULL";
constexpr std::string_view kUserStatus = "SELECT status FROM users WHERE name = $1";

}  // namespace

std::map<std::string, RevocationType> RevocationTypes(audit::AuditLog& log, const core::Clock& clock) {
  std::map<std::string, RevocationType> types;
  types["logout"] = {[&log](storage::Transaction& tx, const nlohmann::json& d) {
                       return WriteLogout(tx, &log, d.value("session", ""), d.value("at", ""));
                     },
                     [](storage::Transaction& tx, const nlohmann::json& d) -> core::Result<bool> {
                       LB_TRY(rows, tx.Query(kSessionEnded, {d.value("session", "")}));
                       return rows.empty() || !rows.front().IsNull(0);
                     }};
  // By the ids of the tokens revoked (a token made later under the same name stays).
  types["token.revoke"] = {[&log](storage::Transaction& tx, const nlohmann::json& d) -> core::Status {
                             for (const auto& id : d.value("tokens", nlohmann::json::array())) {
                               if (id.is_string())
                                 LB_CHECK(WriteTokenRevocation(tx, log, d.value("actor", ""), id, d.value("at", "")));
                             }
                             return {};
                           },
                           [](storage::Transaction& tx, const nlohmann::json& d) -> core::Result<bool> {
                             for (const auto& id : d.value("tokens", nlohmann::json::array())) {
                               if (!id.is_string()) continue;
                               LB_TRY(rows, tx.Query(kTokenActive, {id.get<std::string>()}));
                               if (!rows.empty()) return false;
                             }
                             return true;
                           }};
  types["user.disable"] = {[&log, &clock](storage::Transaction& tx, const nlohmann::json& d) {
                             return WriteUserDisable(tx, clock, log, d.value("actor", ""), d.value("actor_id", ""),
                                                     d.value("name", ""), nullptr);
                           },
                           [](storage::Transaction& tx, const nlohmann::json& d) -> core::Result<bool> {
                             LB_TRY(rows, tx.Query(kUserStatus, {d.value("name", "")}));
                             return rows.empty() || rows.front().Str(0) != "active";
                           }};
  return types;
}

}  // namespace lb::access
