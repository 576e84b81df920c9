#include "features/cooperation/service.h"

#include <sodium.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <set>

#include "core/date.h"
#include "core/id.h"
#include "features/cooperation/json.h"
#include "features/cooperation/store.h"
#include "rest/service_support.h"
#include "text/unicode.h"

namespace lb::cooperation {
namespace {

using core::Error;
using core::ErrorCode;
using Errors = std::vector<core::FieldError>;
using storage::Transaction;

bool In(std::span<const std::string_view> set, std::string_view v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

std::string Join(std::span<const std::string_view> set) {
  std::string out;
  for (auto s : set) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

using rest::CheckText;
using rest::Clean;
using rest::CleanOpt;
using rest::CodePoints;
using rest::NotFound;
using rest::ParseLimit;
using rest::Stale;

void CheckOptText(Errors& errors, const std::string& field, std::optional<std::string>& value, size_t max_len) {
  CleanOpt(value);
  if (value) CheckText(errors, field, *value, max_len);
}

// Cleans the three languages; at least one is required.
void CheckText3(Errors& errors, const std::string& field, Text3& t, size_t max_len, bool required = true) {
  t.vi = Clean(t.vi);
  t.lo = Clean(t.lo);
  t.en = Clean(t.en);
  if (t.Empty()) {
    if (required) errors.push_back({field, "required", field + " needs a text in at least one of vi, lo, en."});
    return;
  }
  CheckText(errors, field + ".vi", t.vi, max_len);
  CheckText(errors, field + ".lo", t.lo, max_len);
  CheckText(errors, field + ".en", t.en, max_len);
}

void CheckDate(Errors& errors, const std::string& field, const std::optional<std::string>& value,
               bool required = false) {
  if (!value) {
    if (required) errors.push_back({field, "required", field + " is required (YYYY-MM-DD)."});
    return;
  }
  if (!core::ParseDate(*value))
    errors.push_back({field, "invalid_date", field + " must be a date YYYY-MM-DD that exists."});
}

void CheckPeriod(Errors& errors, const std::string& from_field, const std::optional<std::string>& from,
                 const std::string& until_field, const std::optional<std::string>& until) {
  CheckDate(errors, from_field, from);
  CheckDate(errors, until_field, until);
  if (from && until && core::ParseDate(*from) && core::ParseDate(*until) && *until < *from) {
    errors.push_back({until_field, "before_start", until_field + " must not be before " + from_field + "."});
  }
}

void CheckCountry(Errors& errors, const std::string& field, const std::string& v) {
  if (v != "VN" && v != "LA") {
    errors.push_back({field, v.empty() ? "required" : "invalid_value", field + " must be VN or LA."});
  }
}

void CheckId(Errors& errors, const std::string& field, const std::optional<std::string>& id) {
  if (id && !core::IsUuid(*id)) errors.push_back({field, "invalid_id", field + " must be a record id (UUID)."});
}

void CheckIds(Errors& errors, const std::string& field, const std::vector<std::string>& ids, size_t max = 50) {
  if (ids.size() > max)
    errors.push_back({field, "too_many", field + " holds at most " + std::to_string(max) + " ids."});
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!core::IsUuid(ids[i])) {
      errors.push_back({field + "[" + std::to_string(i) + "]", "invalid_id", field + " items must be record ids."});
    }
  }
}

void CheckFields(Errors& errors, const std::string& field, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!In(kFields, fields[i])) {
      errors.push_back({field + "[" + std::to_string(i) + "]", "invalid_value",
                        field + " items must be fields of cooperation: " + Join(kFields) + "."});
    }
  }
}

// A keyset page of `fetch`'s records (rest::Paginate with the records' ids as cursors).
template <typename T, typename Fn>
core::Result<Page<T>> Paginate(storage::Database& db, const ListRequest& page, Fn&& fetch) {
  return rest::Paginate<Page<T>>(db, page.cursor, page.limit, fetch, [](const T& t) { return t.meta.id; });
}

// The audited form: the stored document without bookkeeping.
template <typename T>
nlohmann::json AuditForm(const T& record) {
  return StoredForm(record);
}

// Existence checks of referenced records, inside the write transaction.
template <typename Getter>
core::Status MustExist(Transaction& tx, Errors& errors, const std::string& field, const std::optional<std::string>& id,
                       Getter&& get, std::string_view what) {
  if (!id || !core::IsUuid(*id)) return {};
  LB_TRY(found, get(tx, *id));
  if (!found) errors.push_back({field, "not_found", field + " names no " + std::string(what) + "."});
  return {};
}

core::Status OrgsExist(Transaction& tx, Errors& errors, const std::string& field, const std::vector<std::string>& ids,
                       const std::optional<std::string>& country = std::nullopt) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!core::IsUuid(ids[i])) continue;
    LB_TRY(o, store::Records<Organisation>::Get(tx, ids[i]));
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (!o) {
      errors.push_back({f, "not_found", f + " names no organisation."});
    } else if (country && o->country != *country) {
      errors.push_back({f, "wrong_country", f + " must be an organisation of " + *country + "."});
    }
  }
  return {};
}

core::Status Invalid(Errors errors) {
  if (errors.empty()) return {};
  return core::Fail(Error::Validation(std::move(errors)));
}

}  // namespace

// --- helpers exposed -----------------------------------------------------------------------

std::string FoldForSearch(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString decomposed = nfd->normalize(in, status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0110 || c == 0x0111) c = 'd';
    out.append(u_tolower(c));
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

bool LooksLikePdf(std::string_view bytes) {
  const auto head = bytes.substr(0, 1024);
  if (head.find("%PDF-") == std::string_view::npos) return false;
  const auto tail = bytes.size() > 2048 ? bytes.substr(bytes.size() - 2048) : bytes;
  return tail.find("%%EOF") != std::string_view::npos;
}

bool CoopRoleAllows(access::Role role, std::string_view kind, CoopAction action) {
  using access::Role;
  if (action == CoopAction::kRead) return role != Role::kPartnerNode || kind != "attachment";
  switch (role) {
    case Role::kAdmin:
    case Role::kCooperationOfficer:
      return true;
    case Role::kTrainingOfficer:  // training courses, equipment handovers and progress on them
      return kind == "activity";
    default:
      return false;
  }
}

core::Status CooperationService::Authorize(const access::Principal& actor, std::string_view kind,
                                           CoopAction action) const {
  if (CoopRoleAllows(actor.role, kind, action)) return {};
  return core::Fail(Error{ErrorCode::kForbidden,
                          std::string("Your role (") + std::string(access::RoleName(actor.role)) + ") may not " +
                              (action == CoopAction::kRead ? "read " : "change ") + "cooperation " + std::string(kind) +
                              " records.",
                          {},
                          {}});
}

core::Status CooperationService::Audit(Transaction& tx, const access::Principal& actor, std::string action,
                                       std::string entity_type, const std::string& id, const nlohmann::json& before,
                                       const nlohmann::json& after) {
  if (!audit_) return {};
  return audit_->Append(tx,
                        {actor.user_name, std::move(action), std::move(entity_type), id, audit::Diff(before, after)});
}

// --- one write path for every kind ----------------------------------------------------------

// What is per kind besides its validation (Validate) and its field table (kinds.cpp): its name
// (for roles, errors and audit entries), the references and natural keys checked in the write
// transaction (Refs), what a read fills in (Fill) and how a unique constraint's conflict is
// answered (Conflict). Specialised below each kind's section.
template <typename T>
struct KindOps;

namespace {

template <typename T>
std::string EntityOf() {
  return "coop_" + std::string(KindOps<T>::kKind);
}

template <typename T>
core::Error ConflictOf(core::Error e) {
  if constexpr (requires { KindOps<T>::Conflict(e); }) {
    if (e.code == ErrorCode::kConflict) return KindOps<T>::Conflict(std::move(e));
  }
  return e;
}

}  // namespace

template <typename T>
core::Result<T> CooperationService::CreateIn(Transaction& tx, const access::Principal& actor, T record) {
  LB_CHECK(Authorize(actor, KindOps<T>::kKind, CoopAction::kWrite));
  LB_CHECK(Invalid(Validate(record)));
  record.meta.id = core::NewUuidV7(clock_);
  record.meta.version = 1;
  record.meta.created_at = record.meta.updated_at = core::FormatRfc3339(clock_.Now());
  Errors errors;
  LB_CHECK(KindOps<T>::Refs(tx, record, errors));
  LB_CHECK(Invalid(std::move(errors)));
  if (auto r = store::Records<T>::Insert(tx, record); !r) return core::Fail(ConflictOf<T>(r.error()));
  LB_CHECK(Audit(tx, actor, EntityOf<T>() + ".create", EntityOf<T>(), record.meta.id, nullptr, AuditForm(record)));
  return record;
}

template <typename T>
core::Result<T> CooperationService::UpdateIn(Transaction& tx, const access::Principal& actor, const std::string& id,
                                             int64_t expected_version, T record) {
  constexpr std::string_view kind = KindOps<T>::kKind;
  LB_CHECK(Authorize(actor, kind, CoopAction::kWrite));
  if (!core::IsUuid(id)) return core::Fail(NotFound(kind));
  record.meta.id = id;  // so self-references and cycles are seen by Validate and Refs
  LB_CHECK(Invalid(Validate(record)));
  LB_TRY(found, store::Records<T>::Get(tx, id));
  if (!found) return core::Fail(NotFound(kind));
  const T& current = *found;
  if (expected_version != kAnyVersion && current.meta.version != expected_version) {
    return core::Fail(Stale(current.meta.version));
  }
  record.meta = current.meta;
  record.meta.updated_at = core::FormatRfc3339(clock_.Now());
  record.meta.version = current.meta.version + 1;
  Errors errors;
  LB_CHECK(KindOps<T>::Refs(tx, record, errors));
  LB_CHECK(Invalid(std::move(errors)));
  auto n = store::Records<T>::Update(tx, record, current.meta.version);
  if (!n) return core::Fail(ConflictOf<T>(n.error()));
  if (*n != 1) return core::Fail(Stale(current.meta.version));
  LB_CHECK(Audit(tx, actor, EntityOf<T>() + ".update", EntityOf<T>(), id, AuditForm(current), AuditForm(record)));
  return record;
}

// The wrappers check the role and the fields before they open the write transaction (so a
// refused write never waits for the writer); CreateIn and UpdateIn check them again for
// callers that bring their own transaction (validation is idempotent).
template <typename T>
core::Result<T> CooperationService::Create(const access::Principal& actor, T record, const AfterWrite<T>& after) {
  LB_CHECK(Authorize(actor, KindOps<T>::kKind, CoopAction::kWrite));
  LB_CHECK(Invalid(Validate(record)));
  return storage::InTransaction(db_, true, [&](Transaction& tx) -> core::Result<T> {
    LB_TRY(created, CreateIn(tx, actor, std::move(record)));
    if (after) LB_CHECK(after(tx, created));
    return created;
  });
}

template <typename T>
core::Result<T> CooperationService::Update(const access::Principal& actor, const std::string& id,
                                           int64_t expected_version, T record) {
  LB_CHECK(Authorize(actor, KindOps<T>::kKind, CoopAction::kWrite));
  if (!core::IsUuid(id)) return core::Fail(NotFound(KindOps<T>::kKind));
  record.meta.id = id;
  LB_CHECK(Invalid(Validate(record)));
  return storage::InTransaction(
      db_, true, [&](Transaction& tx) { return UpdateIn(tx, actor, id, expected_version, std::move(record)); });
}

template <typename T, typename Filter>
core::Result<Page<T>> CooperationService::List(const access::Principal& actor, const ListRequest& page,
                                               Filter&& filter) {
  LB_CHECK(Authorize(actor, KindOps<T>::kKind, CoopAction::kRead));
  return Paginate<T>(db_, page, [&](Transaction& tx, const std::optional<std::string>& after, int n) {
    auto q = store::Records<T>::Query();
    filter(q);
    return store::Records<T>::List(tx, q, after, n);
  });
}

template <typename T>
core::Result<T> CooperationService::Get(const access::Principal& actor, const std::string& id) {
  constexpr std::string_view kind = KindOps<T>::kKind;
  LB_CHECK(Authorize(actor, kind, CoopAction::kRead));
  if (!core::IsUuid(id)) return core::Fail(NotFound(kind));
  auto r = storage::InTransaction(db_, false, [&](Transaction& tx) -> core::Result<std::optional<T>> {
    LB_TRY(found, store::Records<T>::Get(tx, id));
    if constexpr (requires(T & x) { KindOps<T>::Fill(tx, x); }) {
      if (found) LB_CHECK(KindOps<T>::Fill(tx, *found));
    }
    return found;
  });
  if (!r) return core::Fail(r.error());
  if (!*r) return core::Fail(NotFound(kind));
  return std::move(**r);
}

// --- validation ----------------------------------------------------------------------------

Errors CooperationService::Validate(Organisation& o) const {
  Errors errors;
  o.code = Clean(o.code);
  if (o.code.empty()) {
    errors.push_back({"code", "required", "code is required, e.g. VN-MOLISA."});
  } else if (o.code.size() > 40 || !std::all_of(o.code.begin(), o.code.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
             })) {
    errors.push_back({"code", "invalid_format", "code must be 1-40 capital letters, digits, - or _."});
  }
  CheckCountry(errors, "country", o.country);
  if (!In(kOrgKinds, o.kind)) {
    errors.push_back(
        {"kind", o.kind.empty() ? "required" : "invalid_value", "kind must be one of " + Join(kOrgKinds) + "."});
  }
  CheckText3(errors, "name", o.name, 300);
  CheckOptText(errors, "abbreviation", o.abbreviation, 40);
  CheckId(errors, "parent_id", o.parent_id);
  CleanOpt(o.province);
  if (o.province) {
    const registry::Subdivision* s = ref_.FindSubdivision(*o.province);
    if (!s) {
      errors.push_back({"province", "unknown_province", "province must be an ISO 3166-2 code."});
    } else if (s->country != o.country) {
      errors.push_back({"province", "province_not_in_country", "province must be in the organisation's country."});
    }
  }
  CheckPeriod(errors, "valid_from", o.valid_from, "valid_until", o.valid_until);
  return errors;
}

Errors CooperationService::Validate(Agreement& a) const {
  Errors errors;
  if (!In(kAgreementKinds, a.kind)) {
    errors.push_back(
        {"kind", a.kind.empty() ? "required" : "invalid_value", "kind must be one of " + Join(kAgreementKinds) + "."});
  }
  CheckText3(errors, "title", a.title, 500);
  CheckIds(errors, "party_ids", a.party_ids);
  CheckDate(errors, "signed_on", a.signed_on);
  CheckOptText(errors, "signed_place", a.signed_place, 200);
  if (a.signatories.size() > 20) errors.push_back({"signatories", "too_many", "at most 20 signatories."});
  for (size_t i = 0; i < a.signatories.size(); ++i) {
    auto& s = a.signatories[i];
    const std::string f = "signatories[" + std::to_string(i) + "]";
    s.name = Clean(s.name);
    if (s.name.empty()) errors.push_back({f + ".name", "required", f + ".name is required."});
    CheckText(errors, f + ".name", s.name, 200);
    CheckOptText(errors, f + ".title", s.title, 200);
    CheckId(errors, f + ".organisation_id", s.organisation_id);
  }
  CheckPeriod(errors, "in_force_from", a.in_force_from, "in_force_until", a.in_force_until);
  CheckId(errors, "amends_id", a.amends_id);
  CheckId(errors, "replaces_id", a.replaces_id);
  CheckId(errors, "conference_id", a.conference_id);
  if (!a.meta.id.empty()) {
    if (a.amends_id == a.meta.id) errors.push_back({"amends_id", "amends_itself", "An agreement cannot amend itself."});
    if (a.replaces_id == a.meta.id) {
      errors.push_back({"replaces_id", "replaces_itself", "An agreement cannot replace itself."});
    }
  }
  CheckFields(errors, "fields", a.fields);
  CheckOptText(errors, "note", a.note, 2000);
  return errors;
}

Errors CooperationService::Validate(Conference& c) const {
  Errors errors;
  if (!In(kConferenceKinds, c.kind)) {
    errors.push_back(
        {"kind", c.kind.empty() ? "required" : "invalid_value", "kind must be one of " + Join(kConferenceKinds) + "."});
  }
  if (c.number && (*c.number < 1 || *c.number > 1000)) {
    errors.push_back({"number", "out_of_range", "number must be 1..1000."});
  }
  if (!c.number && c.kind == "ministerial") {
    errors.push_back({"number", "required", "a ministerial conference has a number (the 9th is 9)."});
  }
  CheckDate(errors, "held_on", c.held_on.empty() ? std::nullopt : std::optional(c.held_on), true);
  if (c.status != "planned" && c.status != "held") {
    errors.push_back({"status", "invalid_value", "status must be planned or held."});
  }
  CheckText3(errors, "place", c.place, 200, false);
  CheckCountry(errors, "host_country", c.host_country);
  for (size_t i = 0; i < c.delegations.size(); ++i) {
    auto& d = c.delegations[i];
    const std::string f = "delegations[" + std::to_string(i) + "]";
    CheckCountry(errors, f + ".country", d.country);
    d.head = Clean(d.head);
    if (d.head.empty()) errors.push_back({f + ".head", "required", f + ".head is required."});
    CheckText(errors, f + ".head", d.head, 200);
    CheckOptText(errors, f + ".title", d.title, 200);
    CheckId(errors, f + ".organisation_id", d.organisation_id);
  }
  if (c.agenda.size() > 100) errors.push_back({"agenda", "too_many", "at most 100 agenda items."});
  for (size_t i = 0; i < c.agenda.size(); ++i)
    CheckText3(errors, "agenda[" + std::to_string(i) + "]", c.agenda[i], 1000);
  CheckPeriod(errors, "reviews_from", c.reviews_from, "reviews_until", c.reviews_until);
  CheckPeriod(errors, "orients_from", c.orients_from, "orients_until", c.orients_until);
  CheckOptText(errors, "note", c.note, 2000);
  return errors;
}

Errors CooperationService::Validate(Commitment& c) const {
  Errors errors;
  CheckText3(errors, "text", c.text, 4000);
  if (!In(kFields, c.field)) {
    errors.push_back({"field", c.field.empty() ? "required" : "invalid_value",
                      "field must be a field of cooperation: " + Join(kFields) + "."});
  }
  CheckId(errors, "conference_id", c.conference_id);
  CheckId(errors, "agreement_id", c.agreement_id);
  CheckIds(errors, "vn_org_ids", c.vn_org_ids);
  CheckIds(errors, "la_org_ids", c.la_org_ids);
  CheckDate(errors, "due_on", c.due_on);
  CheckPeriod(errors, "due_from", c.due_from, "due_until", c.due_until);
  if (c.due_on && (c.due_from || c.due_until)) {
    errors.push_back({"due_on", "conflicting", "give either due_on or the period due_from/due_until, not both."});
  }
  if (!In(kCommitmentStatuses, c.status)) {
    errors.push_back({"status", "invalid_value", "status must be one of " + Join(kCommitmentStatuses) + "."});
  }
  CheckId(errors, "carried_to_conference_id", c.carried_to_conference_id);
  if (c.status == "carried_over" && !c.carried_to_conference_id) {
    errors.push_back(
        {"carried_to_conference_id", "required", "a carried-over commitment names the conference that carried it."});
  }
  if (c.status != "carried_over" && c.carried_to_conference_id) {
    errors.push_back({"carried_to_conference_id", "not_carried_over",
                      "carried_to_conference_id is only for carried-over commitments."});
  }
  return errors;
}

Errors CooperationService::Validate(Activity& a) const {
  Errors errors;
  if (!In(kActivityKinds, a.kind)) {
    errors.push_back(
        {"kind", a.kind.empty() ? "required" : "invalid_value", "kind must be one of " + Join(kActivityKinds) + "."});
  }
  CheckText3(errors, "title", a.title, 500);
  if (!In(kFields, a.field)) {
    errors.push_back({"field", a.field.empty() ? "required" : "invalid_value",
                      "field must be a field of cooperation: " + Join(kFields) + "."});
  }
  CheckDate(errors, "start_on", a.start_on.empty() ? std::nullopt : std::optional(a.start_on), true);
  CheckDate(errors, "end_on", a.end_on.empty() ? std::nullopt : std::optional(a.end_on), true);
  if (core::ParseDate(a.start_on) && core::ParseDate(a.end_on) && a.end_on < a.start_on) {
    errors.push_back({"end_on", "before_start", "end_on must not be before start_on."});
  }
  CheckOptText(errors, "place", a.place, 200);
  if (a.host_country) CheckCountry(errors, "host_country", *a.host_country);
  if (a.kind == "delegation_exchange" && !a.host_country) {
    errors.push_back({"host_country", "required", "a delegation exchange has a host country (for the rotation)."});
  }
  CheckIds(errors, "org_ids", a.org_ids);
  for (auto [f, v] :
       {std::pair{"participants_vn", a.participants_vn}, std::pair{"participants_la", a.participants_la}}) {
    if (v < 0 || v > 100000) errors.push_back({f, "out_of_range", std::string(f) + " must be 0..100000."});
  }
  if (a.cost && *a.cost < 0) errors.push_back({"cost", "out_of_range", "cost must not be negative."});
  CleanOpt(a.currency);
  if (a.currency && !(a.currency->size() == 3 && std::all_of(a.currency->begin(), a.currency->end(),
                                                             [](char c) { return c >= 'A' && c <= 'Z'; }))) {
    errors.push_back({"currency", "invalid_value", "currency must be an ISO 4217 code, e.g. VND, LAK, USD."});
  }
  if (a.cost && !a.currency) errors.push_back({"currency", "required", "a cost needs its currency."});
  CheckOptText(errors, "funding_source", a.funding_source, 200);
  CheckIds(errors, "commitment_ids", a.commitment_ids, 100);
  return errors;
}

Errors CooperationService::Validate(Twinning& t) const {
  Errors errors;
  auto province = [&](const std::string& field, const std::string& code, std::string_view country) {
    if (code.empty()) return errors.push_back({field, "required", field + " is required."});
    const registry::Subdivision* s = ref_.FindSubdivision(code);
    if (!s || s->country != country) {
      errors.push_back(
          {field, "unknown_province", field + " must be an ISO 3166-2 code of " + std::string(country) + "."});
    }
  };
  province("vn_province", t.vn_province, "VN");
  province("la_province", t.la_province, "LA");
  CheckDate(errors, "since", t.since);
  CheckId(errors, "agreement_id", t.agreement_id);
  CheckOptText(errors, "note", t.note, 2000);
  return errors;
}

// --- organisations -------------------------------------------------------------------------

namespace {

// Fills predecessors and successor from the succession table.
void FillSuccession(Organisation& o, const std::vector<Succession>& all) {
  o.predecessor_ids.clear();
  for (const auto& s : all) {
    if (s.successor_id == o.meta.id) o.predecessor_ids.push_back(s.predecessor_id);
    if (s.predecessor_id == o.meta.id) {
      o.successor_id = s.successor_id;
      o.succeeded_on = s.effective_on;
    }
  }
}

core::Status OrgRefs(Transaction& tx, const Organisation& o, Errors& errors) {
  if (o.parent_id && core::IsUuid(*o.parent_id)) {
    if (*o.parent_id == o.meta.id) {
      errors.push_back({"parent_id", "cycle", "an organisation cannot be its own parent."});
      return {};
    }
    std::string cur = *o.parent_id;
    for (int depth = 0; depth < 50; ++depth) {
      LB_TRY(p, store::Records<Organisation>::Get(tx, cur));
      if (!p) {
        if (depth == 0) errors.push_back({"parent_id", "not_found", "parent_id names no organisation."});
        break;
      }
      if (!p->parent_id) break;
      if (*p->parent_id == o.meta.id) {
        errors.push_back({"parent_id", "cycle", "parent_id would make the hierarchy a cycle."});
        break;
      }
      cur = *p->parent_id;
    }
  }
  LB_TRY(same_code, store::GetOrganisationByCode(tx, o.code));
  if (same_code && same_code->meta.id != o.meta.id) {
    errors.push_back({"code", "duplicate", "another organisation has the code " + o.code + "."});
  }
  return {};
}

}  // namespace

template <>
struct KindOps<Organisation> {
  static constexpr std::string_view kKind = "organisation";
  static constexpr auto Refs = OrgRefs;
  static core::Status Fill(Transaction& tx, Organisation& o) {
    LB_TRY(all, store::ListSuccessions(tx));
    FillSuccession(o, all);
    return {};
  }
};

core::Result<Page<Organisation>> CooperationService::ListOrganisations(const access::Principal& actor,
                                                                       const std::optional<std::string>& query,
                                                                       const ListRequest& page) {
  LB_CHECK(Authorize(actor, "organisation", CoopAction::kRead));
  std::optional<std::string> folded;
  if (query) {
    if (text::HasControlChars(*query) || query->size() > 200) {
      return core::Fail(
          Error::Field("q", "invalid_value", "q must be at most 200 characters without control characters."));
    }
    folded = FoldForSearch(text::CollapseSpaces(*query));
    // LIKE wildcards in the query are literal text to the user.
    std::erase_if(*folded, [](char c) { return c == '%' || c == '_'; });
  }
  if (!folded) {
    return Paginate<Organisation>(db_, page,
                                  [&](Transaction& tx, const std::optional<std::string>& after,
                                      int n) -> core::Result<std::vector<Organisation>> {
                                    LB_TRY(items, store::ListOrganisations(tx, std::nullopt, after, n));
                                    LB_TRY(all, store::ListSuccessions(tx));
                                    for (auto& o : items) FillSuccession(o, all);
                                    return items;
                                  });
  }
  // A search answers the matches and (transitively) the organisations that succeeded them,
  // ordered by id and paged like every list: the cursor is the last id shown.
  LB_TRY(limit, ParseLimit(page.limit));
  std::optional<std::string> after;
  if (page.cursor) {
    after = rest::DecodeCursor(*page.cursor);
    if (!after) return core::Fail(Error::Field("cursor", "invalid_cursor", "cursor is not one this server issued."));
  }
  return storage::InTransaction(db_, false, [&](Transaction& tx) -> core::Result<Page<Organisation>> {
    // Organisations number in the hundreds; the cap only guards against a runaway table.
    constexpr int kMaxMatches = 10000;
    LB_TRY(matches, store::ListOrganisations(tx, folded, std::nullopt, kMaxMatches));
    LB_TRY(all, store::ListSuccessions(tx));
    std::set<std::string> ids;
    for (const auto& o : matches) ids.insert(o.meta.id);
    for (size_t i = 0; i < matches.size(); ++i) {
      for (const auto& s : all) {
        if (s.predecessor_id == matches[i].meta.id && !ids.contains(s.successor_id)) {
          LB_TRY(succ, store::Records<Organisation>::Get(tx, s.successor_id));
          if (succ) {
            ids.insert(succ->meta.id);
            matches.push_back(std::move(*succ));
          }
        }
      }
    }
    std::sort(matches.begin(), matches.end(),
              [](const Organisation& a, const Organisation& b) { return a.meta.id < b.meta.id; });
    if (after) {
      std::erase_if(matches, [&](const Organisation& o) { return o.meta.id <= *after; });
    }
    Page<Organisation> out;
    if (matches.size() > static_cast<size_t>(limit)) {
      matches.resize(limit);
      out.next_cursor = rest::EncodeCursor(matches.back().meta.id);
    }
    for (auto& o : matches) FillSuccession(o, all);
    out.items = std::move(matches);
    return out;
  });
}

core::Result<Organisation> CooperationService::AddSuccession(const access::Principal& actor,
                                                             const std::string& predecessor_id,
                                                             const std::string& successor_id,
                                                             const std::string& effective_on) {
  LB_CHECK(Authorize(actor, "organisation", CoopAction::kWrite));
  if (!core::IsUuid(predecessor_id)) return core::Fail(NotFound("organisation"));
  Errors errors;
  if (!core::IsUuid(successor_id)) {
    errors.push_back(
        {"successor_id", successor_id.empty() ? "required" : "invalid_id", "successor_id must be an organisation id."});
  }
  const auto date = core::ParseDate(effective_on);
  if (!date)
    errors.push_back({"effective_on", effective_on.empty() ? "required" : "invalid_date",
                      "effective_on must be a date YYYY-MM-DD."});
  if (successor_id == predecessor_id) {
    errors.push_back({"successor_id", "self", "an organisation cannot succeed itself."});
  }
  LB_CHECK(Invalid(std::move(errors)));
  return storage::InTransaction(db_, true, [&](Transaction& tx) -> core::Result<Organisation> {
    LB_TRY(pred, store::Records<Organisation>::Get(tx, predecessor_id));
    if (!pred) return core::Fail(NotFound("organisation"));
    LB_TRY(succ, store::Records<Organisation>::Get(tx, successor_id));
    Errors errs;
    if (!succ) errs.push_back({"successor_id", "not_found", "successor_id names no organisation."});
    LB_TRY(all, store::ListSuccessions(tx));
    for (const auto& s : all) {
      if (s.predecessor_id == predecessor_id && s.effective_on == effective_on) {
        errs.push_back({"effective_on", "already_succeeded",
                        "this organisation already has a successor from " + effective_on + "."});
      }
    }
    // The successor must not (transitively) be succeeded by the predecessor.
    std::set<std::string> seen;
    std::vector<std::string> stack = {successor_id};
    while (!stack.empty()) {
      const std::string cur = stack.back();
      stack.pop_back();
      if (!seen.insert(cur).second) continue;
      for (const auto& s : all) {
        if (s.predecessor_id == cur) {
          if (s.successor_id == predecessor_id) {
            errs.push_back({"successor_id", "cycle", "the succession would form a cycle."});
          }
          stack.push_back(s.successor_id);
        }
      }
    }
    LB_CHECK(Invalid(std::move(errs)));
    LB_CHECK(
        store::InsertSuccession(tx, {predecessor_id, successor_id, effective_on}, core::FormatRfc3339(clock_.Now())));
    Organisation before = *pred;
    if (!pred->valid_until) {
      pred->valid_until = core::FormatDate(*date - std::chrono::days(1));
      pred->meta.updated_at = core::FormatRfc3339(clock_.Now());
      LB_TRY(n, store::Records<Organisation>::Update(tx, *pred, pred->meta.version));
      if (n != 1) return core::Fail(Stale(pred->meta.version));
      pred->meta.version += 1;
    }
    nlohmann::json after_form = AuditForm(*pred);
    after_form["successor_id"] = successor_id;
    after_form["succeeded_on"] = effective_on;
    LB_CHECK(Audit(tx, actor, "coop_organisation.succeed", "coop_organisation", predecessor_id, AuditForm(before),
                   after_form));
    all.push_back({predecessor_id, successor_id, effective_on});
    FillSuccession(*pred, all);
    return *pred;
  });
}

core::Result<std::vector<std::string>> CooperationService::WithPredecessors(const std::string& id) {
  return storage::InTransaction(db_, false, [&](Transaction& tx) -> core::Result<std::vector<std::string>> {
    LB_TRY(all, store::ListSuccessions(tx));
    std::vector<std::string> out = {id};
    for (size_t i = 0; i < out.size() && out.size() < 1000; ++i) {
      for (const auto& s : all) {
        if (s.successor_id == out[i] && std::find(out.begin(), out.end(), s.predecessor_id) == out.end()) {
          out.push_back(s.predecessor_id);
        }
      }
    }
    return out;
  });
}

// --- agreements ----------------------------------------------------------------------------

namespace {

core::Status AgreementRefs(Transaction& tx, const Agreement& a, Errors& errors) {
  LB_CHECK(OrgsExist(tx, errors, "party_ids", a.party_ids));
  for (size_t i = 0; i < a.signatories.size(); ++i) {
    LB_CHECK(MustExist(tx, errors, "signatories[" + std::to_string(i) + "].organisation_id",
                       a.signatories[i].organisation_id, store::Records<Organisation>::Get, "organisation"));
  }
  LB_CHECK(MustExist(tx, errors, "amends_id", a.amends_id, store::Records<Agreement>::Get, "agreement"));
  LB_CHECK(MustExist(tx, errors, "replaces_id", a.replaces_id, store::Records<Agreement>::Get, "agreement"));
  LB_CHECK(MustExist(tx, errors, "conference_id", a.conference_id, store::Records<Conference>::Get, "conference"));
  // Following amends/replaces from this agreement must never come back to it.
  if (!a.meta.id.empty() && (a.amends_id || a.replaces_id)) {
    LB_TRY(links, store::AgreementLinks(tx));
    links.erase(a.meta.id);
    std::vector<std::string> start;
    if (a.amends_id) start.push_back(*a.amends_id);
    if (a.replaces_id) start.push_back(*a.replaces_id);
    links[a.meta.id] = start;
    std::set<std::string> seen;
    std::vector<std::string> stack = start;
    while (!stack.empty()) {
      const std::string cur = stack.back();
      stack.pop_back();
      if (cur == a.meta.id) {
        errors.push_back({a.amends_id ? "amends_id" : "replaces_id", "cycle",
                          "the agreements would amend or replace each other in a cycle."});
        break;
      }
      if (!seen.insert(cur).second) continue;
      if (auto it = links.find(cur); it != links.end()) stack.insert(stack.end(), it->second.begin(), it->second.end());
    }
  }
  return {};
}

}  // namespace

template <>
struct KindOps<Agreement> {
  static constexpr std::string_view kKind = "agreement";
  static constexpr auto Refs = AgreementRefs;
  static core::Status Fill(Transaction& tx, Agreement& a) {
    LB_TRY(att, store::ListAttachments(tx, a.meta.id));
    a.attachments = std::move(att);
    return {};
  }
};

core::Result<Page<Agreement>> CooperationService::ListAgreements(const access::Principal& actor,
                                                                 const std::optional<std::string>& conference_id,
                                                                 const ListRequest& page) {
  LB_CHECK(Authorize(actor, "agreement", CoopAction::kRead));
  if (conference_id && !core::IsUuid(*conference_id)) {
    return core::Fail(Error::Field("conference", "invalid_id", "conference must be a conference id."));
  }
  return List<Agreement>(actor, page, [&](kinds::ListQuery& q) { q.Where("conference_id = ?", conference_id); });
}

core::Result<Attachment> CooperationService::AddAttachment(const access::Principal& actor,
                                                           const std::string& agreement_id, const Upload& upload) {
  LB_CHECK(Authorize(actor, "agreement", CoopAction::kWrite));
  if (!core::IsUuid(agreement_id)) return core::Fail(NotFound("agreement"));
  Errors errors;
  std::string name = Clean(upload.file_name);
  if (name.empty()) {
    errors.push_back({"file_name", "required", "file_name is required."});
  } else if (name.find_first_of("/\\") != std::string::npos || text::HasControlChars(name) || CodePoints(name) > 200) {
    errors.push_back({"file_name", "invalid_value", "file_name must be a plain name of at most 200 characters."});
  }
  // The declared size decides before a byte is read: a 200 MB upload is refused unread.
  if (upload.declared_size > kMaxAttachmentBytes) {
    errors.push_back({"file", "too_large",
                      "a signed file may be at most " + std::to_string(kMaxAttachmentBytes / (1024 * 1024)) + " MB."});
  } else if (upload.declared_size <= 0) {
    errors.push_back({"file", "empty", "the file is empty."});
  }
  LB_CHECK(Invalid(std::move(errors)));
  std::string bytes;
  if (upload.content) {
    bytes.resize(static_cast<size_t>(upload.declared_size) + 1);
    upload.content->read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<size_t>(upload.content->gcount()));
  }
  if (static_cast<int64_t>(bytes.size()) != upload.declared_size) {
    return core::Fail(Error::Field("file", "size_mismatch", "the file's length differs from its declared size."));
  }
  if (!LooksLikePdf(bytes)) {
    return core::Fail(Error::Field("file", "not_pdf", "the file is not a PDF (no %PDF- header or %%EOF trailer)."));
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  std::string b64(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  Attachment att{core::NewUuidV7(clock_),
                 agreement_id,
                 name,
                 "application/pdf",
                 static_cast<int64_t>(bytes.size()),
                 hex,
                 core::FormatRfc3339(clock_.Now()),
                 actor.user_name};
  return storage::InTransaction(db_, true, [&](Transaction& tx) -> core::Result<Attachment> {
    LB_TRY(a, store::Records<Agreement>::Get(tx, agreement_id));
    if (!a) return core::Fail(NotFound("agreement"));
    LB_CHECK(store::InsertAttachment(tx, att, b64));
    LB_CHECK(Audit(tx, actor, "coop_agreement.attach", "coop_agreement", agreement_id, nullptr,
                   {{"attachment", ToJson(att)}}));
    return att;
  });
}

core::Result<std::pair<Attachment, std::string>> CooperationService::GetAttachmentContent(
    const access::Principal& actor, const std::string& attachment_id) {
  LB_CHECK(Authorize(actor, "attachment", CoopAction::kRead));
  if (!core::IsUuid(attachment_id)) return core::Fail(NotFound("attachment"));
  using Out = std::optional<std::pair<Attachment, std::string>>;
  auto r = storage::InTransaction(db_, false, [&](Transaction& tx) -> core::Result<Out> {
    LB_TRY(att, store::GetAttachment(tx, attachment_id));
    if (!att) return Out();
    LB_TRY(b64, store::GetBlob(tx, att->sha256));
    if (!b64) return Out();
    std::string bin(b64->size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64->data(), b64->size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
      return core::Fail(Error::Internal("stored attachment is not base64"));
    }
    bin.resize(len);
    return Out(std::pair{std::move(*att), std::move(bin)});
  });
  if (!r) return core::Fail(r.error());
  if (!*r) return core::Fail(NotFound("attachment"));
  return std::move(**r);
}

// --- conferences ---------------------------------------------------------------------------

namespace {

core::Status ConferenceRefs(Transaction& tx, const Conference& c, Errors& errors) {
  for (size_t i = 0; i < c.delegations.size(); ++i) {
    LB_CHECK(MustExist(tx, errors, "delegations[" + std::to_string(i) + "].organisation_id",
                       c.delegations[i].organisation_id, store::Records<Organisation>::Get, "organisation"));
  }
  if (c.number) {
    LB_TRY(same, store::FindConference(tx, c.kind, *c.number));
    if (same && same->meta.id != c.meta.id) {
      errors.push_back({"number", "duplicate",
                        "a " + c.kind + " conference number " + std::to_string(*c.number) + " already exists."});
    }
  }
  return {};
}

}  // namespace

template <>
struct KindOps<Conference> {
  static constexpr std::string_view kKind = "conference";
  static constexpr auto Refs = ConferenceRefs;
  // Two concurrent writes of one number: the unique constraint decides, answered like the check.
  static core::Error Conflict(core::Error e) {
    if (e.internal.find("number") == std::string::npos) return e;
    return Error::Field("number", "duplicate", "a conference of this kind and number already exists.");
  }
};

// --- commitments ---------------------------------------------------------------------------

namespace {

core::Status CommitmentRefs(Transaction& tx, const Commitment& c, Errors& errors) {
  if (c.conference_id && core::IsUuid(*c.conference_id)) {
    LB_TRY(conf, store::Records<Conference>::Get(tx, *c.conference_id));
    if (!conf) {
      errors.push_back({"conference_id", "not_found", "conference_id names no conference."});
    } else {
      // An undertaking cannot fall due before the meeting that made it.
      const std::optional<std::string> first_due = c.due_on ? c.due_on : c.due_from;
      if (first_due && core::ParseDate(*first_due) && *first_due < conf->held_on) {
        errors.push_back({c.due_on ? "due_on" : "due_from", "before_conference",
                          "the commitment falls due before its conference (" + conf->held_on + ")."});
      }
    }
  }
  LB_CHECK(MustExist(tx, errors, "agreement_id", c.agreement_id, store::Records<Agreement>::Get, "agreement"));
  LB_CHECK(MustExist(tx, errors, "carried_to_conference_id", c.carried_to_conference_id,
                     store::Records<Conference>::Get, "conference"));
  LB_CHECK(OrgsExist(tx, errors, "vn_org_ids", c.vn_org_ids, std::string("VN")));
  LB_CHECK(OrgsExist(tx, errors, "la_org_ids", c.la_org_ids, std::string("LA")));
  return {};
}

}  // namespace

template <>
struct KindOps<Commitment> {
  static constexpr std::string_view kKind = "commitment";
  static constexpr auto Refs = CommitmentRefs;
};

core::Result<Page<Commitment>> CooperationService::ListCommitments(const access::Principal& actor,
                                                                   const CommitmentFilter& f, const ListRequest& page) {
  LB_CHECK(Authorize(actor, "commitment", CoopAction::kRead));
  Errors errors;
  if (f.field && !In(kFields, *f.field))
    errors.push_back({"field", "invalid_value", "field must be a field of cooperation."});
  if (f.status && !In(kCommitmentStatuses, *f.status)) {
    errors.push_back({"status", "invalid_value", "status must be one of " + Join(kCommitmentStatuses) + "."});
  }
  CheckId(errors, "conference", f.conference_id);
  CheckId(errors, "org", f.org_id);
  CheckDate(errors, "due_before", f.due_before);
  LB_CHECK(Invalid(std::move(errors)));
  std::vector<std::string> orgs;
  if (f.org_id) {
    LB_TRY(ids, WithPredecessors(*f.org_id));
    orgs = std::move(ids);
  }
  return List<Commitment>(actor, page, [&](kinds::ListQuery& q) { store::Where(q, f, orgs); });
}

core::Result<std::map<std::string, std::vector<ProgressUpdate>>> CooperationService::ProgressByCommitment(
    const access::Principal& actor) {
  LB_CHECK(Authorize(actor, "commitment", CoopAction::kRead));
  return storage::InTransaction(db_, false, [](Transaction& tx) { return store::AllProgress(tx); });
}

core::Result<Commitment> CooperationService::AddProgress(const access::Principal& actor, const std::string& id,
                                                         std::optional<int64_t> expected_version, ProgressUpdate p,
                                                         std::optional<std::string> carried_to) {
  LB_CHECK(Authorize(actor, "commitment", CoopAction::kWrite));
  if (!core::IsUuid(id)) return core::Fail(NotFound("commitment"));
  Errors errors;
  CheckDate(errors, "date", p.on_date.empty() ? std::nullopt : std::optional(p.on_date), true);
  if (core::ParseDate(p.on_date) && p.on_date > core::FormatDate(clock_.Now())) {
    errors.push_back({"date", "in_future", "a progress update is dated today or earlier."});
  }
  if (!In(kCommitmentStatuses, p.status)) {
    errors.push_back({"status", p.status.empty() ? "required" : "invalid_value",
                      "status must be one of " + Join(kCommitmentStatuses) + "."});
  }
  CheckOptText(errors, "note", p.note, 4000);
  CheckOptText(errors, "evidence", p.evidence, 1000);
  CheckId(errors, "carried_to_conference_id", carried_to);
  if (p.status == "carried_over" && !carried_to) {
    errors.push_back({"carried_to_conference_id", "required", "name the conference that carries the commitment over."});
  }
  if (p.status != "carried_over" && carried_to) {
    errors.push_back({"carried_to_conference_id", "not_carried_over", "only a carry-over names a conference."});
  }
  LB_CHECK(Invalid(std::move(errors)));
  p.actor = actor.user_name;
  p.recorded_at = core::FormatRfc3339(clock_.Now());
  return storage::InTransaction(db_, true, [&](Transaction& tx) -> core::Result<Commitment> {
    LB_TRY(found, store::Records<Commitment>::Get(tx, id));
    if (!found) return core::Fail(NotFound("commitment"));
    if (expected_version && *expected_version != kAnyVersion && found->meta.version != *expected_version) {
      return core::Fail(Stale(found->meta.version));
    }
    Errors errs;
    LB_CHECK(
        MustExist(tx, errs, "carried_to_conference_id", carried_to, store::Records<Conference>::Get, "conference"));
    LB_CHECK(Invalid(std::move(errs)));
    Commitment c = *found;
    c.status = p.status;
    c.carried_to_conference_id = carried_to;
    c.meta.updated_at = p.recorded_at;
    LB_TRY(n, store::Records<Commitment>::Update(tx, c, found->meta.version));
    if (n != 1) return core::Fail(Stale(found->meta.version));
    c.meta.version += 1;
    LB_CHECK(store::InsertProgress(tx, id, p));
    c.progress.push_back(p);
    nlohmann::json after_form = AuditForm(c);
    after_form["progress_update"] = ToJson(p);
    LB_CHECK(Audit(tx, actor, "coop_commitment.progress", "coop_commitment", id, AuditForm(*found), after_form));
    return c;
  });
}

// --- activities ----------------------------------------------------------------------------

namespace {

core::Status ActivityRefs(Transaction& tx, const Activity& a, Errors& errors) {
  LB_CHECK(OrgsExist(tx, errors, "org_ids", a.org_ids));
  for (size_t i = 0; i < a.commitment_ids.size(); ++i) {
    LB_CHECK(MustExist(
        tx, errors, "commitment_ids[" + std::to_string(i) + "]", a.commitment_ids[i],
        [](Transaction& t, const std::string& id) { return store::Records<Commitment>::Get(t, id); }, "commitment"));
  }
  return {};
}

}  // namespace

template <>
struct KindOps<Activity> {
  static constexpr std::string_view kKind = "activity";
  static constexpr auto Refs = ActivityRefs;
};

core::Result<Page<Activity>> CooperationService::ListActivities(const access::Principal& actor, const ActivityFilter& f,
                                                                const ListRequest& page) {
  LB_CHECK(Authorize(actor, "activity", CoopAction::kRead));
  Errors errors;
  if (f.kind && !In(kActivityKinds, *f.kind))
    errors.push_back({"kind", "invalid_value", "kind must be one of " + Join(kActivityKinds) + "."});
  if (f.field && !In(kFields, *f.field))
    errors.push_back({"field", "invalid_value", "field must be a field of cooperation."});
  CheckPeriod(errors, "from", f.from, "until", f.until);
  LB_CHECK(Invalid(std::move(errors)));
  return List<Activity>(actor, page, [&](kinds::ListQuery& q) { store::Where(q, f); });
}

core::Result<Rotation> CooperationService::DelegationRotation(const access::Principal& actor) {
  LB_CHECK(Authorize(actor, "activity", CoopAction::kRead));
  const std::string today = core::FormatDate(clock_.Now());
  return storage::InTransaction(db_, false, [&](Transaction& tx) -> core::Result<Rotation> {
    Rotation r;
    LB_TRY(last, store::LastDelegationHost(tx));
    r.last_host = last;
    if (last) {
      r.next_host = *last == "VN" ? "LA" : "VN";
    } else {
      // No exchange recorded yet: the side hosting the next conference hosts first.
      LB_TRY(next, store::NextConference(tx, today));
      r.next_host = next ? next->host_country : "VN";
    }
    return r;
  });
}

// --- twinning ------------------------------------------------------------------------------

namespace {

core::Status TwinningRefs(Transaction& tx, const Twinning& t, Errors& errors) {
  return MustExist(tx, errors, "agreement_id", t.agreement_id, store::Records<Agreement>::Get, "agreement");
}

}  // namespace

template <>
struct KindOps<Twinning> {
  static constexpr std::string_view kKind = "twinning";
  static constexpr auto Refs = TwinningRefs;
  static core::Error Conflict(core::Error e) {
    return {ErrorCode::kConflict,
            "These two provinces are already twinned.",
            {{"la_province", "duplicate", "These two provinces are already twinned."}},
            e.internal};
  }
};

// --- the named calls of each kind ---------------------------------------------------------

core::Result<Organisation> CooperationService::CreateOrganisation(const access::Principal& actor, Organisation r,
                                                                  const AfterWrite<Organisation>& after) {
  return Create(actor, std::move(r), after);
}
core::Result<Organisation> CooperationService::GetOrganisation(const access::Principal& actor, const std::string& id) {
  return Get<Organisation>(actor, id);
}
core::Result<Organisation> CooperationService::UpdateOrganisation(const access::Principal& actor, const std::string& id,
                                                                  int64_t expected_version, Organisation r) {
  return Update(actor, id, expected_version, std::move(r));
}
core::Result<Agreement> CooperationService::CreateAgreement(const access::Principal& actor, Agreement r,
                                                            const AfterWrite<Agreement>& after) {
  return Create(actor, std::move(r), after);
}
core::Result<Agreement> CooperationService::GetAgreement(const access::Principal& actor, const std::string& id) {
  return Get<Agreement>(actor, id);
}
core::Result<Agreement> CooperationService::UpdateAgreement(const access::Principal& actor, const std::string& id,
                                                            int64_t expected_version, Agreement r) {
  return Update(actor, id, expected_version, std::move(r));
}
core::Result<Conference> CooperationService::CreateConference(const access::Principal& actor, Conference r,
                                                              const AfterWrite<Conference>& after) {
  return Create(actor, std::move(r), after);
}
core::Result<Conference> CooperationService::GetConference(const access::Principal& actor, const std::string& id) {
  return Get<Conference>(actor, id);
}
core::Result<Conference> CooperationService::UpdateConference(const access::Principal& actor, const std::string& id,
                                                              int64_t expected_version, Conference r) {
  return Update(actor, id, expected_version, std::move(r));
}
core::Result<Commitment> CooperationService::CreateCommitment(const access::Principal& actor, Commitment r,
                                                              const AfterWrite<Commitment>& after) {
  return Create(actor, std::move(r), after);
}
core::Result<Commitment> CooperationService::GetCommitment(const access::Principal& actor, const std::string& id) {
  return Get<Commitment>(actor, id);
}
core::Result<Commitment> CooperationService::UpdateCommitment(const access::Principal& actor, const std::string& id,
                                                              int64_t expected_version, Commitment r) {
  return Update(actor, id, expected_version, std::move(r));
}
core::Result<Activity> CooperationService::CreateActivity(const access::Principal& actor, Activity r,
                                                          const AfterWrite<Activity>& after) {
  return Create(actor, std::move(r), after);
}
core::Result<Activity> CooperationService::GetActivity(const access::Principal& actor, const std::string& id) {
  return Get<Activity>(actor, id);
}
core::Result<Activity> CooperationService::UpdateActivity(const access::Principal& actor, const std::string& id,
                                                          int64_t expected_version, Activity r) {
  return Update(actor, id, expected_version, std::move(r));
}
core::Result<Twinning> CooperationService::CreateTwinning(const access::Principal& actor, Twinning r,
                                                          const AfterWrite<Twinning>& after) {
  return Create(actor, std::move(r), after);
}
core::Result<Twinning> CooperationService::GetTwinning(const access::Principal& actor, const std::string& id) {
  return Get<Twinning>(actor, id);
}
core::Result<Twinning> CooperationService::UpdateTwinning(const access::Principal& actor, const std::string& id,
                                                          int64_t expected_version, Twinning r) {
  return Update(actor, id, expected_version, std::move(r));
}
core::Result<Page<Conference>> CooperationService::ListConferences(const access::Principal& actor,
                                                                   const ListRequest& page) {
  return List<Conference>(actor, page, [](kinds::ListQuery&) {});
}
core::Result<Page<Twinning>> CooperationService::ListTwinnings(const access::Principal& actor,
                                                               const ListRequest& page) {
  return List<Twinning>(actor, page, [](kinds::ListQuery&) {});
}

}  // namespace lb::cooperation
