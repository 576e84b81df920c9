// Pages of the bulk exchange: uploading a file to import (a background job, with its progress
// and then its outcome and issues), the work permits list, and the download links that list
// pages carry (the export API, with the list's filters).
#include "features/files/pages.h"

#include <cmath>

#include "core/date.h"
#include "core/id.h"
#include "features/files/import_template.h"
#include "features/files/jobs.h"
#include "http/multipart.h"
#include "rest/authenticate.h"
#include "ui/dates.h"
#include "ui/list_view.h"
#include "ui/page_support.h"

namespace lb::files {

// Pages are written in the vocabulary of src/ui (PageContext, View, Escape, forms).
using namespace lb::ui;  // NOLINT(google-build-using-namespace)
namespace {

using files::ImportJob;
using files::ImportMode;
using files::JobState;
using files::Kind;
using http::PathParams;
using WebServices = FilesPageServices;

constexpr size_t kIssuesShown = 200;

bool MayImport(const WebServices& s, const access::Principal& who) {
  return static_cast<bool>(
      s.registry.Authorize(who, registry::RegistryRecord::kPerson, registry::RegistryAction::kWrite));
}

std::string KindLabel(const PageContext& ctx, Kind kind) {
  switch (kind) {
    case Kind::kPersons:
      return ctx.T("Workers");
    case Kind::kEmployers:
      return ctx.T("Employers");
    case Kind::kPermits:
      return ctx.T("Work permits");
  }
  return "";
}

// ---- the templates ----------------------------------------------------------------------

constexpr std::pair<const char*, const char*> kTemplateLangs[] = {
    {"vi", "Tiếng Việt"}, {"lo", "ພາສາລາວ"}, {"en", "English"}};

// A CSV and an XLSX template per kind with the headers in `lang`, and the other languages.
View TemplateLinks(const PageContext& ctx, const std::string& lang) {
  View v;
  View rows = MakeList();
  for (Kind k : {Kind::kPersons, Kind::kEmployers, Kind::kPermits}) {
    View row;
    const std::string base = "/import/template?kind=" + std::string(files::KindName(k)) + "&lang=" + lang;
    row.set("label", KindLabel(ctx, k));
    row.set("csv_href", base + "&format=csv");
    row.set("xlsx_href", base + "&format=xlsx");
    rows.push_back(row);
  }
  v.set("rows", rows);
  View langs = MakeList();
  for (const auto& [code, name] : kTemplateLangs) {
    View l;
    l.set("code", std::string(code));
    l.set("name", std::string(name));
    l.set("current", lang == code);
    l.set("href", "/import?template_lang=" + std::string(code));
    langs.push_back(l);
  }
  v.set("langs", langs);
  return v;
}

// GET /import/template?kind=&format=&lang=: the empty file to fill in (no record: not audited).
core::Result<http::Response> TemplateDownload(const WebServices& s, const PageContext& ctx) {
  if (!MayImport(s, ctx.principal())) return core::Fail(core::Error{core::ErrorCode::kForbidden, "", {}, {}});
  const auto& req = *ctx.request;
  const auto kind = files::ParseKind(req.Query("kind").value_or(""));
  const auto lang = files::ParseLang(req.Query("lang").value_or(ctx.tr->lang()));
  if (!kind)
    return core::Fail(core::Error::Field("kind", "invalid_value", "kind must be persons, employers or permits."));
  if (!lang) return core::Fail(core::Error::Field("lang", "invalid_value", "lang must be en, vi or lo."));
  LB_TRY(t, files::MakeImportTemplate(*kind, *lang, req.Query("format").value_or("csv")));
  http::Response r;
  r.content_type = t.content_type;
  r.body = std::move(t.bytes);
  r.With("Content-Disposition", "attachment; filename=\"" + t.file_name + "\"");
  r.With("Cache-Control", "no-store");
  return r;
}

// ---- the upload form --------------------------------------------------------------------

struct UploadForm {
  std::string kind = "persons", mode = "all-or-nothing";
  std::string template_lang;  // the templates' headers (the page's language when empty)
  bool confirm_new = false;
  std::string kind_error, mode_error, file_error;
};

http::Response UploadPage(const WebServices& s, const PageContext& ctx, const UploadForm& f, int status) {
  View v;
  View kinds = MakeList();
  for (Kind k : {Kind::kPersons, Kind::kEmployers, Kind::kPermits}) {
    View o;
    o.set("value", std::string(files::KindName(k)));
    o.set("label", KindLabel(ctx, k));
    o.set("selected", f.kind == files::KindName(k));
    kinds.push_back(o);
  }
  v.set("kinds", kinds);
  v.set("templates", TemplateLinks(ctx, f.template_lang.empty() ? ctx.tr->lang() : f.template_lang));
  View modes = MakeList();
  const std::pair<ImportMode, std::pair<const char*, const char*>> kModes[] = {
      {ImportMode::kAllOrNothing,
       {N_("Import nothing if any row is wrong"), N_("Recommended: the file is imported only if every row is right.")}},
      {ImportMode::kSkipInvalid,
       {N_("Import the right rows, list the wrong ones"), N_("The rows with problems are left out and listed.")}},
      {ImportMode::kDryRun, {N_("Only check the file"), N_("Nothing is written; you see what the import would do.")}},
  };
  for (const auto& [mode, text] : kModes) {
    View o;
    const std::string name(files::ImportModeName(mode));
    o.set("value", name);
    o.set("id", "mode-" + name);
    o.set("label", ctx.T(text.first));
    o.set("hint", ctx.T(text.second));
    o.set("checked", f.mode == name);
    modes.push_back(o);
  }
  v.set("modes", modes);
  v.set("confirm_new", f.confirm_new);
  v.set("limit_hint", ctx.F("A CSV, XLSX or ODS file of at most {1} MB, with the column names in the first row.",
                            {ctx.tr->Number(static_cast<int64_t>(s.import_body_limit >> 20))}));
  v.set("max_bytes", std::to_string(s.import_body_limit));
  v.set("too_large", ctx.T("The file is larger than the limit."));
  View errors = MakeList();
  auto error = [&](const std::string& key, const std::string& href, const std::string& message) {
    v.set("has_" + key + "_error", !message.empty());
    v.set(key + "_error", message);
    if (message.empty()) return;
    View e;
    e.set("href", href);
    e.set("message", message);
    errors.push_back(e);
  };
  error("kind", "#kind", f.kind_error);
  error("mode", "#mode-all-or-nothing", f.mode_error);
  error("file", "#file", f.file_error);
  v.set("has_errors", !f.kind_error.empty() || !f.mode_error.empty() || !f.file_error.empty());
  v.set("errors", errors);
  v.set("error_prefix", ctx.T("Error:"));
  return RenderPage(ctx, status, "import", ctx.T("Import from a file"), std::move(v));
}

core::Result<http::Response> StartUpload(const WebServices& s, PageContext& ctx) {
  const http::Request& req = *ctx.request;
  // A multipart body: the CSRF token is one of its parts, so it is checked here, not by
  // the SignedIn wrapper (which reads only url-encoded forms).
  auto parts = http::ParseMultipart(req);
  const http::FormPart* csrf = parts ? http::FindPart(*parts, "csrf_token") : nullptr;
  auto who = s.sessions.Authenticate(req.Header("cookie").value_or(""), req.method, csrf ? csrf->body : "");
  if (!who) return ErrorPage(ctx, who.error());
  if (!parts) return ErrorPage(ctx, parts.error());
  if (!MayImport(s, ctx.principal())) {
    return ErrorPage(ctx, core::Error{core::ErrorCode::kForbidden, "", {}, {}});
  }
  UploadForm f;
  auto text = [&](const char* name) {
    const http::FormPart* p = http::FindPart(*parts, name);
    return p ? std::string(p->body) : std::string();
  };
  f.kind = text("kind");
  f.mode = text("mode");
  f.confirm_new = text("confirm_new") == "1";
  const auto kind = files::ParseKind(f.kind);
  const auto mode = files::ParseImportMode(f.mode);
  if (!kind) f.kind_error = ctx.T("Choose what the file holds.");
  if (!mode) f.mode_error = ctx.T("Choose what to do with wrong rows.");
  const http::FormPart* file = http::FindPart(*parts, "file");
  if (!file || (file->filename.empty() && file->body.empty())) {
    f.file_error = ctx.T("Choose the file to import.");
  } else if (file->body.empty()) {
    f.file_error = ctx.T("The file is empty.");
  }
  if (!f.kind_error.empty() || !f.mode_error.empty() || !f.file_error.empty()) return UploadPage(s, ctx, f, 422);
  auto job = s.imports->Submit(ctx.principal(), *kind, *mode, f.confirm_new, file->body);
  if (!job) {
    if (job.error().code != core::ErrorCode::kValidation) return ErrorPage(ctx, job.error());
    f.file_error = ctx.T("The file is empty.");
    return UploadPage(s, ctx, f, 422);
  }
  return Redirect("/imports/" + job->id);
}

// ---- the job page ------------------------------------------------------------------------

std::string Duration(int64_t seconds) {
  const int64_t h = seconds / 3600, m = (seconds / 60) % 60, sec = seconds % 60;
  char buf[32];
  if (h) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(h), static_cast<long long>(m),
                  static_cast<long long>(sec));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(m), static_cast<long long>(sec));
  }
  return buf;
}

std::string OutcomeText(const PageContext& ctx, const ImportJob& j) {
  if (j.state == JobState::kSucceeded) {
    if (j.mode == ImportMode::kDryRun) return ctx.T("The file is correct. This was only a check: nothing was written.");
    if (j.summary.invalid > 0) return ctx.T("The import is finished. The rows listed below were left out.");
    return ctx.T("The import is finished.");
  }
  const std::string code = j.error && !j.error->fields.empty() ? j.error->fields.front().code : "";
  if (code == "invalid_rows") {
    if (j.mode == ImportMode::kDryRun) {
      return ctx.F("{1} of {2} rows have problems: the import would be rejected. Nothing was written.",
                   {ctx.tr->Number(j.summary.invalid), ctx.tr->Number(j.summary.rows)});
    }
    return ctx.F("{1} of {2} rows have problems, so nothing was imported. Correct them and upload the file again.",
                 {ctx.tr->Number(j.summary.invalid), ctx.tr->Number(j.summary.rows)});
  }
  if (j.error && j.error->code == core::ErrorCode::kValidation) {
    return ctx.T("The file could not be imported: see the problems below. Nothing was written.");
  }
  if (j.error && j.error->code == core::ErrorCode::kForbidden) {
    return ctx.T("Your role does not allow this action. Ask an administrator if you need it.");
  }
  return ctx.T("The import stopped before the end. Nothing was written. Try again in a moment.");
}

std::string JobHeading(const PageContext& ctx, Kind kind) {
  switch (kind) {
    case Kind::kPersons:
      return ctx.T("Import of workers");
    case Kind::kEmployers:
      return ctx.T("Import of employers");
    case Kind::kPermits:
      return ctx.T("Import of work permits");
  }
  return "";
}

core::Result<http::Response> JobPage(const WebServices& s, PageContext& ctx, const std::string& id) {
  if (!MayImport(s, ctx.principal())) return core::Fail(core::Error{core::ErrorCode::kForbidden, "", {}, {}});
  LB_TRY(j, s.imports->Get(ctx.principal(), id));
  View v;
  const bool finished = j.state == JobState::kSucceeded || j.state == JobState::kFailed;
  v.set("id", j.id);
  v.set("heading", JobHeading(ctx, j.kind));
  v.set("finished", finished);
  v.set("queued", j.state == JobState::kQueued);
  v.set("succeeded", j.state == JobState::kSucceeded);
  v.set("failed", j.state == JobState::kFailed);
  v.set("json_href", "/api/v1/imports/" + j.id);
  if (!finished) {
    // Without JavaScript the page reloads itself; with it, app.js updates it in place.
    ctx.refresh_seconds = 3;
    const int percent =
        j.bytes_total ? static_cast<int>(std::min<uint64_t>(100, j.bytes_read * 100 / j.bytes_total)) : 0;
    v.set("percent", std::to_string(percent));
    v.set("rows_line", j.rows_total > 0 ? ctx.F("{1} of about {2} rows read",
                                                {ctx.tr->Number(j.rows_read), ctx.tr->Number(j.rows_total)})
                                        : ctx.F("{1} rows read", {ctx.tr->Number(j.rows_read)}));
    v.set("rate_line", ctx.F("{1} rows per second", {ctx.tr->Number(std::llround(j.rows_per_second))}));
    v.set("eta_line", j.eta_seconds ? ctx.F("About {1} left", {Duration(*j.eta_seconds)}) : std::string());
    v.set("queued_line", ctx.T("Waiting: another import is running on this server. It starts right after."));
    // The script builds the same lines from the JSON job: the texts, translated, with their {n}.
    v.set("tpl_rows", ctx.T("{1} of about {2} rows read"));
    v.set("tpl_rows_unknown", ctx.T("{1} rows read"));
    v.set("tpl_rate", ctx.T("{1} rows per second"));
    v.set("tpl_eta", ctx.T("About {1} left"));
  } else {
    v.set("outcome", OutcomeText(ctx, j));
    View counts = MakeList();
    auto count = [&](const std::string& label, int64_t n, const std::string& key) {
      View c;
      c.set("label", label);
      c.set("value", ctx.tr->Number(n));
      c.set("key", key);
      counts.push_back(c);
    };
    count(ctx.T("Rows read"), j.summary.rows, "rows");
    count(ctx.T("New records"), j.summary.created, "created");
    count(ctx.T("Updated"), j.summary.updated, "updated");
    count(ctx.T("Unchanged"), j.summary.unchanged, "unchanged");
    count(ctx.T("With problems"), j.summary.invalid, "invalid");
    v.set("counts", counts);
    v.set("dry_run_note", j.mode == ImportMode::kDryRun && j.state == JobState::kSucceeded);
    // Only the user who checked the file imports it (an administrator reading the job does not).
    v.set("can_import_now", j.can_import_now && j.owner_user_id == ctx.principal().user_id);
    v.set("import_now_action", "/imports/" + j.id + "/import");
  }
  View issues = MakeList();
  for (size_t i = 0; i < j.issues.size() && i < kIssuesShown; ++i) {
    const auto& x = j.issues[i];
    View row;
    row.set("row", ctx.tr->Number(x.row));
    row.set("column", x.column.empty() ? std::string("–") : x.column);
    row.set("value", x.value);
    row.set("value_lang", ScriptLang(x.value));
    row.set("has_value_lang", !ScriptLang(x.value).empty());
    row.set("code", x.code);
    // The importer words its messages in English; a code the catalogs know is shown in the
    // page's language (the downloaded report keeps the importer's wording).
    const bool translate = ctx.tr->lang() != "en" && !x.column.empty() && HasErrorMessage(x.code);
    row.set("message", translate ? ErrorMessage(ctx, {x.column, x.code, x.message}, x.column) : x.message);
    issues.push_back(row);
  }
  v.set("issues", issues);
  v.set("has_issues", !j.issues.empty());
  v.set("issues_note",
        static_cast<size_t>(j.issue_count) > j.issues.size()
            ? ctx.F("The first {1} of {2} problems are shown here; the report has them all.",
                    {ctx.tr->Number(static_cast<int64_t>(j.issues.size())), ctx.tr->Number(j.issue_count)})
            : std::string());
  v.set("report_href", "/api/v1/imports/" + j.id + "/issues.csv");
  return RenderPage(ctx, 200, "import_job", JobHeading(ctx, j.kind), std::move(v));
}

// ---- the permits list ----------------------------------------------------------------------

core::Result<http::Response> PermitsList(const WebServices& s, PageContext& ctx) {
  LB_CHECK(s.registry.Authorize(ctx.principal(), registry::RegistryRecord::kPermit, registry::RegistryAction::kRead));
  const auto& req = *ctx.request;
  const std::string status = req.Query("status").value_or("");
  const std::string host = req.Query("host_country").value_or("");
  const std::string province = req.Query("province").value_or("");
  std::string before = req.Query("expiring_before").value_or("");
  registry::PermitFilter f;
  if (!status.empty()) f.status = status;
  if (host == "VN" || host == "LA") f.host_country = host;
  if (!province.empty()) f.province = province;
  View v;
  bool bad_date = false;
  if (!before.empty()) {
    if (const std::string iso = IsoDateAsWritten(before); core::ParseDate(iso)) {
      f.expiring_before = iso;
    } else {
      bad_date = true;
    }
  }
  v.set("bad_date", bad_date);
  v.set("date_error",
        ctx.F("{1} must be a real date, like {2}.", {ctx.T("Expiring before"), DayFirstDate("2026-12-31")}));
  v.set("date_hint", DateHint(ctx));
  v.set("date_placeholder", DatePlaceholder(ctx));
  v.set("error_prefix", ctx.T("Error:"));
  v.set("filtered", !status.empty() || !host.empty() || !province.empty() || !before.empty());
  v.set("expiring_before", f.expiring_before ? DayFirstDate(*f.expiring_before) : before);
  auto options = [&](const Options& all, const std::string& current, const std::string& any) {
    View list = MakeList();
    for (const auto& [code, label] : all) {
      View o;
      o.set("value", code);
      o.set("label", code.empty() ? any : label);
      o.set("selected", code == current);
      list.push_back(o);
    }
    return list;
  };
  Options statuses{{"", ""}};
  for (const char* st : {"applied", "issued", "extended", "expired", "revoked", "refused", "withdrawn"}) {
    statuses.emplace_back(st, PermitStatusLabel(ctx, st));
  }
  v.set("statuses", options(statuses, status, ctx.T("Any status")));
  v.set("countries", options({{"", ""}, {"VN", ctx.T("Vietnam")}, {"LA", ctx.T("Laos")}}, host, ctx.T("Any country")));
  v.set("provinces", options(ProvinceOptions(ctx), province, ctx.T("Any province")));

  const std::string q = req.Query("q").value_or("");
  if (!q.empty()) f.q = q;
  const std::string employer = req.Query("employer").value_or("");
  if (core::IsUuid(employer)) f.employer_id = employer;
  v.set("q", q);
  ListView list(ctx, "/permits",
                {{ctx.T("Permit number"), "permit_number"},
                 {ctx.T("Worker"), "worker"},
                 {ctx.T("Employer"), "employer"},
                 {ctx.T("Occupation"), ""},
                 {ctx.T("Province of work"), "province"},
                 {ctx.T("Status"), "status"},
                 {ctx.T("Valid until"), "valid_until"}},
                "valid_until");
  list.Keep("q", q);
  list.Keep("status", f.status.value_or(""));
  list.Keep("host_country", f.host_country.value_or(""));
  list.Keep("province", f.province.value_or(""));
  list.Keep("expiring_before", f.expiring_before.value_or(""));
  list.Keep("employer", f.employer_id.value_or(""));
  registry::ListRequest page{list.cursor(), 25, true, list.sort(), list.dir()};
  LB_TRY(batch, s.registry.ListPermits(ctx.principal(), f, page));
  View rows = MakeList();
  for (const auto& w : batch.items) {
    View row;
    row.set("id", w.id);
    row.set("number", w.permit_number);
    row.set("status", PermitStatusLabel(ctx, w.status));
    row.set("status_code", w.status);
    row.set("province", ProvinceName(ctx, w.host_province));
    row.set("occupation", OccupationTitle(ctx, w.occupation));
    row.set("occupation_code", w.occupation);
    row.set("until", ctx.tr->Date(w.valid_until));
    row.set("person_id", w.person_id);
    row.set("employer_id", w.employer_id);
    if (w.parties) {
      const auto& p = *w.parties;
      row.set("worker", p.family_name.empty() ? p.given_names : p.family_name + " " + p.given_names);
      row.set("has_native", p.native_name.has_value());
      row.set("native", p.native_name.value_or(""));
      row.set("native_lang", ScriptLang(p.native_name.value_or("")));
      row.set("has_employer", p.employer_name.has_value());
      row.set("employer", p.employer_name.value_or(ctx.T("Outside your area")));
    }
    rows.push_back(row);
  }
  v.set("items", rows);
  v.set("has_items", !batch.items.empty());
  list.Fill(v, batch.offset, batch.items.size(), batch.total, batch.prev_cursor, batch.next_cursor);
  // The downloads take the list's filters (a name search is not one of them).
  std::string query;
  auto add = [&](const char* k, const std::optional<std::string>& val) {
    if (val) query += std::string("&") + k + "=" + UrlEncode(*val);
  };
  add("status", f.status);
  add("host_country", f.host_country);
  add("province", f.province);
  add("expiring_before", f.expiring_before);
  add("employer", f.employer_id);
  v.set("download_links", DownloadLinks(ctx, files::KindName(Kind::kPermits), query));
  return RenderPage(ctx, 200, "permits", ctx.T("Work permits"), std::move(v));
}

}  // namespace

void RegisterExchangePages(http::Router& router, const WebServices& services) {
  const WebServices s = services;
  if (s.site) {
    s.site->AddNav({.href = "/import",
                    .label = N_("Import"),
                    .visible =
                        [](const access::Principal& p) {
                          return registry::RoleAllows(p.role, registry::RegistryRecord::kPerson,
                                                      registry::RegistryAction::kWrite);
                        },
                    .position = 50});
  }
  router.Add("GET", "/import", SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
               if (!MayImport(s, ctx.principal())) {
                 return core::Fail(core::Error{core::ErrorCode::kForbidden, "", {}, {}});
               }
               UploadForm f;
               if (auto k = ctx.request->Query("kind"); k && files::ParseKind(*k)) f.kind = *k;
               if (auto l = ctx.request->Query("template_lang"); l && files::ParseLang(*l)) f.template_lang = *l;
               return UploadPage(s, ctx, f, 200);
             }));
  router.Add(
      "POST", "/import",
      [s](const http::Request& req, const PathParams&) -> core::Result<http::Response> {
        PageContext ctx = ContextFor(s, req);
        if (!ctx.session) return Redirect("/login");
        return StartUpload(s, ctx);
      },
      s.import_body_limit);
  router.Add("GET", "/import/template",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) { return TemplateDownload(s, ctx); }));
  // "Import now" after a clean check: the same file, by its owner only (ImportJobs::ImportChecked),
  // a form post (SignedIn checks the CSRF token).
  router.Add("POST", "/imports/{id}/import",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               if (!MayImport(s, ctx.principal()))
                 return core::Fail(core::Error{core::ErrorCode::kForbidden, "", {}, {}});
               LB_TRY(job, s.imports->ImportChecked(ctx.principal(), params.at("id")));
               return Redirect("/imports/" + job.id);
             }));
  router.Add("GET", "/imports/{id}",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) { return JobPage(s, ctx, params.at("id")); }));
  router.Add("GET", "/permits", SignedIn(s, [s](PageContext& ctx, const PathParams&) { return PermitsList(s, ctx); }));
}

}  // namespace lb::files
