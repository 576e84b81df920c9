#include "features/registry/api.h"

#include <algorithm>

#include "core/id.h"
#include "features/registry/kinds.h"
#include "features/registry/occupations.h"
#include "rest/conditional.h"
#include "rest/create.h"
#include "rest/json_body.h"
#include "rest/merge_patch.h"
#include "rest/paging.h"
#include "rest/record_json.h"

namespace lb::registry {
namespace {

using core::Error;
using core::ErrorCode;
using http::ObjectReader;
using http::PathParams;
using http::Request;
using http::Response;
using nlohmann::json;

json OptJson(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

using http::Etag;
using http::JsonWithEtag;
using http::OptionalIfMatch;
using http::RequireIfMatch;
static_assert(kAnyVersion == http::kAnyIfMatchVersion, "If-Match: * must mean any version");

core::Result<ListRequest> ReadListParams(const Request& req, std::initializer_list<std::string_view> filters) {
  return rest::ReadListRequest<ListRequest>(req, filters);
}

// The order a sorted list is asked for (`sort`, `dir`; the service checks them); callers list
// both among the parameters they know.
ListRequest Sorted(ListRequest page, const Request& req) {
  page.sort = req.Query("sort");
  page.dir = req.Query("dir");
  return page;
}

using rest::PageJson;

// --- JSON -> records -----------------------------------------------------------------------

// One answer with every problem: the shape errors (types, unknown fields) and the value
// errors of the fields that were readable, so a client fixes everything in one round.
Error AllErrors(std::vector<core::FieldError> shape, const std::vector<core::FieldError>& values) {
  // A field with a shape error is reported once, by that error; so are the fields inside it
  // (documents[0] covers documents[0].kind) and the ones around it (documents[1].kind
  // covers documents[1]).
  auto nested = [](const std::string& outer, const std::string& inner) {
    return inner.size() > outer.size() && inner.starts_with(outer) &&
           (inner[outer.size()] == '.' || inner[outer.size()] == '[');
  };
  auto covered = [&](const std::string& field) {
    return std::any_of(shape.begin(), shape.end(), [&](const core::FieldError& f) {
      return field == f.field || nested(f.field, field) || nested(field, f.field);
    });
  };
  std::vector<core::FieldError> extra;
  for (const auto& v : values) {
    if (!covered(v.field)) extra.push_back(v);
  }
  shape.insert(shape.end(), extra.begin(), extra.end());
  return Error::Validation(std::move(shape));
}

// A PATCH that changes nothing answers the current record without a new version.
template <typename T>
core::Result<Response> Unchanged(const T& current, int64_t version) {
  return rest::Unchanged(ToJson(current), current.version, version);
}

core::Result<Person> PersonFromJson(const json& j, const RegistryService& svc, bool* confirm_new = nullptr) {
  std::vector<core::FieldError> errors;
  ObjectReader r(j, "", errors);
  Person p;
  rest::ReadFields(r, PersonFields(), p);
  if (const json* docs = r.Array("documents")) {
    for (size_t i = 0; i < docs->size(); ++i) {
      const std::string prefix = "documents[" + std::to_string(i) + "]";
      const json& d = (*docs)[i];
      if (!d.is_object()) {
        errors.push_back({prefix, "type", prefix + " must be an object."});
        p.documents.emplace_back();  // keeps the indexes of later documents right
        continue;
      }
      ObjectReader dr(d, prefix, errors);
      Document doc;
      doc.kind = dr.String("kind", true).value_or("");
      doc.number = dr.String("number", true).value_or("");
      doc.issuing_country = dr.String("issuing_country", true).value_or("");
      doc.expires = dr.String("expires");
      dr.RejectUnknown();
      p.documents.push_back(std::move(doc));
    }
  }
  if (confirm_new) {
    *confirm_new = r.Bool("confirm_new").value_or(false);
  } else {
    r.Bool("confirm_new");  // meaningful only on create
  }
  r.RejectUnknown();
  if (!errors.empty()) {
    Person copy = p;
    return core::Fail(AllErrors(std::move(errors), svc.ValidatePerson(copy)));
  }
  return p;
}

core::Result<Employer> EmployerFromJson(const json& j, const RegistryService& svc) {
  std::vector<core::FieldError> errors;
  ObjectReader r(j, "", errors);
  Employer e;
  rest::ReadFields(r, EmployerFields(), e);
  r.RejectUnknown();
  if (!errors.empty()) {
    Employer copy = e;
    return core::Fail(AllErrors(std::move(errors), svc.ValidateEmployer(copy)));
  }
  return e;
}

core::Result<WorkPermit> PermitFromJson(const json& j, bool with_status, const RegistryService& svc) {
  std::vector<core::FieldError> errors;
  ObjectReader r(j, "", errors);
  WorkPermit w;
  rest::ReadFields(r, PermitFields(), w);
  if (with_status) w.status = r.String("status").value_or("applied");
  r.RejectUnknown();
  if (!errors.empty()) {
    WorkPermit copy = w;
    if (!with_status) copy.status = "applied";
    return core::Fail(AllErrors(std::move(errors), svc.ValidatePermitFields(copy)));
  }
  return w;
}

using rest::MergePatch;

// The placing fields (PlacingFields) a merge patch would change.
std::vector<std::string> MovedFields(RegistryRecord record, const json& editable, const json& merged) {
  std::vector<std::string> out;
  for (std::string_view f : PlacingFields(record)) {
    const std::string k(f);
    if (!editable.contains(k)) continue;
    const json after = merged.contains(k) ? merged.at(k) : json(nullptr);
    if (editable.at(k) != after) out.push_back(k);
  }
  return out;
}

using rest::IdempotentCreate;

// A PATCH after its record was read: the body merged into the editable members, an unchanged
// record answered as is, a move the actor may not make refused (before validation), then the
// merged members read as a record and saved.
template <typename T, typename FromJson, typename Update>
core::Result<Response> PatchRecord(RegistryService& svc, const access::Principal& who, RegistryRecord record,
                                   const T& current, int64_t version, const json& editable, const json& body,
                                   std::span<const std::string_view> read_only, FromJson&& from_json, Update&& update) {
  LB_TRY(merged, MergePatch(editable, body, read_only));
  if (merged == editable) return Unchanged(current, version);
  LB_CHECK(svc.AuthorizeMove(who, record, MovedFields(record, editable, merged)));
  LB_TRY(input, from_json(std::move(merged)));
  LB_TRY(saved, update(std::move(input)));
  return JsonWithEtag(200, ToJson(saved), saved.version);
}

constexpr std::string_view kRecordReadOnly[] = {"id", "version", "status", "owner_node", "created_at", "updated_at"};
constexpr std::string_view kPermitReadOnly[] = {"id",         "version",   "status",       "owner_node", "created_at",
                                                "updated_at", "person_id", "host_country", "extensions", "transitions"};

}  // namespace

namespace {

// The editable members of a person: its table's and its documents.
json PersonEditable(const Person& p) {
  json j = kinds::ToJson(PersonFields(), p, /*editable_only=*/true);
  j["documents"] = DocumentsJson(p.documents);
  return j;
}

// A record's table fields with the bookkeeping every kind has.
template <typename T>
json RecordJson(kinds::Fields<T> fields, const T& x) {
  json j = kinds::ToJson(fields, x);
  j["id"] = x.id;
  j["status"] = x.status;
  j["version"] = x.version;
  j["owner_node"] = x.owner_node;
  j["created_at"] = x.created_at;
  j["updated_at"] = x.updated_at;
  return j;
}

}  // namespace

json ToJson(const Person& p) {
  json j = RecordJson(PersonFields(), p);
  j["documents"] = DocumentsJson(p.documents);
  return j;
}

json ToJson(const Employer& e) { return RecordJson(EmployerFields(), e); }

json ToJson(const WorkPermit& w) {
  json j = RecordJson(PermitFields(), w);
  j["extensions"] = w.extensions;
  if (!w.transitions.empty()) {
    json t = json::array();
    for (const auto& x : w.transitions) {
      t.push_back({{"from", OptJson(x.from_status)},
                   {"to", x.to_status},
                   {"date", x.effective_on},
                   {"reason", OptJson(x.reason)},
                   {"actor", x.actor},
                   {"valid_until", OptJson(x.valid_until)},
                   {"recorded_at", x.recorded_at}});
    }
    j["transitions"] = std::move(t);
  }
  return j;
}

namespace {

using Who = const access::Principal&;

// GET <kind>/{id}: the record with its ETag, when the actor may read it.
template <typename T>
void AddGet(http::Router& router, const Authenticate& auth, RegistryService& svc, RegistryRecord record,
            const std::string& path, core::Result<T> (RegistryService::*get)(Who, const std::string&)) {
  router.Add("GET", path,
             auth([&svc, record, get](const Request&, const PathParams& pp, Who who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, record, RegistryAction::kRead));
               LB_TRY(x, (svc.*get)(who, pp.at("id")));
               return JsonWithEtag(200, ToJson(x), x.version);
             }));
}

// POST <kind>/{id}/archive under If-Match.
template <typename T>
void AddArchive(http::Router& router, const Authenticate& auth, RegistryService& svc, RegistryRecord record,
                const std::string& path,
                core::Result<T> (RegistryService::*archive)(Who, const std::string&, int64_t)) {
  router.Add("POST", path,
             auth([&svc, record, archive](const Request& req, const PathParams& pp, Who who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, record, RegistryAction::kWrite));
               LB_TRY(version, RequireIfMatch(req));
               LB_TRY(x, (svc.*archive)(who, pp.at("id"), version));
               return JsonWithEtag(200, ToJson(x), x.version);
             }));
}

}  // namespace

bool IsPossibleDuplicate(const Error& e) {
  return e.code == ErrorCode::kConflict && e.fields.size() == 1 && e.fields[0].code == "possible_duplicate";
}

// 409 with the persons the new one may duplicate, so the client can show them and ask.
core::Result<Response> PossibleDuplicateResponse(RegistryService& svc, const access::Principal& who, Person input,
                                                 const Error& error, const Request& req) {
  svc.ValidatePerson(input);
  LB_TRY(candidates, svc.FindDuplicates(who, input));
  Response r = http::ProblemResponse(error, req.path, req.id);
  json body = json::parse(r.body);
  body["type"] = "urn:labourbridge:problem:possible-duplicate";
  body["title"] = "Possible duplicate";
  json list = json::array();
  for (const auto& c : candidates) {
    list.push_back({{"score", c.score}, {"reasons", c.reasons}, {"person", ToJson(c.person)}});
  }
  body["candidates"] = std::move(list);
  r.body = http::Dump(body);
  return r;
}

void RegisterRegistryRoutes(http::Router& router, RegistryService& svc, storage::Database& db, const core::Clock& clock,
                            const Authenticate& auth) {
  using P = const access::Principal&;
  RegisterOccupationRoutes(router, auth);  // the occupation picker (features/registry/occupations.h)

  // Persons
  router.Add("GET", "/api/v1/persons",
             auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPerson, RegistryAction::kRead));
               LB_TRY(page, ReadListParams(req, {"nationality", "province", "status", "sort", "dir"}));
               PersonFilter f{req.Query("nationality"), req.Query("province"), req.Query("status")};
               LB_TRY(result, svc.ListPersons(who, f, Sorted(page, req)));
               return http::JsonResponse(200, http::Dump(PageJson(result)));
             }));
  router.Add("POST", "/api/v1/persons",
             auth([&svc, &db, &clock](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPerson, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               bool confirm_new = false;
               LB_TRY(input, PersonFromJson(body, svc, &confirm_new));
               auto created = IdempotentCreate<Person>(
                   db, clock, req, who, "/api/v1/persons",
                   [&](const AfterWrite<Person>& after) { return svc.CreatePerson(who, input, after, confirm_new); });
               if (!created && IsPossibleDuplicate(created.error())) {
                 return PossibleDuplicateResponse(svc, who, input, created.error(), req);
               }
               return created;
             }));
  router.Add(
      "GET", "/api/v1/search", auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
        LB_CHECK(svc.Authorize(who, RegistryRecord::kPerson, RegistryAction::kRead));
        LB_TRY(page, ReadListParams(req, {"q", "kind"}));
        std::vector<core::FieldError> errors;
        if (page.cursor) errors.push_back({"cursor", "unknown_parameter", "Search results are not paged."});
        const auto kind = req.Query("kind").value_or("person");
        if (kind != "person") errors.push_back({"kind", "unsupported", "kind must be person."});
        const auto q = req.Query("q");
        if (!q) errors.push_back({"q", "required", "q is required."});
        if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
        const size_t limit = req.Query("limit") ? static_cast<size_t>(std::max(page.limit, 0)) : 10;
        LB_TRY(hits, svc.SearchPersons(who, *q, limit));
        json items = json::array();
        for (const auto& h : hits) {
          items.push_back(
              {{"kind", "person"}, {"score", h.score}, {"matched_form", h.matched_form}, {"person", ToJson(h.person)}});
        }
        return http::JsonResponse(200, http::Dump(json{{"query", *q}, {"items", std::move(items)}}));
      }));
  AddGet(router, auth, svc, RegistryRecord::kPerson, "/api/v1/persons/{id}", &RegistryService::GetPerson);
  router.Add("PATCH", "/api/v1/persons/{id}",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPerson, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(version, RequireIfMatch(req));
               LB_TRY(current, svc.GetPerson(who, pp.at("id")));
               return PatchRecord(
                   svc, who, RegistryRecord::kPerson, current, version, PersonEditable(current), body, kRecordReadOnly,
                   [&](const json& merged) { return PersonFromJson(merged, svc); },
                   [&](Person input) { return svc.UpdatePerson(who, pp.at("id"), version, std::move(input)); });
             }));
  router.Add("GET", "/api/v1/persons/{id}/history",
             auth([&svc](const Request&, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPerson, RegistryAction::kRead));
               LB_TRY(entries, svc.PersonHistory(who, pp.at("id")));
               json items = json::array();
               for (const auto& e : entries) {
                 items.push_back({{"seq", e.seq},
                                  {"at", e.at},
                                  {"actor", e.event.actor},
                                  {"action", e.event.action},
                                  {"changes", e.event.changes}});
               }
               return http::JsonResponse(200, http::Dump({{"items", std::move(items)}}));
             }));
  AddArchive(router, auth, svc, RegistryRecord::kPerson, "/api/v1/persons/{id}/archive",
             &RegistryService::ArchivePerson);

  // Employers
  router.Add("GET", "/api/v1/employers",
             auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kEmployer, RegistryAction::kRead));
               LB_TRY(page, ReadListParams(req, {"country", "province", "status", "q", "sort", "dir"}));
               // `sector` filters the list page only: the API has always refused it as unknown.
               EmployerFilter f{req.Query("country"), req.Query("province"), req.Query("status"), std::nullopt,
                                req.Query("q")};
               LB_TRY(result, svc.ListEmployers(who, f, Sorted(page, req)));
               return http::JsonResponse(200, http::Dump(PageJson(result)));
             }));
  router.Add("POST", "/api/v1/employers",
             auth([&svc, &db, &clock](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kEmployer, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(input, EmployerFromJson(body, svc));
               return IdempotentCreate<Employer>(
                   db, clock, req, who, "/api/v1/employers",
                   [&](const AfterWrite<Employer>& after) { return svc.CreateEmployer(who, input, after); });
             }));
  AddGet(router, auth, svc, RegistryRecord::kEmployer, "/api/v1/employers/{id}", &RegistryService::GetEmployer);
  router.Add("PATCH", "/api/v1/employers/{id}",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kEmployer, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(version, RequireIfMatch(req));
               LB_TRY(current, svc.GetEmployer(who, pp.at("id")));
               return PatchRecord(
                   svc, who, RegistryRecord::kEmployer, current, version,
                   kinds::ToJson(EmployerFields(), current, /*editable_only=*/true), body, kRecordReadOnly,
                   [&](const json& merged) { return EmployerFromJson(merged, svc); },
                   [&](Employer input) { return svc.UpdateEmployer(who, pp.at("id"), version, std::move(input)); });
             }));
  AddArchive(router, auth, svc, RegistryRecord::kEmployer, "/api/v1/employers/{id}/archive",
             &RegistryService::ArchiveEmployer);

  // Permits
  router.Add("GET", "/api/v1/permits",
             auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPermit, RegistryAction::kRead));
               LB_TRY(page, ReadListParams(req, {"status", "employer", "person", "host_country", "province",
                                                 "expiring_before", "q", "sort", "dir"}));
               PermitFilter f{
                   req.Query("status"),   req.Query("employer"),        req.Query("person"), req.Query("host_country"),
                   req.Query("province"), req.Query("expiring_before"), req.Query("q")};
               LB_TRY(result, svc.ListPermits(who, f, Sorted(page, req)));
               return http::JsonResponse(200, http::Dump(PageJson(result)));
             }));
  router.Add("POST", "/api/v1/permits",
             auth([&svc, &db, &clock](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPermit, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(input, PermitFromJson(body, true, svc));
               return IdempotentCreate<WorkPermit>(
                   db, clock, req, who, "/api/v1/permits",
                   [&](const AfterWrite<WorkPermit>& after) { return svc.CreatePermit(who, input, after); });
             }));
  AddGet(router, auth, svc, RegistryRecord::kPermit, "/api/v1/permits/{id}", &RegistryService::GetPermit);
  router.Add("PATCH", "/api/v1/permits/{id}",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPermit, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(version, RequireIfMatch(req));
               LB_TRY(current, svc.GetPermit(who, pp.at("id")));
               // Reading a permit is allowed more widely than changing it: its current place
               // decides, before anything in the body is looked at.
               LB_CHECK(svc.AuthorizePermitWrite(who, current));
               return PatchRecord(
                   svc, who, RegistryRecord::kPermit, current, version,
                   kinds::ToJson(PermitFields(), current, /*editable_only=*/true), body, kPermitReadOnly,
                   [&](json merged) {
                     merged["person_id"] = current.person_id;
                     merged["host_country"] = current.host_country;
                     return PermitFromJson(merged, false, svc);
                   },
                   [&](WorkPermit input) { return svc.UpdatePermit(who, pp.at("id"), version, std::move(input)); });
             }));
  router.Add("POST", "/api/v1/permits/{id}/transitions",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, RegistryRecord::kPermit, RegistryAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(version, OptionalIfMatch(req));
               std::vector<core::FieldError> errors;
               ObjectReader r(body, "", errors);
               TransitionRequest t;
               t.to = r.String("to", true).value_or("");
               t.effective_on = r.String("date", true).value_or("");
               t.reason = r.String("reason");
               t.valid_until = r.String("valid_until");
               r.RejectUnknown();
               if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
               LB_TRY(w, svc.TransitionPermit(who, pp.at("id"), version, t));
               return JsonWithEtag(200, ToJson(w), w.version);
             }));
}

}  // namespace lb::registry
