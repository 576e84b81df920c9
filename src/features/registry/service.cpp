#include "features/registry/service.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <set>

#include "core/date.h"
#include "core/id.h"
#include "features/registry/expiry.h"
#include "features/registry/kinds.h"
#include "features/registry/store.h"
#include "rest/service_support.h"
#include "text/unicode.h"

namespace lb::registry {
namespace {

using core::Error;
using core::ErrorCode;
using core::FieldError;
using Errors = std::vector<FieldError>;

constexpr std::string_view kDocumentKinds[] = {"passport", "national_id", "lao_id_card", "family_book"};
constexpr std::string_view kPermitStatuses[] = {"applied", "issued",  "extended", "expired",
                                                "revoked", "refused", "withdrawn"};

using rest::CheckText;
using rest::Clean;
using rest::CleanOpt;
using rest::NotFound;
using rest::Stale;

// Letters of the Latin script (with any diacritics, as Vietnamese uses), spaces, hyphens,
// apostrophes and dots: what a passport's visual zone prints.
bool IsLatinName(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (c == ' ' || c == '-' || c == '\'' || c == '.' || c == 0x2019) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return false;
    if (script == USCRIPT_INHERITED && u_getCombiningClass(c) > 0) continue;  // combining diacritics
    if (script != USCRIPT_LATIN || !u_isalpha(c)) return false;
  }
  return true;
}

// An http(s) address a browser can follow: the scheme, a host, and no spaces or quotes.
bool AllDigits(std::string_view s);

bool IsWebAddress(std::string_view s) {
  auto starts = [&](std::string_view scheme) {
    return s.size() > scheme.size() && std::equal(scheme.begin(), scheme.end(), s.begin(), [](char a, char b) {
             return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
  };
  std::string_view rest;
  if (starts("https://")) {
    rest = s.substr(8);
  } else if (starts("http://")) {
    rest = s.substr(7);
  } else {
    return false;
  }
  // Printable ASCII only: a host in another script is written in punycode (xn--...), and no
  // bidirectional, zero-width or look-alike character can make the address read as another.
  if (!std::all_of(s.begin(), s.end(), [](char c) {
        return c > ' ' && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '`';
      })) {
    return false;
  }
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  // No user info ("https://gov.vn@evil.example/" leads to evil.example).
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;
  const size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) return true;
  if (colon == 0) return false;
  const std::string_view port = authority.substr(colon + 1);
  return !port.empty() && port.size() <= 5 && AllDigits(port) && std::stoi(std::string(port)) <= 65535;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void CheckName(Errors& errors, const std::string& field, const std::string& value, bool required) {
  if (value.empty()) {
    if (required) errors.push_back({field, "required", field + " is required."});
    return;
  }
  const size_t before = errors.size();
  CheckText(errors, field, value, 100);
  if (errors.size() == before && !IsLatinName(value)) {
    errors.push_back({field, "not_latin",
                      field + " must be the Latin form printed in the passport (letters, spaces, hyphens); "
                              "put the native spelling in native_name."});
  }
}

bool IsCountryCode(const Reference& ref, const std::string& s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && ref.IsCountry(s);
}

void CheckFullDate(Errors& errors, const std::string& field, const std::optional<std::string>& value, bool required) {
  if (!value) {
    if (required) errors.push_back({field, "required", field + " is required."});
    return;
  }
  if (!core::ParseDate(*value)) {
    errors.push_back({field, "invalid_date", field + " must be a date YYYY-MM-DD that exists."});
  }
}

template <typename T>
core::Result<T> CheckVersion(const std::optional<T>& record, std::string_view what, int64_t expected) {
  if (!record) return core::Fail(NotFound(what));
  if (expected != kAnyVersion && record->version != expected) return core::Fail(Stale(record->version));
  return *record;
}

bool Contains(std::span<const std::string_view> set, std::string_view v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

template <typename T>
std::vector<std::string> IdsOf(const std::vector<T>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& i : items) ids.push_back(i.id);
  return ids;
}

// List filters name real codes and statuses; a typo answers 422, not an empty page.
void CheckFilters(const Reference& ref, Errors& errors, const std::string& country_field,
                  const std::optional<std::string>& country, const std::string& province_field,
                  const std::optional<std::string>& province, const std::optional<std::string>& status) {
  if (country && !IsCountryCode(ref, *country)) {
    errors.push_back({country_field, "invalid_country", country_field + " must be an ISO 3166-1 alpha-2 code."});
  }
  if (province && !ref.FindSubdivision(*province)) {
    errors.push_back({province_field, "unknown_province", province_field + " must be an ISO 3166-2 code."});
  }
  if (status && *status != "active" && *status != "archived") {
    errors.push_back({"status", "invalid_value", "status must be active or archived."});
  }
}

// A list's search text: at most 100 code points (control characters are refused earlier).
// Cleaned in place; blank means no search.
void CheckListText(Errors& errors, const std::string& field, std::optional<std::string>& text) {
  CleanOpt(text);
  if (text) CheckText(errors, field, *text, 100);
}

// The order and page a list request asks for: a known sort key, asc/desc, a limit 1..500 and a
// cursor this list issued in this order; each wrong one named (422).
void CheckOrder(Errors& errors, std::span<const kinds::SortKey> keys, const ListRequest& page) {
  auto more = kinds::CheckSortedRequest(keys, {page.cursor, page.limit, page.sort, page.dir});
  errors.insert(errors.end(), more.begin(), more.end());
}

Error MapConflict(const Error& e, std::string_view constraint_hint, std::string field, std::string message) {
  if (e.code == ErrorCode::kConflict && e.internal.find(constraint_hint) != std::string::npos) {
    Error out{ErrorCode::kConflict, message, {{std::move(field), "duplicate", std::move(message)}}, e.internal};
    return out;
  }
  return e;
}

}  // namespace

bool IsLawfulTransition(std::string_view from, std::string_view to) {
  if (from == "applied") return to == "issued" || to == "refused" || to == "withdrawn";
  if (from == "issued" || from == "extended") return to == "extended" || to == "expired" || to == "revoked";
  return false;  // expired, revoked, refused, withdrawn are final
}

// --- validation ------------------------------------------------------------------------

std::vector<FieldError> RegistryService::ValidatePerson(Person& p) const {
  Errors errors;
  p.family_name = Clean(p.family_name);
  p.given_names = Clean(p.given_names);
  CleanOpt(p.native_name);
  CleanOpt(p.phone);
  CheckName(errors, "family_name", p.family_name, false);
  CheckName(errors, "given_names", p.given_names, true);
  if (p.native_name) CheckText(errors, "native_name", *p.native_name, 200);
  if (p.sex != "F" && p.sex != "M" && p.sex != "X") {
    errors.push_back({"sex", p.sex.empty() ? "required" : "invalid_value", "sex must be F, M or X."});
  }
  if (p.birth_date) {
    auto d = core::ParsePartialDate(*p.birth_date);
    if (!d) {
      errors.push_back({"birth_date", "invalid_date",
                        "birth_date must be a date that exists: 1990-12-31, 1990-12 or 1990 (forms and files also take "
                        "31/12/1990 and 31-12-1990)."});
    } else if (d->ToString() > core::FormatDate(clock_.Now()).substr(0, d->ToString().size())) {
      errors.push_back({"birth_date", "in_future", "birth_date must not be in the future."});
    }
  }
  if (p.nationality.empty()) {
    errors.push_back({"nationality", "required", "nationality is required (ISO 3166-1 alpha-2, e.g. LA)."});
  } else if (!IsCountryCode(ref_, p.nationality)) {
    errors.push_back(
        {"nationality", "invalid_country", "nationality must be an ISO 3166-1 alpha-2 code, e.g. VN or LA."});
  }
  if (p.home_province && !ref_.FindSubdivision(*p.home_province)) {
    errors.push_back(
        {"home_province", "unknown_province", "home_province must be an ISO 3166-2 code, e.g. LA-SV or VN-29."});
  }
  if (p.phone) {
    const auto& ph = *p.phone;
    const bool ok = ph.size() >= 6 && ph.size() <= 25 &&
                    std::all_of(ph.begin(), ph.end(),
                                [](char c) {
                                  return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' ||
                                         c == ')' || c == '.';
                                }) &&
                    ph.find('+', 1) == std::string::npos;
    if (!ok) errors.push_back({"phone", "invalid_phone", "phone must be digits, spaces and an optional leading +."});
  }
  if (p.documents.size() > 10) errors.push_back({"documents", "too_many", "at most 10 documents."});
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (size_t i = 0; i < p.documents.size(); ++i) {
    auto& d = p.documents[i];
    const std::string f = "documents[" + std::to_string(i) + "]";
    d.number = text::UpperNoSpaces(text::ToNfc(d.number));
    if (!Contains(kDocumentKinds, d.kind)) {
      errors.push_back({f + ".kind", d.kind.empty() ? "required" : "invalid_value",
                        f + ".kind must be passport, national_id, lao_id_card or family_book."});
    }
    const bool number_ok =
        !d.number.empty() && d.number.size() <= 30 && std::all_of(d.number.begin(), d.number.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-' || c == '/';
        });
    if (d.number.empty()) {
      errors.push_back({f + ".number", "required", f + ".number is required."});
    } else if (!number_ok) {
      errors.push_back({f + ".number", "invalid_format", f + ".number must be 1-30 letters A-Z, digits, - or /."});
    } else if (d.issuing_country == "VN" && d.kind == "national_id" &&
               !(d.number.size() == 12 && AllDigits(d.number))) {
      errors.push_back({f + ".number", "invalid_format", "a Vietnamese citizen ID (CCCD) has exactly 12 digits."});
    } else if (d.issuing_country == "VN" && d.kind == "passport" &&
               !(d.number.size() == 8 && d.number[0] >= 'A' && d.number[0] <= 'Z' && AllDigits(d.number.substr(1)))) {
      errors.push_back({f + ".number", "invalid_format", "a Vietnamese passport number is one letter and 7 digits."});
    }
    if (!IsCountryCode(ref_, d.issuing_country)) {
      errors.push_back({f + ".issuing_country", d.issuing_country.empty() ? "required" : "invalid_country",
                        f + ".issuing_country must be an ISO 3166-1 alpha-2 code."});
    } else if ((d.kind == "lao_id_card" || d.kind == "family_book") && d.issuing_country != "LA") {
      errors.push_back({f + ".issuing_country", "invalid_value", d.kind + " documents are issued by LA."});
    }
    CheckFullDate(errors, f + ".expires", d.expires, false);
    if (!seen.insert({d.kind, d.number, d.issuing_country}).second) {
      errors.push_back({f, "duplicate", f + " repeats another document of this person."});
    }
  }
  return errors;
}

std::vector<FieldError> RegistryService::ValidateEmployer(Employer& e) const {
  Errors errors;
  e.name = Clean(e.name);
  CleanOpt(e.native_name);
  e.registration_number = Clean(e.registration_number);
  CleanOpt(e.address);
  CleanOpt(e.province);
  CleanOpt(e.sector);
  if (e.name.empty())
    errors.push_back({"name", "required", "name is required."});
  else
    CheckText(errors, "name", e.name, 200);
  if (e.native_name) CheckText(errors, "native_name", *e.native_name, 200);
  if (e.registration_number.empty()) {
    errors.push_back({"registration_number", "required", "registration_number is required."});
  } else {
    CheckText(errors, "registration_number", e.registration_number, 50);
  }
  if (e.country.empty())
    errors.push_back({"country", "required", "country is required."});
  else if (!IsCountryCode(ref_, e.country)) {
    errors.push_back({"country", "invalid_country", "country must be an ISO 3166-1 alpha-2 code."});
  }
  if (e.province) {
    const Subdivision* s = ref_.FindSubdivision(*e.province);
    if (!s) {
      errors.push_back({"province", "unknown_province", "province must be an ISO 3166-2 code."});
    } else if (s->country != e.country) {
      errors.push_back({"province", "province_not_in_country", "province must be in the employer's country."});
    }
  }
  if (e.sector && !(e.sector->size() == 1 && (*e.sector)[0] >= 'A' && (*e.sector)[0] <= 'U')) {
    errors.push_back({"sector", "invalid_value", "sector must be an ISIC Rev.4 section letter A-U."});
  }
  if (e.address) CheckText(errors, "address", *e.address, 500);
  CleanOpt(e.website);
  if (e.website) {
    const size_t before = errors.size();
    CheckText(errors, "website", *e.website, 200);
    if (errors.size() == before && !IsWebAddress(*e.website)) {
      errors.push_back({"website", "invalid_url", "website must be an http:// or https:// address."});
    }
  }
  return errors;
}

std::vector<FieldError> RegistryService::ValidatePermitFields(WorkPermit& w) const {
  Errors errors;
  w.permit_number = text::UpperNoSpaces(Clean(w.permit_number));
  if (!core::IsUuid(w.person_id)) {
    errors.push_back(
        {"person_id", w.person_id.empty() ? "required" : "invalid_id", "person_id must be a person's id."});
  }
  if (!core::IsUuid(w.employer_id)) {
    errors.push_back(
        {"employer_id", w.employer_id.empty() ? "required" : "invalid_id", "employer_id must be an employer's id."});
  }
  const PermitRule* rule = ref_.RuleFor(w.host_country);
  if (!rule)
    errors.push_back(
        {"host_country", w.host_country.empty() ? "required" : "invalid_value", "host_country must be VN or LA."});
  CheckFullDate(errors, "valid_from", w.valid_from.empty() ? std::nullopt : std::optional(w.valid_from), true);
  CheckFullDate(errors, "valid_until", w.valid_until.empty() ? std::nullopt : std::optional(w.valid_until), true);
  CheckFullDate(errors, "issued", w.issued, false);
  const auto from = core::ParseDate(w.valid_from);
  const auto until = core::ParseDate(w.valid_until);
  if (w.host_province.empty()) {
    errors.push_back({"host_province", "required", "host_province is required."});
  } else if (const Subdivision* s = ref_.FindSubdivision(w.host_province); !s) {
    errors.push_back({"host_province", "unknown_province", "host_province must be an ISO 3166-2 code."});
  } else if (rule && s->country != w.host_country) {
    errors.push_back({"host_province", "province_not_in_country", "host_province must be in host_country."});
  } else if (from && !ref_.SubdivisionValidOn(*s, w.valid_from)) {
    errors.push_back({"host_province", "province_not_valid_on_date",
                      "host_province did not exist on valid_from (Vietnam's provinces changed on 2025-07-01)."});
  }
  if (w.occupation.empty()) {
    errors.push_back({"occupation", "required", "occupation is required (ISCO-08 unit group)."});
  } else if (!ref_.IsOccupation(w.occupation)) {
    errors.push_back(
        {"occupation", "unknown_occupation", "occupation must be an ISCO-08 4-digit unit group, e.g. 7112."});
  }
  if (w.permit_number.empty())
    errors.push_back({"permit_number", "required", "permit_number is required."});
  else
    CheckText(errors, "permit_number", w.permit_number, 50);
  if (from && until) {
    if (*until < *from) {
      errors.push_back({"valid_until", "before_valid_from", "valid_until must not be before valid_from."});
    } else if (rule && *until > core::AddMonths(*from, rule->max_months) - std::chrono::days(1)) {
      errors.push_back(
          {"valid_until", "too_long",
           "a work permit in " + w.host_country + " lasts at most " + std::to_string(rule->max_months) + " months."});
    }
  }
  if (w.status != "applied" && w.status != "issued") {
    errors.push_back({"status", "invalid_initial_status", "a new permit starts as applied or issued."});
  }
  return errors;
}

// --- authorisation ---------------------------------------------------------------------

bool RoleAllows(access::Role role, RegistryRecord record, RegistryAction action) {
  using access::Role;
  if (action == RegistryAction::kWrite) return role == Role::kAdmin || role == Role::kRegistryOfficer;
  switch (role) {
    case Role::kAdmin:
    case Role::kRegistryOfficer:
    case Role::kViewer:
    case Role::kAuditor:
    case Role::kPartnerNode:
      return true;
    case Role::kWelfareOfficer:
      return record == RegistryRecord::kPerson;  // welfare cases concern persons, never their permits
    case Role::kCooperationOfficer:
    case Role::kTrainingOfficer:
      return false;
  }
  return false;
}

namespace {

core::Status Allow(const access::Principal& actor, RegistryRecord record, RegistryAction action) {
  if (RoleAllows(actor.role, record, action)) return {};
  static constexpr std::string_view kNames[] = {"persons", "employers", "work permits"};
  return core::Fail(Error{ErrorCode::kForbidden,
                          std::string("Your role (") + std::string(access::RoleName(actor.role)) + ") may not " +
                              (action == RegistryAction::kRead ? "read " : "change ") +
                              std::string(kNames[static_cast<int>(record)]) + ".",
                          {},
                          {}});
}

bool Unrestricted(const Scope& s) { return s.provinces.empty() && !s.org; }

// Cheap answers first; the database decides the rest (permits link persons to places).
core::Result<bool> Visible(storage::Transaction& tx, const Scope& scope, const Person& p) {
  if (Unrestricted(scope) && (p.scope.country == scope.country || p.nationality == scope.country)) return true;
  return store::PersonInScope(tx, p.id, scope);
}

core::Result<bool> Visible(storage::Transaction& tx, const Scope& scope, const Employer& e) {
  if (Unrestricted(scope) && (e.scope.country == scope.country || e.country == scope.country)) return true;
  return store::EmployerInScope(tx, e.id, scope);
}

core::Result<bool> Visible(storage::Transaction& tx, const Scope& scope, const WorkPermit& w) {
  if (Unrestricted(scope) && w.host_country == scope.country) return true;
  return store::PermitInScope(tx, w.id, scope);
}

// The record when it exists and lies in `scope`, else nullopt: a record out of scope reads
// exactly like a missing one.
template <typename T>
core::Result<std::optional<T>> OnlyVisible(storage::Transaction& tx, const Scope& scope,
                                           core::Result<std::optional<T>> found) {
  if (!found || !*found) return found;
  LB_TRY(visible, Visible(tx, scope, **found));
  if (!visible) return std::optional<T>();
  return found;
}

RecordScope RecordScopeOf(const access::Principal& actor) { return {actor.country, actor.province, actor.org}; }

constexpr std::string_view kRecordNames[] = {"person", "employer", "permit"};

// Moving a record (changing a field that places it) takes it out of some scopes and into
// others, so only an officer whose scope is a whole country may; anyone else gets 403 naming
// each placing field the change would alter.
core::Status CheckMove(const Scope& scope, RegistryRecord record, const std::vector<std::string>& moved) {
  if (moved.empty() || Unrestricted(scope)) return {};
  const std::string what(kRecordNames[static_cast<int>(record)]);
  Errors errors;
  for (const auto& f : moved) {
    errors.push_back({f, "move_not_allowed",
                      f + " places the " + what + "; only a country-wide officer may move it to another place."});
  }
  return core::Fail(Error{
      ErrorCode::kForbidden,
      "You may not move this " + what + " to another place (" + moved.front() + "): only a country-wide officer may.",
      std::move(errors),
      {}});
}

// The placing fields whose values differ between `before` and `after` (as audit forms).
std::vector<std::string> MovedFields(RegistryRecord record, const nlohmann::json& before, const nlohmann::json& after) {
  std::vector<std::string> out;
  for (std::string_view f : PlacingFields(record)) {
    const std::string k(f);
    const nlohmann::json a = before.contains(k) ? before.at(k) : nlohmann::json(nullptr);
    const nlohmann::json b = after.contains(k) ? after.at(k) : nlohmann::json(nullptr);
    if (a != b) out.push_back(k);
  }
  return out;
}

// The audit action of an edit: a move when it changed where the record is.
std::string EditAction(RegistryRecord record, const std::vector<std::string>& moved) {
  return std::string(kRecordNames[static_cast<int>(record)]) + (moved.empty() ? ".update" : ".move");
}

}  // namespace

std::span<const std::string_view> PlacingFields(RegistryRecord record) {
  static constexpr std::string_view kPerson[] = {"nationality", "home_province"};
  static constexpr std::string_view kEmployer[] = {"country", "province"};
  static constexpr std::string_view kPermit[] = {"host_country", "host_province"};
  static constexpr std::span<const std::string_view> kAll[] = {kPerson, kEmployer, kPermit};
  return kAll[static_cast<int>(record)];
}

core::Status RegistryService::AuthorizeMove(const access::Principal& actor, RegistryRecord record,
                                            const std::vector<std::string>& moved) const {
  return CheckMove(ScopeOf(actor), record, moved);
}

core::Result<std::optional<bool>> RegistryService::RecordVisibleTo(const access::Principal& actor,
                                                                   const std::string& entity_type,
                                                                   const std::string& entity_id) {
  std::optional<RegistryRecord> record;
  for (int i = 0; i < 3; ++i) {
    if (entity_type == kRecordNames[i]) record = static_cast<RegistryRecord>(i);
  }
  if (!record) return std::optional<bool>();
  if (!RoleAllows(actor.role, *record, RegistryAction::kRead) || !core::IsUuid(entity_id)) {
    return std::optional<bool>(false);
  }
  const Scope scope = ScopeOf(actor);
  return storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Result<std::optional<bool>> {
    bool seen = false;
    switch (*record) {
      case RegistryRecord::kPerson: {
        LB_TRY(p, OnlyVisible(tx, scope, store::GetPerson(tx, entity_id)));
        seen = p.has_value();
        break;
      }
      case RegistryRecord::kEmployer: {
        LB_TRY(e, OnlyVisible(tx, scope, store::GetEmployer(tx, entity_id)));
        seen = e.has_value();
        break;
      }
      case RegistryRecord::kPermit: {
        LB_TRY(w, OnlyVisible(tx, scope, store::GetPermit(tx, entity_id, false)));
        seen = w.has_value();
        break;
      }
    }
    return std::optional<bool>(seen);
  });
}

void RegistryService::RecordRead(const access::Principal& actor, std::string action, std::string entity_type,
                                 const std::vector<std::string>& ids) {
  if (!audit_ || ids.empty()) return;
  audit_->Record({actor.user_name, std::move(action), std::move(entity_type), "", nlohmann::json{{"ids", ids}}});
}

core::Status RegistryService::Authorize(const access::Principal& actor, RegistryRecord record,
                                        RegistryAction action) const {
  return Allow(actor, record, action);
}

std::string RegistryService::Today() const { return core::FormatDate(clock_.Now()); }

Scope RegistryService::ScopeOf(const access::Principal& actor) const {
  Scope s;
  s.country = actor.country;
  if (actor.province) s.provinces = ref_.EquivalentProvinces(*actor.province);
  s.org = actor.org;
  return s;
}

core::Status RegistryService::Audit(storage::Transaction& tx, const access::Principal& actor, std::string action,
                                    std::string entity_type, const std::string& id, const nlohmann::json& before,
                                    const nlohmann::json& after) {
  if (!audit_) return {};
  return audit_->Append(tx,
                        {actor.user_name, std::move(action), std::move(entity_type), id, audit::Diff(before, after)});
}

// --- persons ---------------------------------------------------------------------------

namespace {

// The fields the audit log compares (the API form without bookkeeping).
nlohmann::json AuditForm(const Person& p) {
  nlohmann::json form = kinds::ToJson(PersonFields(), p);
  form["documents"] = DocumentsJson(p.documents);
  form["status"] = p.status;
  return form;
}

nlohmann::json AuditForm(const Employer& e) {
  nlohmann::json form = kinds::ToJson(EmployerFields(), e);
  form["status"] = e.status;
  return form;
}

nlohmann::json AuditForm(const WorkPermit& w) {
  nlohmann::json form = kinds::ToJson(PermitFields(), w);
  form["status"] = w.status;
  form["extensions"] = w.extensions;
  return form;
}

template <typename T>
audit::Event EventFor(const access::Principal& actor, std::string action, std::string type, const std::string& id,
                      const nlohmann::json& before, const T& after) {
  if (!before.is_null())
    return {actor.user_name, std::move(action), std::move(type), id, audit::Diff(before, AuditForm(after))};
  // A creation: what audit::Diff(nullptr, form) gives, built by moving the values (bulk
  // imports create millions).
  nlohmann::json changes = nlohmann::json::object();
  nlohmann::json form = AuditForm(after);
  for (auto& [key, value] : form.items()) {
    if (!value.is_null()) changes[key] = {{"before", nullptr}, {"after", std::move(value)}};
  }
  return {actor.user_name, std::move(action), std::move(type), id, std::move(changes)};
}

}  // namespace

template <typename T>
core::Status RegistryService::Record(storage::Transaction& tx, Written<T>& written, const AfterWrite<T>& after) {
  if (written.changed && audit_) LB_CHECK(audit_->Append(tx, std::move(written.event)));
  if (after) LB_CHECK(after(tx, written.record));
  return {};
}

template <typename T, typename Write>
core::Result<T> RegistryService::Own(Write&& write, const AfterWrite<T>& after) {
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<T> {
    LB_TRY(written, write(tx));
    LB_CHECK(Record(tx, written, after));
    return std::move(written.record);
  });
}

// --- what the kinds' calls share ----------------------------------------------------------

namespace {

// Per kind: its name, its store calls and the conflict its natural key raises. The calls
// below are written once over these; what differs by kind (validation, duplicates, a
// permit's place and parties) stays in the kind's own functions.
template <typename T>
struct KindOps;

template <>
struct KindOps<Person> {
  static constexpr RegistryRecord kRecord = RegistryRecord::kPerson;
  static constexpr bool kAuditReads = true;  // who viewed whom
  static auto Get(storage::Transaction& tx, const std::string& id) { return store::GetPerson(tx, id); }
  static auto Insert(storage::Transaction& tx, const Person& p) { return store::InsertPerson(tx, p); }
  static auto Update(storage::Transaction& tx, const Person& p, int64_t v) { return store::UpdatePerson(tx, p, v); }
  static Error Conflict(const Error& e) {
    return MapConflict(e, "person_documents", "documents",
                       "A person with this document (kind, number, issuing country) is already registered.");
  }
};

template <>
struct KindOps<Employer> {
  static constexpr RegistryRecord kRecord = RegistryRecord::kEmployer;
  static constexpr bool kAuditReads = false;
  static auto Get(storage::Transaction& tx, const std::string& id) { return store::GetEmployer(tx, id); }
  static auto Insert(storage::Transaction& tx, const Employer& e) { return store::InsertEmployer(tx, e); }
  static auto Update(storage::Transaction& tx, const Employer& e, int64_t v) { return store::UpdateEmployer(tx, e, v); }
  static Error Conflict(const Error& e) {
    return MapConflict(e, "employers", "registration_number",
                       "An employer with this registration number is already registered in this country.");
  }
};

template <>
struct KindOps<WorkPermit> {
  static constexpr RegistryRecord kRecord = RegistryRecord::kPermit;
  static constexpr bool kAuditReads = false;
  static auto Get(storage::Transaction& tx, const std::string& id) { return store::GetPermit(tx, id, true); }
};

template <typename T>
std::string NameOf() {
  return std::string(kRecordNames[static_cast<int>(KindOps<T>::kRecord)]);
}

}  // namespace

template <typename T>
core::Result<T> RegistryService::GetRecord(const access::Principal& actor, const std::string& id) {
  LB_CHECK(Allow(actor, KindOps<T>::kRecord, RegistryAction::kRead));
  const std::string name = NameOf<T>();
  if (!core::IsUuid(id)) return core::Fail(NotFound(name));
  const Scope scope = ScopeOf(actor);
  auto x = storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Result<std::optional<T>> {
    return OnlyVisible(tx, scope, KindOps<T>::Get(tx, id));
  });
  if (!x) return core::Fail(x.error());
  if (!*x) return core::Fail(NotFound(name));
  // Recorded shortly after, without making the read wait for a commit.
  if (KindOps<T>::kAuditReads && audit_) audit_->Record({actor.user_name, name + ".read", name, id, nullptr});
  return std::move(**x);
}

template <typename T, typename Fetch>
core::Result<Page<T>> RegistryService::ListRecords(const access::Principal& actor, std::vector<core::FieldError> errors,
                                                   const ListRequest& page, Fetch&& fetch) {
  LB_CHECK(Allow(actor, KindOps<T>::kRecord, RegistryAction::kRead));
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  const Scope scope = ScopeOf(actor);
  // A sorted keyset page with its total (kinds::RunSortedList), counted and read in one
  // transaction so the total agrees with the pages.
  const kinds::SortedRequest sorted{page.cursor, page.limit, page.sort, page.dir};
  auto r = storage::InTransaction(db_, false, [&](storage::Transaction& tx) { return fetch(tx, scope, sorted); });
  const std::string name = NameOf<T>();
  if (r && page.record_read) RecordRead(actor, name + ".list", name, IdsOf(r->items));
  return r;
}

template <typename T>
core::Result<T> RegistryService::UpdateRecord(const access::Principal& actor, const std::string& id,
                                              int64_t expected_version, T x) {
  constexpr RegistryRecord kRecord = KindOps<T>::kRecord;
  LB_CHECK(Allow(actor, kRecord, RegistryAction::kWrite));
  const std::string name = NameOf<T>();
  if (!core::IsUuid(id)) return core::Fail(NotFound(name));
  const Scope scope = ScopeOf(actor);
  return Own<T>([&](storage::Transaction& tx) -> core::Result<Written<T>> {
    // The record's current place first: a record the actor may not write reads as missing,
    // and a province officer may not move one (before any validation message).
    LB_TRY(found, OnlyVisible(tx, scope, KindOps<T>::Get(tx, id)));
    if (!found) return core::Fail(NotFound(name));
    auto errors = Validate(x);
    x.status = found->status;
    const auto moved = MovedFields(kRecord, AuditForm(*found), AuditForm(x));
    LB_CHECK(CheckMove(scope, kRecord, moved));
    if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
    LB_TRY(current, CheckVersion(found, name, expected_version));
    if (current.status == "archived") return core::Fail(Error::Conflict("An archived " + name + " cannot be edited."));
    return UpdateIn(tx, actor, current, std::move(x));
  });
}

template <typename T>
core::Result<T> RegistryService::ArchiveRecord(const access::Principal& actor, const std::string& id,
                                               int64_t expected_version) {
  LB_CHECK(Allow(actor, KindOps<T>::kRecord, RegistryAction::kWrite));
  const std::string name = NameOf<T>();
  if (!core::IsUuid(id)) return core::Fail(NotFound(name));
  const Scope scope = ScopeOf(actor);
  return Own<T>([&](storage::Transaction& tx) -> core::Result<Written<T>> {
    LB_TRY(found, OnlyVisible(tx, scope, KindOps<T>::Get(tx, id)));
    LB_TRY(x, CheckVersion(found, name, expected_version));
    if (x.status == "archived") return core::Fail(Error::Conflict("The " + name + " is already archived."));
    const auto before = AuditForm(x);
    x.status = "archived";
    x.updated_at = core::FormatRfc3339(clock_.Now());
    LB_TRY(n, KindOps<T>::Update(tx, x, x.version));
    if (n != 1) return core::Fail(Stale(x.version));
    x.version += 1;
    auto event = EventFor(actor, name + ".archive", name, id, before, x);
    return Written<T>{std::move(x), true, std::move(event)};
  });
}

template <typename T>
core::Result<RegistryService::Written<T>> RegistryService::InsertIn(storage::Transaction& tx,
                                                                    const access::Principal& actor, T x) {
  x.id = core::NewUuidV7(clock_);
  x.status = "active";
  x.version = 1;
  x.owner_node = node_;
  x.created_at = x.updated_at = core::FormatRfc3339(clock_.Now());
  x.scope = RecordScopeOf(actor);
  if (auto r = KindOps<T>::Insert(tx, x); !r) return core::Fail(KindOps<T>::Conflict(r.error()));
  const std::string name = NameOf<T>();
  auto event = EventFor(actor, name + ".create", name, x.id, nullptr, x);
  return Written<T>{std::move(x), true, std::move(event)};
}

template <typename T>
core::Result<RegistryService::Written<T>> RegistryService::UpdateIn(storage::Transaction& tx,
                                                                    const access::Principal& actor, const T& current,
                                                                    T x) {
  constexpr RegistryRecord kRecord = KindOps<T>::kRecord;
  const std::string name = NameOf<T>();
  x.status = current.status;
  if (AuditForm(x) == AuditForm(current)) return Written<T>{current, false, {}};
  // `current` was found within the actor's scope (records are written where they are seen).
  const auto moved = MovedFields(kRecord, AuditForm(current), AuditForm(x));
  LB_CHECK(CheckMove(ScopeOf(actor), kRecord, moved));
  if (current.status == "archived") return core::Fail(Error::Conflict("An archived " + name + " cannot be edited."));
  x.id = current.id;
  x.owner_node = current.owner_node;
  x.created_at = current.created_at;
  x.scope = current.scope;
  x.updated_at = core::FormatRfc3339(clock_.Now());
  x.version = current.version + 1;
  auto n = KindOps<T>::Update(tx, x, current.version);
  if (!n) return core::Fail(KindOps<T>::Conflict(n.error()));
  if (*n != 1) return core::Fail(Stale(current.version));
  auto event = EventFor(actor, EditAction(kRecord, moved), name, x.id, AuditForm(current), x);
  return Written<T>{std::move(x), true, std::move(event)};
}

core::Result<Person> RegistryService::CreatePerson(const access::Principal& actor, Person p,
                                                   const AfterWrite<Person>& after, bool confirm_new) {
  LB_CHECK(Allow(actor, RegistryRecord::kPerson, RegistryAction::kWrite));
  if (auto errors = ValidatePerson(p); !errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  if (!confirm_new) {
    // Checked before the write transaction, so the search does not hold up other writers; two
    // officers registering the same person in the same instant can both get through.
    LB_TRY(candidates, FindDuplicates(actor, p));
    if (!candidates.empty()) {
      return core::Fail(
          Error{ErrorCode::kConflict,
                "This person may already be registered. Check the candidates, or confirm that this is "
                "a new person.",
                {{"confirm_new", "possible_duplicate", "Send confirm_new: true to register the person anyway."}},
                {}});
    }
  }
  return Own<Person>([&](storage::Transaction& tx) { return InsertPersonIn(tx, actor, std::move(p)); }, after);
}

core::Result<Person> RegistryService::GetPerson(const access::Principal& actor, const std::string& id) {
  return GetRecord<Person>(actor, id);
}

core::Result<Page<Person>> RegistryService::ListPersons(const access::Principal& actor, const PersonFilter& filter,
                                                        const ListRequest& page) {
  Errors errors;
  CheckFilters(ref_, errors, "nationality", filter.nationality, "province", filter.province, filter.status);
  CheckOrder(errors, store::PersonSortKeys(), page);
  return ListRecords<Person>(actor, std::move(errors), page,
                             [&](storage::Transaction& tx, const Scope& scope, const kinds::SortedRequest& sorted) {
                               return store::PagePersons(tx, filter, sorted, &scope);
                             });
}

core::Result<Person> RegistryService::UpdatePerson(const access::Principal& actor, const std::string& id,
                                                   int64_t expected_version, Person p) {
  return UpdateRecord(actor, id, expected_version, std::move(p));
}

core::Result<Person> RegistryService::ArchivePerson(const access::Principal& actor, const std::string& id,
                                                    int64_t expected_version) {
  return ArchiveRecord<Person>(actor, id, expected_version);
}

core::Result<std::vector<audit::Entry>> RegistryService::PersonHistory(const access::Principal& actor,
                                                                       const std::string& id, int limit) {
  // Visibility exactly as for reading the person (403 / 404 alike); this read is not itself
  // recorded as a read of the person, as it shows no personal data beyond the changes.
  return RecordHistory(actor, "person", id, limit);
}

core::Result<std::vector<audit::Entry>> RegistryService::RecordHistory(const access::Principal& actor,
                                                                       const std::string& entity_type,
                                                                       const std::string& id, int limit) {
  std::optional<RegistryRecord> record;
  for (int i = 0; i < 3; ++i) {
    if (entity_type == kRecordNames[i]) record = static_cast<RegistryRecord>(i);
  }
  if (!record) return core::Fail(NotFound("record"));
  LB_CHECK(Allow(actor, *record, RegistryAction::kRead));
  LB_TRY(visible, RecordVisibleTo(actor, entity_type, id));
  if (!visible || !*visible) return core::Fail(NotFound(entity_type));
  if (!audit_) return std::vector<audit::Entry>{};
  audit::AuditLog::Filter f;
  f.entity_type = entity_type;
  f.entity_id = id;
  f.newest_first = true;
  f.limit = 1000;
  LB_TRY(entries, audit_->List(f));
  std::vector<audit::Entry> out;
  for (auto& e : entries) {
    if (e.event.action.ends_with(".read")) continue;
    out.push_back(std::move(e));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

// --- employers -------------------------------------------------------------------------

core::Result<Employer> RegistryService::CreateEmployer(const access::Principal& actor, Employer e,
                                                       const AfterWrite<Employer>& after) {
  LB_CHECK(Allow(actor, RegistryRecord::kEmployer, RegistryAction::kWrite));
  if (auto errors = ValidateEmployer(e); !errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  return Own<Employer>([&](storage::Transaction& tx) { return InsertEmployerIn(tx, actor, std::move(e)); }, after);
}

core::Result<Employer> RegistryService::GetEmployer(const access::Principal& actor, const std::string& id) {
  return GetRecord<Employer>(actor, id);
}

core::Result<Page<Employer>> RegistryService::ListEmployers(const access::Principal& actor, const EmployerFilter& asked,
                                                            const ListRequest& page) {
  EmployerFilter filter = asked;
  Errors errors;
  CheckFilters(ref_, errors, "country", filter.country, "province", filter.province, filter.status);
  if (filter.sector && (filter.sector->size() != 1 || (*filter.sector)[0] < 'A' || (*filter.sector)[0] > 'U')) {
    errors.push_back({"sector", "invalid_value", "sector must be an ISIC Rev.4 section letter A..U."});
  }
  CheckListText(errors, "q", filter.q);
  CheckOrder(errors, store::EmployerSortKeys(), page);
  return ListRecords<Employer>(actor, std::move(errors), page,
                               [&](storage::Transaction& tx, const Scope& scope, const kinds::SortedRequest& sorted) {
                                 return store::PageEmployers(tx, filter, sorted, &scope);
                               });
}

core::Result<Employer> RegistryService::UpdateEmployer(const access::Principal& actor, const std::string& id,
                                                       int64_t expected_version, Employer e) {
  return UpdateRecord(actor, id, expected_version, std::move(e));
}

core::Result<Employer> RegistryService::ArchiveEmployer(const access::Principal& actor, const std::string& id,
                                                        int64_t expected_version) {
  return ArchiveRecord<Employer>(actor, id, expected_version);
}

// --- permits ---------------------------------------------------------------------------

namespace {

// The person and employer a permit refers to must exist, be visible to the actor and be
// active; an invisible one reads as missing, so nothing leaks.
core::Status CheckPermitParties(storage::Transaction& tx, const Scope& scope, const WorkPermit& w) {
  Errors errors;
  LB_TRY(person, OnlyVisible(tx, scope, store::GetPerson(tx, w.person_id)));
  if (!person)
    errors.push_back({"person_id", "not_found", "No person with this id."});
  else if (person->status != "active")
    errors.push_back({"person_id", "archived", "The person is archived."});
  LB_TRY(employer, OnlyVisible(tx, scope, store::GetEmployer(tx, w.employer_id)));
  if (!employer)
    errors.push_back({"employer_id", "not_found", "No employer with this id."});
  else if (employer->status != "active")
    errors.push_back({"employer_id", "archived", "The employer is archived."});
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  return {};
}

// A province or organisation officer registers permits only in their own province/organisation.
core::Status CheckPermitPlace(const Scope& scope, const WorkPermit& w) {
  if (!scope.provinces.empty() &&
      std::find(scope.provinces.begin(), scope.provinces.end(), w.host_province) == scope.provinces.end()) {
    return core::Fail(Error{ErrorCode::kForbidden,
                            "You may register or change permits only in your own province.",
                            {{"host_province", "outside_scope", "host_province is outside your province."}},
                            {}});
  }
  if (scope.org && w.employer_id != *scope.org) {
    return core::Fail(Error{ErrorCode::kForbidden,
                            "You may register or change permits only for your own organisation.",
                            {{"employer_id", "outside_scope", "employer_id is not your organisation."}},
                            {}});
  }
  return {};
}

constexpr std::string_view kDuplicatePermit = "A permit with this number already exists in this host country.";

}  // namespace

core::Status RegistryService::AuthorizePermitWrite(const access::Principal& actor, const WorkPermit& current) const {
  return CheckPermitPlace(ScopeOf(actor), current);
}

core::Result<WorkPermit> RegistryService::CreatePermit(const access::Principal& actor, WorkPermit w,
                                                       const AfterWrite<WorkPermit>& after) {
  LB_CHECK(Allow(actor, RegistryRecord::kPermit, RegistryAction::kWrite));
  if (w.status.empty()) w.status = "applied";
  if (auto errors = ValidatePermitFields(w); !errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  const Scope scope = ScopeOf(actor);
  LB_TRY(created, Own<WorkPermit>(
                      [&](storage::Transaction& tx) { return InsertPermitIn(tx, actor, scope, std::move(w)); }, after));
  return AsReadToday(std::move(created));
}

core::Result<WorkPermit> RegistryService::GetPermit(const access::Principal& actor, const std::string& id) {
  LB_TRY(w, GetRecord<WorkPermit>(actor, id));
  return AsReadToday(std::move(w));
}

WorkPermit RegistryService::AsReadToday(WorkPermit w) const {
  w.status = EffectiveStatus(w, Today());
  return w;
}

core::Result<Page<WorkPermit>> RegistryService::ListPermits(const access::Principal& actor, const PermitFilter& asked,
                                                            const ListRequest& page) {
  PermitFilter filter = asked;
  Errors errors;
  CheckFullDate(errors, "expiring_before", filter.expiring_before, false);
  if (filter.status && !Contains(kPermitStatuses, *filter.status)) {
    errors.push_back({"status", "invalid_value", "status must be one of the permit statuses."});
  }
  CheckListText(errors, "q", filter.q);
  CheckOrder(errors, store::PermitSortKeys(), page);
  if (filter.ending_from) CheckFullDate(errors, "ending_from", filter.ending_from, false);
  PermitFilter today = filter;
  today.as_of = Today();
  // A search names a permit number or a worker: the workers are found by the name search (any
  // spelling, within the actor's scope), and their permits join the number's.
  std::vector<std::string> named;
  if (filter.q && errors.empty() && Authorize(actor, RegistryRecord::kPermit, RegistryAction::kRead) &&
      RoleAllows(actor.role, RegistryRecord::kPerson, RegistryAction::kRead)) {
    auto hits = SearchPersons(actor, *filter.q, 50);  // the name search's most
    if (!hits && hits.error().code != ErrorCode::kValidation) return core::Fail(hits.error());
    if (hits) {
      for (const auto& h : *hits) named.push_back(h.person.id);
    }
  }
  LB_TRY(listed,
         ListRecords<WorkPermit>(actor, std::move(errors), page,
                                 [&](storage::Transaction& tx, const Scope& scope, const kinds::SortedRequest& sorted) {
                                   return store::PagePermits(tx, today, sorted, &scope, named);
                                 }));
  for (auto& w : listed.items) w.status = EffectiveStatus(w, *today.as_of);
  return listed;
}

core::Result<WorkPermit> RegistryService::UpdatePermit(const access::Principal& actor, const std::string& id,
                                                       int64_t expected_version, WorkPermit w) {
  LB_CHECK(Allow(actor, RegistryRecord::kPermit, RegistryAction::kWrite));
  if (!core::IsUuid(id)) return core::Fail(NotFound("permit"));
  const Scope scope = ScopeOf(actor);
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<WorkPermit> {
    LB_TRY(found, OnlyVisible(tx, scope, store::GetPermit(tx, id, false)));
    if (!found) return core::Fail(NotFound("permit"));
    // Before anything else, the permit's CURRENT place: a permit the actor may read (its
    // holder was registered in their province) but that is hosted elsewhere is not theirs to
    // change, nor to move into their own province.
    LB_CHECK(CheckPermitPlace(scope, *found));
    w.host_country = found->host_country;
    const auto moved = MovedFields(RegistryRecord::kPermit, AuditForm(*found), AuditForm(w));
    LB_CHECK(CheckMove(scope, RegistryRecord::kPermit, moved));
    LB_TRY(current, CheckVersion(found, "permit", expected_version));
    LB_TRY(written, UpdatePermitIn(tx, actor, scope, current, std::move(w)));
    LB_CHECK(Record(tx, written, {}));
    LB_TRY(again, store::GetPermit(tx, id, true));
    return AsReadToday(std::move(*again));
  });
}

namespace {

// A transition takes effect within the permit's life: not before its last transition (or its
// issue date) and not after today (the node's local day). An expiry dated before the permit's
// end date ends a permit in force early, which is a revocation in all but name: it needs a
// reason (the worklist's bulk expiry of in-force permits asked for none).
core::Status CheckEffectiveDate(const WorkPermit& w, const std::vector<PermitTransition>& history,
                                const TransitionRequest& req, const std::string& today) {
  std::string last = w.issued.value_or("");
  for (const auto& t : history) last = std::max(last, t.effective_on);
  if (req.effective_on > today) {
    return core::Fail(Error::Field("date", "in_future",
                                   "date must not be after today (" + today + "): record a change once it happens."));
  }
  if (!last.empty() && req.effective_on < last) {
    return core::Fail(Error::Field("date", "before_last_change",
                                   "date must not be before the permit's last change or issue (" + last + ")."));
  }
  if (req.to == "expired" && !req.reason && req.effective_on < w.valid_until) {
    return core::Fail(Error::Field("reason", "required",
                                   "a reason is required to record an expiry before the permit's end date (" +
                                       w.valid_until + "): it ends a permit in force early."));
  }
  return {};
}

}  // namespace

core::Result<WorkPermit> RegistryService::TransitionPermit(const access::Principal& actor, const std::string& id,
                                                           std::optional<int64_t> expected_version,
                                                           TransitionRequest req) {
  LB_CHECK(Allow(actor, RegistryRecord::kPermit, RegistryAction::kWrite));
  if (!core::IsUuid(id)) return core::Fail(NotFound("permit"));
  Errors errors;
  CleanOpt(req.reason);
  if (req.to.empty())
    errors.push_back({"to", "required", "to is required."});
  else if (!Contains(kPermitStatuses, req.to))
    errors.push_back({"to", "invalid_value", "to must be a permit status."});
  CheckFullDate(errors, "date", req.effective_on.empty() ? std::nullopt : std::optional(req.effective_on), true);
  if (req.reason) CheckText(errors, "reason", *req.reason, 500);
  if ((req.to == "revoked" || req.to == "refused") && !req.reason) {
    errors.push_back(
        {"reason", "required",
         "a reason is required to " + std::string(req.to == "revoked" ? "revoke" : "refuse") + " a permit."});
  }
  if (req.to == "extended")
    CheckFullDate(errors, "valid_until", req.valid_until, true);
  else if (req.valid_until)
    errors.push_back({"valid_until", "not_allowed", "valid_until is only given for an extension."});
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  const Scope scope = ScopeOf(actor);

  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<WorkPermit> {
    LB_TRY(found, OnlyVisible(tx, scope, store::GetPermit(tx, id, true)));
    if (!found) return core::Fail(NotFound("permit"));
    WorkPermit w = *found;
    const std::vector<PermitTransition> history = std::move(w.transitions);
    w.transitions.clear();
    // Changing a permit's status is a write like an edit: only in the officer's own place.
    LB_CHECK(CheckPermitPlace(scope, w));
    const auto before = AuditForm(w);
    if (expected_version && *expected_version != kAnyVersion && w.version != *expected_version) {
      return core::Fail(Stale(w.version));
    }
    // A lapsed permit is expired already (reads say so): its expiry may be recorded, nothing else.
    if (IsLapsed(w, Today()) && req.to != "expired") {
      const std::string message = "The permit ended on " + w.valid_until + ": it has expired and can only be " +
                                  "recorded as expired; register a new permit to continue the work.";
      return core::Fail(Error{ErrorCode::kConflict, message, {{"to", "lapsed", message}}, {}});
    }
    if (!IsLawfulTransition(w.status, req.to)) {
      return core::Fail(
          Error{ErrorCode::kConflict,
                "A permit cannot go from " + w.status + " to " + req.to + ".",
                {{"to", "unlawful_transition", "A permit cannot go from " + w.status + " to " + req.to + "."}},
                {}});
    }
    LB_CHECK(CheckEffectiveDate(w, history, req, Today()));
    const PermitRule* rule = ref_.RuleFor(w.host_country);
    const int64_t expected = w.version;
    if (req.to == "extended") {
      if (rule && rule->max_extensions && w.extensions >= *rule->max_extensions) {
        return core::Fail(Error{ErrorCode::kConflict,
                                "A permit in " + w.host_country + " can be extended at most " +
                                    std::to_string(*rule->max_extensions) + " time(s).",
                                {{"to", "extension_limit", "The extension limit is reached."}},
                                {}});
      }
      const auto old_until = *core::ParseDate(w.valid_until);
      const auto new_until = *core::ParseDate(*req.valid_until);
      if (new_until <= old_until) {
        return core::Fail(
            Error::Field("valid_until", "not_later", "An extension must end after the current valid_until."));
      }
      if (rule && new_until > core::AddMonths(old_until, rule->extension_max_months)) {
        return core::Fail(Error::Field("valid_until", "too_long",
                                       "An extension in " + w.host_country + " is at most " +
                                           std::to_string(rule->extension_max_months) + " months."));
      }
      w.valid_until = *req.valid_until;
      w.extensions += 1;
    }
    if (req.to == "issued" && !w.issued) w.issued = req.effective_on;
    PermitTransition t{w.status,
                       req.to,
                       req.effective_on,
                       req.reason,
                       actor.user_name,
                       req.valid_until,
                       core::FormatRfc3339(clock_.Now())};
    w.status = req.to;
    w.updated_at = t.recorded_at;
    LB_TRY(n, store::UpdatePermit(tx, w, expected));
    if (n != 1) return core::Fail(Stale(expected));
    LB_CHECK(store::InsertTransition(tx, id, t));
    LB_CHECK(Audit(tx, actor, "permit.transition", "permit", id, before, AuditForm(w)));
    LB_TRY(again, store::GetPermit(tx, id, true));
    return AsReadToday(std::move(*again));
  });
}

core::Result<RegistryService::ExpiryBatch> RegistryService::RecordExpiries(int limit) {
  const std::string today = Today();
  const access::Principal system = access::Principal::System(node_);
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<ExpiryBatch> {
    ExpiryBatch batch;
    LB_TRY(lapsed, store::LapsedPermits(tx, today, limit));
    batch.found = static_cast<int64_t>(lapsed.size());
    const std::string now = core::FormatRfc3339(clock_.Now());
    for (WorkPermit& w : lapsed) {
      const auto before = AuditForm(w);
      const int64_t expected = w.version;
      // The first day the permit is no longer valid.
      const std::string first_day = core::FormatDate(*core::ParseDate(w.valid_until) + std::chrono::days(1));
      PermitTransition t{w.status, "expired", first_day, std::nullopt, system.user_name, std::nullopt, now};
      w.status = "expired";
      w.updated_at = now;
      LB_TRY(n, store::UpdatePermit(tx, w, expected));
      if (n != 1) continue;
      LB_CHECK(store::InsertTransition(tx, w.id, t));
      LB_CHECK(Audit(tx, system, "permit.transition", "permit", w.id, before, AuditForm(w)));
      ++batch.recorded;
    }
    return batch;
  });
}

}  // namespace lb::registry

// --- bulk import (src/exchange) ----------------------------------------------------------

namespace lb::registry {
namespace {}  // namespace

namespace {

// A record found by natural key, as the actor's scope lets them have it: the record when
// visible, or only the fact that it exists outside the scope.
template <typename T>
core::Result<RegistryService::Match<T>> MatchInScope(storage::Transaction& tx, const Scope& scope,
                                                     std::optional<T> found) {
  RegistryService::Match<T> m;
  LB_TRY(visible, OnlyVisible(tx, scope, core::Result<std::optional<T>>(found)));
  m.outside_scope = found && !visible;
  m.record = std::move(visible);
  return m;
}

}  // namespace

core::Result<RegistryService::Match<Person>> RegistryService::FindPersonByDocument(storage::Transaction& tx,
                                                                                   const Scope& scope,
                                                                                   const Document& doc) {
  LB_TRY(id, store::FindPersonByDocument(tx, doc.issuing_country, doc.kind, doc.number));
  if (!id) return Match<Person>{};
  LB_TRY(found, store::GetPerson(tx, *id));
  return MatchInScope(tx, scope, std::move(found));
}

core::Result<RegistryService::Match<Employer>> RegistryService::FindEmployerByRegistration(storage::Transaction& tx,
                                                                                           const Scope& scope,
                                                                                           const std::string& country,
                                                                                           const std::string& number) {
  LB_TRY(id, store::FindEmployerByRegistration(tx, country, number));
  if (!id) return Match<Employer>{};
  LB_TRY(found, store::GetEmployer(tx, *id));
  return MatchInScope(tx, scope, std::move(found));
}

core::Result<RegistryService::Match<WorkPermit>> RegistryService::FindPermitByNumber(storage::Transaction& tx,
                                                                                     const Scope& scope,
                                                                                     const std::string& host_country,
                                                                                     const std::string& number) {
  LB_TRY(id, store::FindPermitByNumber(tx, host_country, number));
  if (!id) return Match<WorkPermit>{};
  LB_TRY(found, store::GetPermit(tx, *id, false));
  return MatchInScope(tx, scope, std::move(found));
}

core::Result<RegistryService::Written<Person>> RegistryService::InsertPersonIn(storage::Transaction& tx,
                                                                               const access::Principal& actor,
                                                                               Person p) {
  return InsertIn(tx, actor, std::move(p));
}

core::Result<RegistryService::Written<Person>> RegistryService::UpdatePersonIn(storage::Transaction& tx,
                                                                               const access::Principal& actor,
                                                                               const Person& current, Person p) {
  return UpdateIn(tx, actor, current, std::move(p));
}

core::Result<RegistryService::Written<Employer>> RegistryService::InsertEmployerIn(storage::Transaction& tx,
                                                                                   const access::Principal& actor,
                                                                                   Employer e) {
  return InsertIn(tx, actor, std::move(e));
}

core::Result<RegistryService::Written<Employer>> RegistryService::UpdateEmployerIn(storage::Transaction& tx,
                                                                                   const access::Principal& actor,
                                                                                   const Employer& current,
                                                                                   Employer e) {
  return UpdateIn(tx, actor, current, std::move(e));
}

core::Result<RegistryService::Written<WorkPermit>> RegistryService::InsertPermitIn(storage::Transaction& tx,
                                                                                   const access::Principal& actor,
                                                                                   const Scope& scope, WorkPermit w) {
  LB_CHECK(CheckPermitPlace(scope, w));
  w.id = core::NewUuidV7(clock_);
  w.version = 1;
  w.extensions = 0;
  w.owner_node = node_;
  w.created_at = w.updated_at = core::FormatRfc3339(clock_.Now());
  PermitTransition first{std::nullopt, w.status,        w.issued.value_or(core::FormatDate(clock_.Now())),
                         std::nullopt, actor.user_name, std::nullopt,
                         w.created_at};
  LB_CHECK(CheckPermitParties(tx, scope, w));
  if (auto r = store::InsertPermit(tx, w); !r) {
    return core::Fail(MapConflict(r.error(), "work_permits", "permit_number", std::string(kDuplicatePermit)));
  }
  LB_CHECK(store::InsertTransition(tx, w.id, first));
  w.transitions = {std::move(first)};
  auto event = EventFor(actor, "permit.create", "permit", w.id, nullptr, w);
  return Written<WorkPermit>{std::move(w), true, std::move(event)};
}

namespace {

// The dates of a permit are corrected freely only while it is applied. Once it is in force
// (issued, extended) its end date moves only by an extension — the transition, with the law's
// limits on how many and how long — and its start date not at all: an edit that re-dated it
// would get round those limits (an extended permit moved to 2039, an issued one given a fresh
// 24-month term with no extension counted).
core::Status CheckDatesInForce(const WorkPermit& current, const WorkPermit& w) {
  if (current.status != "issued" && current.status != "extended") return {};
  Errors errors;
  if (w.valid_from != current.valid_from) {
    errors.push_back({"valid_from", "in_force",
                      "valid_from of a permit in force cannot be changed (it is " + current.valid_from +
                          "); dates are corrected only while the permit is applied."});
  }
  // The issue date too: transitions may not be dated before it, so moving it (to 2099) would
  // block every later revocation or extension (found by the attack on the running node).
  if (w.issued != current.issued) {
    errors.push_back({"issued", "in_force",
                      "issued of a permit in force cannot be changed (it is " + current.issued.value_or("empty") +
                          "); dates are corrected only while the permit is applied."});
  }
  if (w.valid_until != current.valid_until) {
    errors.push_back({"valid_until", "extension_required",
                      "valid_until of a permit in force changes only by an extension: record an extension "
                      "(POST /api/v1/permits/{id}/transitions with \"to\": \"extended\", or Change the status on "
                      "the permit's page), which the law's limits apply to."});
  }
  if (errors.empty()) return {};
  return core::Fail(Error::Validation(std::move(errors)));
}

}  // namespace

core::Result<RegistryService::Written<WorkPermit>> RegistryService::UpdatePermitIn(storage::Transaction& tx,
                                                                                   const access::Principal& actor,
                                                                                   const Scope& scope,
                                                                                   const WorkPermit& current,
                                                                                   WorkPermit w) {
  // What an edit may not change; status changes go through transitions.
  w.id = current.id;
  w.person_id = current.person_id;
  w.host_country = current.host_country;
  w.extensions = current.extensions;
  w.owner_node = current.owner_node;
  w.created_at = current.created_at;
  w.status = current.status;
  if (AuditForm(w) == AuditForm(current)) return Written<WorkPermit>{current, false, {}};
  // A row that changes the permit is a write: the permit's CURRENT place first (the importer
  // finds it by number among the permits the actor may read, which is wider).
  LB_CHECK(CheckPermitPlace(scope, current));
  const auto moved = MovedFields(RegistryRecord::kPermit, AuditForm(current), AuditForm(w));
  LB_CHECK(CheckMove(scope, RegistryRecord::kPermit, moved));
  if (current.status != "applied" && current.status != "issued" && current.status != "extended") {
    return core::Fail(Error::Conflict("A permit that is " + current.status + " can no longer be edited."));
  }
  LB_CHECK(CheckDatesInForce(current, w));
  w.status = current.status == "extended" ? "issued" : current.status;
  auto errors = ValidatePermitFields(w);
  w.status = current.status;
  if (current.extensions > 0) std::erase_if(errors, [](const FieldError& f) { return f.code == "too_long"; });
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  LB_CHECK(CheckPermitPlace(scope, w));
  if (w.employer_id != current.employer_id) LB_CHECK(CheckPermitParties(tx, scope, w));
  w.updated_at = core::FormatRfc3339(clock_.Now());
  w.version = current.version + 1;
  auto n = store::UpdatePermit(tx, w, current.version);
  if (!n) return core::Fail(MapConflict(n.error(), "work_permits", "permit_number", std::string(kDuplicatePermit)));
  if (*n != 1) return core::Fail(Stale(current.version));
  auto event = EventFor(actor, EditAction(RegistryRecord::kPermit, moved), "permit", w.id, AuditForm(current), w);
  return Written<WorkPermit>{std::move(w), true, std::move(event)};
}

}  // namespace lb::registry
