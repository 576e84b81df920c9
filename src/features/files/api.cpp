#include "features/files/api.h"

#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "platform/access/tokens.h"
#include "rest/idempotency.h"
#include "rest/json_body.h"
#include "text/unicode.h"

namespace lb::files {
namespace {

using core::Error;
using core::ErrorCode;
using http::PathParams;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kOdsType = "application/vnd.oasis.opendocument.spreadsheet";

// A role that may import nothing is refused before anything about the request is checked.
core::Status MayImportAnything(const registry::RegistryService& svc, const access::Principal& who) {
  return svc.Authorize(who, registry::RegistryRecord::kPerson, registry::RegistryAction::kWrite);
}

// Query parameters: only the named ones, valid UTF-8 without control characters.
core::Status CheckQuery(const Request& req, std::initializer_list<std::string_view> known) {
  std::vector<core::FieldError> errors;
  for (const auto& [k, v] : req.query) {
    if (!text::IsValidUtf8(k) || !text::IsValidUtf8(v)) {
      return core::Fail(Error{ErrorCode::kMalformed, "A query parameter is not valid UTF-8.", {}, {}});
    }
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      errors.push_back({k, "unknown_parameter", k + " is not a known query parameter."});
    } else if (text::HasControlChars(v)) {
      errors.push_back({k, "control_characters", k + " must not contain control characters."});
    }
  }
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  return {};
}

core::Result<bool> ReadBool(const Request& req, const std::string& name) {
  const auto v = req.Query(name);
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  return core::Fail(Error::Field(name, "invalid_value", name + " must be true or false."));
}

// Idempotency-Key for uploads: jobs live in memory, so do the keys (per token or session, for
// as long as the job is remembered). The hash (access::ReadIdempotencyKey) covers the query
// too: the same file imported in another mode is another request.
class UploadKeys {
 public:
  struct Seen {
    std::string hash, job_id;
  };
  std::optional<Seen> Find(const std::string& who, const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = keys_.find({who, key});
    if (it == keys_.end()) return std::nullopt;
    return it->second;
  }
  void Remember(const std::string& who, const std::string& key, Seen seen) {
    std::lock_guard lock(mu_);
    if (keys_.size() > 10000) keys_.clear();  // a bound; a forgotten key only loses the replay
    keys_.emplace(std::make_pair(who, key), std::move(seen));
  }

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Seen> keys_;
};

std::string Who(const access::Principal& p) { return p.user_id + "/" + access::CredentialOf(p); }

Response JobResponse(int status, const ImportJob& job) {
  Response r = http::JsonResponse(status, http::Dump(ToJson(job)));
  r.With("Location", "/api/v1/imports/" + job.id);
  return r;
}

std::string ContentType(const Request& req) {
  std::string t = http::ToLowerAscii(req.Header("content-type").value_or(""));
  if (auto semi = t.find(';'); semi != std::string::npos) t.resize(semi);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

core::Result<Response> StartImport(const ExchangeApi& api, UploadKeys& keys, const Request& req,
                                   const access::Principal& who) {
  LB_CHECK(MayImportAnything(api.registry, who));
  LB_CHECK(CheckQuery(req, {"kind", "mode", "confirm_new"}));
  std::vector<core::FieldError> errors;
  const auto kind_text = req.Query("kind");
  const auto kind = ParseKind(kind_text.value_or(""));
  if (!kind_text) {
    errors.push_back({"kind", "required", "kind is required: persons, employers or permits."});
  } else if (!kind) {
    errors.push_back({"kind", "invalid_value", "kind must be persons, employers or permits."});
  }
  const auto mode = ParseImportMode(req.Query("mode").value_or("all-or-nothing"));
  if (!mode) errors.push_back({"mode", "invalid_value", "mode must be all-or-nothing, skip-invalid or dry-run."});
  auto confirm_new = ReadBool(req, "confirm_new");
  if (!confirm_new) errors.push_back(confirm_new.error().fields.front());
  const std::string type = ContentType(req);
  if (!type.empty() && type != "text/csv" && type != kXlsxType && type != kOdsType &&
      type != "application/octet-stream" && type != "text/plain") {
    errors.push_back({"Content-Type", "unsupported_media_type",
                      "Send the file as text/csv, " + std::string(kXlsxType) + " or " + std::string(kOdsType) +
                          " (it is recognised by content)."});
  }
  if (req.Body().empty()) {
    errors.push_back({"body", "empty_file", "The body is empty; send the CSV, XLSX or ODS file."});
  }
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));

  LB_TRY(key, access::ReadIdempotencyKey(req, who));
  if (key) {
    if (auto seen = keys.Find(Who(who), key->key)) {
      if (seen->hash != key->request_hash) {
        return core::Fail(Error::Field("Idempotency-Key", "reused",
                                       "This Idempotency-Key was already used for a different request."));
      }
      if (auto job = api.jobs.Get(who, seen->job_id)) {
        Response r = JobResponse(202, *job);
        r.With("Idempotent-Replayed", "true");
        return r;
      }
    }
  }
  LB_TRY(job, api.jobs.Submit(who, *kind, *mode, *confirm_new, req.Body()));
  if (key) keys.Remember(Who(who), key->key, {key->request_hash, job.id});
  return JobResponse(202, job);
}

core::Result<Response> IssuesReport(const ExchangeApi& api, const Request&, const PathParams& pp,
                                    const access::Principal& who) {
  LB_CHECK(MayImportAnything(api.registry, who));
  LB_TRY(csv, api.jobs.IssuesCsv(who, pp.at("id")));
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(csv);
  r.With("Content-Disposition", "attachment; filename=\"import-" + pp.at("id") + "-issues.csv\"");
  return r;
}

core::Result<Response> Export(const ExchangeApi& api, const Request& req, const PathParams& pp,
                              const access::Principal& who) {
  const auto kind = ParseKind(pp.at("kind"));
  if (kind) {
    LB_CHECK(api.registry.Authorize(who, RecordOf(*kind), registry::RegistryAction::kRead));
  } else {
    LB_CHECK(api.registry.Authorize(who, registry::RegistryRecord::kEmployer, registry::RegistryAction::kRead));
    return core::Fail(Error::Field("kind", "invalid_value", "kind must be persons, employers or permits."));
  }
  bool bom = false;
  std::string format;
  LB_TRY(options, ReadExportQuery(*kind, req, &bom, &format));
  Exporter exporter(api.db, api.registry, api.audit);
  return ExportDownload(exporter, who, options, format, bom, api.clock);
}

}  // namespace

json ToJson(const ImportJob& j) {
  json issues = json::array();
  for (const auto& i : j.issues) {
    issues.push_back(
        {{"row", i.row}, {"column", i.column}, {"value", i.value}, {"code", i.code}, {"message", i.message}});
  }
  auto opt = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json out = {{"id", j.id},
              {"kind", KindName(j.kind)},
              {"mode", ImportModeName(j.mode)},
              {"confirm_new", j.confirm_new},
              {"state", JobStateName(j.state)},
              {"queue_position", j.queue_position},
              {"created_at", j.created_at},
              {"started_at", opt(j.started_at)},
              {"finished_at", opt(j.finished_at)},
              {"rows_read", j.rows_read},
              {"rows_total", j.rows_total},
              {"rows_total_exact", j.rows_total_exact},
              {"bytes_read", j.bytes_read},
              {"bytes_total", j.bytes_total},
              {"rows_per_second", std::round(j.rows_per_second * 10) / 10},
              {"eta_seconds", j.eta_seconds ? json(*j.eta_seconds) : json(nullptr)},
              {"created", j.summary.created},
              {"updated", j.summary.updated},
              {"unchanged", j.summary.unchanged},
              {"invalid", j.summary.invalid},
              {"committed", j.summary.committed},
              {"issue_count", j.issue_count},
              {"issues", std::move(issues)},
              {"issues_csv", "/api/v1/imports/" + j.id + "/issues.csv"},
              {"error", nullptr}};
  if (j.error) {
    json e = {{"code", std::string(core::ErrorCodeName(j.error->code))}, {"message", j.error->message}};
    if (!j.error->fields.empty()) {
      e["code"] = j.error->fields.front().code;
      e["message"] = j.error->fields.front().message;
    }
    out["error"] = std::move(e);
  }
  return out;
}

core::Result<ExportOptions> ReadExportQuery(Kind kind, const Request& req, bool* bom, std::string* format) {
  switch (kind) {
    case Kind::kPersons:
      LB_CHECK(CheckQuery(req, {"format", "lang", "bom", "nationality", "province", "status"}));
      break;
    case Kind::kEmployers:
      LB_CHECK(CheckQuery(req, {"format", "lang", "bom", "country", "province", "status"}));
      break;
    case Kind::kPermits:
      LB_CHECK(CheckQuery(req, {"format", "lang", "bom", "status", "employer", "person", "host_country", "province",
                                "expiring_before"}));
      break;
  }
  std::vector<core::FieldError> errors;
  *format = req.Query("format").value_or("csv");
  if (*format != "csv" && *format != "xlsx")
    errors.push_back({"format", "invalid_value", "format must be csv or xlsx."});
  const auto lang = ParseLang(req.Query("lang").value_or("en"));
  if (!lang) errors.push_back({"lang", "invalid_value", "lang must be en, vi or lo."});
  auto b = ReadBool(req, "bom");
  if (!b) errors.push_back(b.error().fields.front());
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  *bom = *b;
  ExportOptions o;
  o.kind = kind;
  o.lang = *lang;
  o.format = *format;
  o.persons = {req.Query("nationality"), req.Query("province"), req.Query("status")};
  o.employers = {req.Query("country"), req.Query("province"), req.Query("status")};
  o.permits = {req.Query("status"),       req.Query("employer"), req.Query("person"),
               req.Query("host_country"), req.Query("province"), req.Query("expiring_before")};
  return o;
}

core::Result<Response> ExportDownload(Exporter& exporter, const access::Principal& who, const ExportOptions& options,
                                      const std::string& format, bool bom, const core::Clock& clock) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string path = (fs::temp_directory_path(ec) / "labourbridge-export-XXXXXX").string();
  const int fd = ::mkstemp(path.data());  // 0600: the file holds personal data
  if (fd < 0) return core::Fail(Error::Internal("cannot create the export file"));
  struct Cleanup {
    std::string path;
    bool keep = false;
    ~Cleanup() {
      if (!keep) ::unlink(path.c_str());
    }
  } cleanup{path};
  core::Result<int64_t> rows = 0;
  if (format == "xlsx") {
    ::close(fd);
    LB_TRY(sink, MakeXlsxSink(path, options.kind));
    rows = exporter.Run(who, options, *sink);
    sink.reset();  // closes the workbook: the file is complete
  } else {
    std::FILE* out = ::fdopen(fd, "wb");
    if (!out) {
      ::close(fd);
      return core::Fail(Error::Internal("cannot open the export file"));
    }
    auto sink = MakeCsvSink(out, bom);
    rows = exporter.Run(who, options, *sink);
    sink.reset();
    std::fclose(out);
  }
  if (!rows) return core::Fail(rows.error());
  Response r;
  r.content_type = format == "xlsx" ? std::string(kXlsxType) : "text/csv; charset=utf-8";
  r.body_file = path;
  r.remove_body_file = true;
  cleanup.keep = true;
  const std::string name = std::string(KindName(options.kind)) + "-" + core::FormatDate(clock.Now()) + "." + format;
  r.With("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.With("X-Row-Count", std::to_string(*rows));
  return r;
}

void RegisterExchangeRoutes(http::Router& router, const ExchangeApi& api, const registry::Authenticate& auth) {
  using P = const access::Principal&;
  auto keys = std::make_shared<UploadKeys>();
  router.Add("POST", "/api/v1/imports", auth([api, keys](const Request& req, const PathParams&, P who) {
               return StartImport(api, *keys, req, who);
             }),
             api.import_body_limit);
  router.Add("GET", "/api/v1/imports/{id}",
             auth([api](const Request&, const PathParams& pp, P who) -> core::Result<Response> {
               LB_CHECK(MayImportAnything(api.registry, who));
               LB_TRY(job, api.jobs.Get(who, pp.at("id")));
               return http::JsonResponse(200, http::Dump(ToJson(job)));
             }));
  router.Add("GET", "/api/v1/imports/{id}/issues.csv",
             auth([api](const Request& req, const PathParams& pp, P who) { return IssuesReport(api, req, pp, who); }));
  router.AddHeavy("GET", "/api/v1/exports/{kind}",
                  auth([api](const Request& req, const PathParams& pp, P who) { return Export(api, req, pp, who); }));
}

}  // namespace lb::files
