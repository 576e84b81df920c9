#include "features/cooperation/api.h"

#include <spanstream>

#include "core/date.h"
#include "features/cooperation/dashboard.h"
#include "features/cooperation/json.h"
#include "features/cooperation/report/evaluation.h"
#include "platform/access/tokens.h"
#include "rest/conditional.h"
#include "rest/create.h"
#include "rest/json_body.h"
#include "rest/merge_patch.h"
#include "rest/paging.h"

namespace lb::cooperation {
namespace {

using core::Error;
using http::PathParams;
using http::Request;
using http::Response;
using nlohmann::json;
using P = const access::Principal&;

constexpr std::string_view kBase = "/api/v1/cooperation";

using http::Etag;
using http::JsonWithEtag;
using http::OptionalIfMatch;
using http::RequireIfMatch;
static_assert(kAnyVersion == http::kAnyIfMatchVersion, "If-Match: * must mean any version");

// Known query parameters only; values are checked like body text.
core::Result<ListRequest> ReadQuery(const Request& req, std::initializer_list<std::string_view> known,
                                    bool paged = true) {
  return rest::ReadListRequest<ListRequest>(req, known, paged);
}

using rest::PageJson;

// Reads a record from a JSON body; shape errors come with the value errors of the readable fields.
template <typename T>
core::Result<T> Parse(const json& body, const CooperationService& svc) {
  std::vector<core::FieldError> errors;
  T record;
  FromJson(body, record, errors);
  if (!errors.empty()) {
    T copy = record;
    for (auto& e : svc.Validate(copy)) {
      const bool covered = std::any_of(errors.begin(), errors.end(), [&](const core::FieldError& f) {
        return e.field == f.field || e.field.starts_with(f.field + ".") || e.field.starts_with(f.field + "[");
      });
      if (!covered) errors.push_back(e);
    }
    return core::Fail(Error::Validation(std::move(errors)));
  }
  return record;
}

using rest::IdempotentCreate;

// PATCH: a JSON merge patch (RFC 7396) of the editable members, validated as a whole.
template <typename T, typename UpdateFn>
core::Result<Response> MergePatchUpdate(const Request& req, const CooperationService& svc, const T& current,
                                        UpdateFn&& update) {
  LB_TRY(body, http::ParseJsonObject(req));
  LB_TRY(version, RequireIfMatch(req));
  const json full = ToJson(current);
  const json editable = EditableForm(current);
  LB_TRY(merged, rest::MergePatchOf(full, editable, body));
  if (merged == editable) return rest::Unchanged(full, current.meta.version, version);
  LB_TRY(input, Parse<T>(merged, svc));
  LB_TRY(saved, update(version, std::move(input)));
  return JsonWithEtag(200, ToJson(saved), saved.meta.version);
}

// The list, create, read and change handlers of one kind of record (the routes are added for
// every kind in one loop below; the contract test reads the server's route table).
struct KindHandlers {
  http::Handler list, create, read, change;
};

// Create, Read and Update are the service's member functions for T.
template <typename T, auto Create, auto Read, auto Update, typename List>
KindHandlers MakeKind(CooperationService& svc, storage::Database& db, const core::Clock& clock,
                      const rest::Authenticate& auth, std::string kind, std::string plural, List list) {
  const auto create = [&svc](P who, const T& r, const AfterWrite<T>& after) { return (svc.*Create)(who, r, after); };
  const auto get = [&svc](P who, const std::string& id) { return (svc.*Read)(who, id); };
  const auto update = [&svc](P who, const std::string& id, int64_t v, T r) {
    return (svc.*Update)(who, id, v, std::move(r));
  };
  const std::string collection = std::string(kBase) + "/" + plural;
  KindHandlers h;
  h.list = (auth([&svc, kind, list](const Request& req, const PathParams&, P who) -> core::Result<Response> {
    LB_CHECK(svc.Authorize(who, kind, CoopAction::kRead));
    LB_TRY(result, list(req, who, ListRequest{}));
    return http::JsonResponse(200, http::Dump(PageJson(result)));
  }));
  h.create = (auth([&svc, &db, &clock, kind, collection, create](const Request& req, const PathParams&,
                                                                 P who) -> core::Result<Response> {
    LB_CHECK(svc.Authorize(who, kind, CoopAction::kWrite));
    LB_TRY(body, http::ParseJsonObject(req));
    LB_TRY(input, Parse<T>(body, svc));
    return IdempotentCreate<T>(db, clock, req, who, collection,
                               [&](const AfterWrite<T>& after) { return create(who, input, after); });
  }));
  h.read = (auth([&svc, kind, get](const Request&, const PathParams& pp, P who) -> core::Result<Response> {
    LB_CHECK(svc.Authorize(who, kind, CoopAction::kRead));
    LB_TRY(r, get(who, pp.at("id")));
    return JsonWithEtag(200, ToJson(r), r.meta.version);
  }));
  h.change =
      (auth([&svc, kind, get, update](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
        LB_CHECK(svc.Authorize(who, kind, CoopAction::kWrite));
        LB_TRY(current, get(who, pp.at("id")));
        return MergePatchUpdate<T>(req, svc, current, [&](int64_t version, T input) {
          return update(who, pp.at("id"), version, std::move(input));
        });
      }));
  return h;
}

}  // namespace

void RegisterCooperationRoutes(http::Router& router, CooperationService& svc, storage::Database& db,
                               const core::Clock& clock, const rest::Authenticate& auth) {
  // Each list lambda reads its own query parameters (its filters, limit and cursor).
  const KindHandlers organisation =
      MakeKind<Organisation, &CooperationService::CreateOrganisation, &CooperationService::GetOrganisation,
               &CooperationService::UpdateOrganisation>(
          svc, db, clock, auth, "organisation", "organisations",
          [&svc](const Request& req, P who, const ListRequest&) -> core::Result<Page<Organisation>> {
            LB_TRY(page, ReadQuery(req, {"q"}));
            return svc.ListOrganisations(who, req.Query("q"), page);
          });
  const KindHandlers agreement = MakeKind<Agreement, &CooperationService::CreateAgreement,
                                          &CooperationService::GetAgreement, &CooperationService::UpdateAgreement>(
      svc, db, clock, auth, "agreement", "agreements",
      [&svc](const Request& req, P who, const ListRequest&) -> core::Result<Page<Agreement>> {
        LB_TRY(page, ReadQuery(req, {"conference"}));
        return svc.ListAgreements(who, req.Query("conference"), page);
      });
  const KindHandlers conference = MakeKind<Conference, &CooperationService::CreateConference,
                                           &CooperationService::GetConference, &CooperationService::UpdateConference>(
      svc, db, clock, auth, "conference", "conferences",
      [&svc](const Request& req, P who, const ListRequest&) -> core::Result<Page<Conference>> {
        LB_TRY(page, ReadQuery(req, {}));
        return svc.ListConferences(who, page);
      });
  const KindHandlers commitment = MakeKind<Commitment, &CooperationService::CreateCommitment,
                                           &CooperationService::GetCommitment, &CooperationService::UpdateCommitment>(
      svc, db, clock, auth, "commitment", "commitments",
      [&svc](const Request& req, P who, const ListRequest&) -> core::Result<Page<Commitment>> {
        LB_TRY(page, ReadQuery(req, {"field", "status", "conference", "org", "due_before"}));
        CommitmentFilter f{req.Query("field"), req.Query("status"), req.Query("conference"), req.Query("org"),
                           req.Query("due_before")};
        return svc.ListCommitments(who, f, page);
      });
  const KindHandlers activity = MakeKind<Activity, &CooperationService::CreateActivity,
                                         &CooperationService::GetActivity, &CooperationService::UpdateActivity>(
      svc, db, clock, auth, "activity", "activities",
      [&svc](const Request& req, P who, const ListRequest&) -> core::Result<Page<Activity>> {
        LB_TRY(page, ReadQuery(req, {"kind", "field", "from", "until"}));
        ActivityFilter f{req.Query("kind"), req.Query("field"), req.Query("from"), req.Query("until")};
        return svc.ListActivities(who, f, page);
      });
  const KindHandlers twinning = MakeKind<Twinning, &CooperationService::CreateTwinning,
                                         &CooperationService::GetTwinning, &CooperationService::UpdateTwinning>(
      svc, db, clock, auth, "twinning", "twinnings",
      [&svc](const Request& req, P who, const ListRequest&) -> core::Result<Page<Twinning>> {
        LB_TRY(page, ReadQuery(req, {}));
        return svc.ListTwinnings(who, page);
      });

  for (const auto& [collection, h] : {std::pair{"organisations", &organisation}, std::pair{"agreements", &agreement},
                                      std::pair{"conferences", &conference}, std::pair{"commitments", &commitment},
                                      std::pair{"activities", &activity}, std::pair{"twinnings", &twinning}}) {
    const std::string base = std::string("/api/v1/cooperation/") + collection;
    router.Add("GET", base, h->list);
    router.Add("POST", base, h->create);
    router.Add("GET", base + "/{id}", h->read);
    router.Add("PATCH", base + "/{id}", h->change);
  }

  router.Add("POST", "/api/v1/cooperation/organisations/{id}/succession",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, "organisation", CoopAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               std::vector<core::FieldError> errors;
               http::ObjectReader r(body, "", errors);
               const std::string successor = r.String("successor_id", true).value_or("");
               const std::string on = r.String("effective_on", true).value_or("");
               r.RejectUnknown();
               if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
               LB_TRY(o, svc.AddSuccession(who, pp.at("id"), successor, on));
               return JsonWithEtag(200, ToJson(o), o.meta.version);
             }));

  router.Add("POST", "/api/v1/cooperation/agreements/{id}/attachments",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, "agreement", CoopAction::kWrite));
               LB_TRY(q, ReadQuery(req, {"file_name"}, false));
               (void)q;
               const auto type = req.Header("content-type").value_or("");
               if (type.substr(0, type.find(';')) != "application/pdf") {
                 return core::Fail(Error::Field("Content-Type", "unsupported_media_type",
                                                "send the signed file as application/pdf."));
               }
               std::ispanstream in(req.Body());
               Upload up{req.Query("file_name").value_or(""), static_cast<int64_t>(req.Body().size()), &in};
               LB_TRY(att, svc.AddAttachment(who, pp.at("id"), up));
               Response res = http::JsonResponse(201, http::Dump(ToJson(att)));
               res.With("Location", "/api/v1/cooperation/attachments/" + att.id);
               return res;
             }),
             kAttachmentRequestLimit);

  router.Add("GET", "/api/v1/cooperation/attachments/{id}",
             auth([&svc](const Request&, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, "attachment", CoopAction::kRead));
               LB_TRY(found, svc.GetAttachmentContent(who, pp.at("id")));
               Response res;
               res.status = 200;
               res.content_type = "application/pdf";
               res.body = std::move(found.second);
               res.With("ETag", "\"" + found.first.sha256 + "\"");
               res.With("Content-Disposition", "attachment; filename=\"signed.pdf\"");
               return res;
             }));

  router.Add("POST", "/api/v1/cooperation/commitments/{id}/progress",
             auth([&svc](const Request& req, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, "commitment", CoopAction::kWrite));
               LB_TRY(body, http::ParseJsonObject(req));
               LB_TRY(version, OptionalIfMatch(req));
               std::vector<core::FieldError> errors;
               http::ObjectReader r(body, "", errors);
               ProgressUpdate p;
               p.on_date = r.String("date", true).value_or("");
               p.status = r.String("status", true).value_or("");
               p.note = r.String("note");
               p.evidence = r.String("evidence");
               auto carried = r.String("carried_to_conference_id");
               r.RejectUnknown();
               if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
               LB_TRY(c, svc.AddProgress(who, pp.at("id"), version, p, carried));
               return JsonWithEtag(200, ToJson(c), c.meta.version);
             }));

  router.Add("GET", "/api/v1/cooperation/rotation",
             auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, "activity", CoopAction::kRead));
               LB_TRY(q, ReadQuery(req, {}, false));
               (void)q;
               LB_TRY(r, svc.DelegationRotation(who));
               return http::JsonResponse(200,
                                         http::Dump({{"last_host", r.last_host ? json(*r.last_host) : json(nullptr)},
                                                     {"next_host", r.next_host}}));
             }));

  router.Add("GET", "/api/v1/cooperation/dashboard",
             auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
               LB_CHECK(svc.Authorize(who, "commitment", CoopAction::kRead));
               LB_TRY(q, ReadQuery(req, {"lang"}, false));
               (void)q;
               const std::string lang = req.Query("lang").value_or("en");
               LB_TRY(d, BuildDashboard(svc, who, lang));
               return http::JsonResponse(200, http::Dump(ToJson(d)));
             }));

  router.AddHeavy("GET", "/api/v1/cooperation/reports/evaluation",
                  auth([&svc](const Request& req, const PathParams&, P who) -> core::Result<Response> {
                    LB_CHECK(svc.Authorize(who, "commitment", CoopAction::kRead));
                    LB_TRY(q, ReadQuery(req, {"from", "to", "lang", "format"}, false));
                    (void)q;
                    cooperation::EvaluationRequest er;
                    er.from = req.Query("from").value_or("");
                    er.to = req.Query("to").value_or("");
                    er.lang = req.Query("lang").value_or("en");
                    er.format = req.Query("format").value_or("pdf");
                    LB_TRY(bytes, cooperation::RenderEvaluation(svc, who, er));
                    Response res;
                    res.status = 200;
                    res.content_type = er.format == "xlsx"
                                           ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                           : "application/pdf";
                    res.body = std::move(bytes);
                    res.With("Content-Disposition", "attachment; filename=\"evaluation-" + er.from + "-" + er.to + "-" +
                                                        er.lang + "." + er.format + "\"");
                    return res;
                  }));
}

}  // namespace lb::cooperation
