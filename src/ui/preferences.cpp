#include "ui/preferences.h"

#include "ui/i18n.h"

namespace lb::ui {
namespace {

constexpr std::string_view kSelectLanguage = "SELECT language FROM users WHERE id = $1";
constexpr std::string_view kUpdateLanguage = "UPDATE users SET language = $1 WHERE id = $2";

}  // namespace

core::Result<std::optional<std::string>> SavedLanguage(storage::Database& db, const std::string& user_id) {
  return storage::InTransaction(db, false, [&](storage::Transaction& tx) -> core::Result<std::optional<std::string>> {
    LB_TRY(rows, tx.Query(kSelectLanguage, {user_id}));
    if (rows.empty() || rows[0].IsNull(0)) return std::optional<std::string>();
    return std::optional<std::string>(rows[0].Str(0));
  });
}

core::Status SaveLanguage(storage::Database& db, audit::AuditLog* audit, const access::Principal& actor,
                          const std::string& lang) {
  if (!IsLanguage(lang)) return core::Fail(core::Error::Field("lang", "invalid_value", "lang must be en, vi or lo."));
  return storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Status {
    LB_TRY(rows, tx.Query(kSelectLanguage, {actor.user_id}));
    if (rows.empty()) return core::Fail(core::Error::NotFound("No such user."));
    const nlohmann::json before = rows[0].IsNull(0) ? nlohmann::json(nullptr) : nlohmann::json(rows[0].Str(0));
    if (before == lang) return {};
    LB_TRY(changed, tx.Exec(kUpdateLanguage, {lang, actor.user_id}));
    (void)changed;
    if (audit) {
      LB_CHECK(audit->Append(tx, {actor.user_name, "user.set_language", "user", actor.user_id,
                                  nlohmann::json{{"language", {{"before", before}, {"after", lang}}}}}));
    }
    return {};
  });
}

}  // namespace lb::ui
