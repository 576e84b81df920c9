// The administrator's view of the audit log (/admin/audit): who changed what and when, filtered
// by user, record, action and dates, a page at a time (keyset on seq, both ways), each entry
// linking to its record. It shows which fields changed, never their values: the values are on
// the record's own history, for those who may read the record. Reading this view writes
// nothing; the CSV download is itself recorded (audit.export).
#include <algorithm>
#include <charconv>

#include "core/date.h"
#include "core/id.h"
#include "text/unicode.h"
#include "ui/page_support.h"

namespace lb::ui {
namespace {

using http::PathParams;

constexpr int kPageSize = 50;
constexpr int kMaxExportRows = 10000;

core::Status RequireAdmin(const PageContext& ctx) {
  if (ctx.principal().role == access::Role::kAdmin) return {};
  return core::Fail(core::Error{core::ErrorCode::kForbidden, "Only administrators read the audit log here.", {}, {}});
}

// The kinds of record the filter offers (any other stored kind can still be typed in the URL).
constexpr std::pair<std::string_view, const char*> kKinds[] = {
    {"person", N_("Worker")}, {"employer", N_("Employer")}, {"permit", N_("Work permit")},
    {"user", N_("User")},     {"token", N_("API token")},   {"session", N_("Session")},
    {"import", N_("Import")}, {"export", N_("Export")},     {"audit", N_("Audit log")}};

// Where a record of `kind` is shown ("" when it has no page).
std::string RecordHref(const std::string& kind, const std::string& id) {
  if (id.empty() || !core::IsUuid(id)) return "";
  if (kind == "person") return "/persons/" + id;
  if (kind == "employer") return "/employers/" + id;
  if (kind == "permit") return "/permits/" + id;
  return "";
}

// The filter as typed (the URL's query) and as the log reads it.
struct AuditQuery {
  FormData typed;
  audit::AuditLog::Filter filter;
  std::optional<int64_t> after;  // "newer than": the page above
  std::vector<core::FieldError> errors;
};

bool Plain(const std::string& v, size_t max) {
  return v.size() <= max && text::IsValidUtf8(v) && !text::HasControlChars(v);
}

std::optional<int64_t> Seq(const std::string& v) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < 1) return std::nullopt;
  return n;
}

AuditQuery ReadQuery(const http::Request& req) {
  AuditQuery q;
  for (const char* k : {"user", "kind", "record", "action", "from", "to"}) {
    if (auto v = req.Query(k)) q.typed[k] = *v;
  }
  auto& f = q.filter;
  f.newest_first = true;
  f.limit = kPageSize + 1;  // one more tells whether there is a next page
  const auto text = [&](const char* name, size_t max, std::optional<std::string>& into) {
    const std::string v = Get(q.typed, name);
    if (v.empty()) return;
    if (!Plain(v, max)) {
      q.errors.push_back({name, "invalid", std::string(name) + " is not valid here."});
      return;
    }
    into = v;
  };
  text("user", 64, f.actor);
  text("kind", 32, f.entity_type);
  text("record", 64, f.entity_id);
  text("action", 64, f.action);
  const auto date = [&](const char* name, bool end, std::optional<std::string>& into) {
    const std::string v = Get(q.typed, name);
    if (v.empty()) return;
    auto d = core::ParseDateAsWritten(v, false);
    auto day = d ? core::ParseDate(d->ToString()) : std::nullopt;
    if (!day) {
      q.errors.push_back({name, "invalid_date", "Write the date as 31/12/2026, 31-12-2026 or 2026-12-31."});
      return;
    }
    // "to" includes its whole day.
    into = core::FormatDate(end ? *day + std::chrono::days(1) : *day) + "T00:00:00.000Z";
  };
  date("from", false, f.at_from);
  date("to", true, f.at_until);
  if (f.at_from && f.at_until && *f.at_from >= *f.at_until) {
    q.errors.push_back({"to", "before_start", "The end date is before the start date."});
  }
  if (auto v = req.Query("before")) {
    f.after_seq = Seq(*v);
    if (!f.after_seq) q.errors.push_back({"before", "invalid", "before is not a page this server made."});
  } else if (auto a = req.Query("after")) {
    q.after = Seq(*a);
    if (!q.after) q.errors.push_back({"after", "invalid", "after is not a page this server made."});
  }
  return q;
}

// "&user=…&kind=…" for the pager links and the download.
std::string FilterQuery(const FormData& typed) {
  std::string out;
  for (const auto& [k, v] : typed) {
    if (!v.empty()) out += "&" + k + "=" + UrlEncode(v);
  }
  return out;
}

Form FilterForm(const PageContext& ctx, const FormData& typed) {
  Form form;
  form.get = true;
  form.action = "/admin/audit";
  form.submit = ctx.T("Show");
  auto add = [&](Field f) {
    f.value = Get(typed, f.name);
    form.fields.push_back(std::move(f));
  };
  add({.name = "user", .label = ctx.T("User name")});
  Options kinds{{"", ctx.T("Any kind of record")}};
  for (const auto& [k, label] : kKinds) kinds.emplace_back(std::string(k), ctx.T(label));
  if (auto k = Get(typed, "kind");
      !k.empty() && std::none_of(std::begin(kKinds), std::end(kKinds), [&](auto& e) { return e.first == k; })) {
    kinds.emplace_back(k, k);
  }
  add({.name = "kind", .label = ctx.T("Kind of record"), .type = "select", .options = kinds});
  add({.name = "record", .label = ctx.T("Record id"), .hint = ctx.T("The id shown in the record's address.")});
  add({.name = "action", .label = ctx.T("Action"), .hint = ctx.T("For example person.update or user.set_role.")});
  add({.name = "from", .label = ctx.T("From"), .hint = ctx.T("For example 31/12/2026.")});
  add({.name = "to", .label = ctx.T("To"), .hint = ctx.T("For example 31/12/2026.")});
  return form;
}

// The entries of one page, newest first, and whether there are more either way.
struct AuditPage {
  std::vector<audit::Entry> entries;
  bool older = false, newer = false;
};

core::Result<AuditPage> ReadPage(audit::AuditLog& log, AuditQuery& q) {
  AuditPage page;
  LB_CHECK(log.Flush());  // reads just made are in the queue
  if (q.after) {
    // The page above: the entries just newer than `after`, read upwards and turned round.
    auto f = q.filter;
    f.newest_first = false;
    f.after_seq = q.after;
    LB_TRY(rows, log.List(f));
    page.newer = static_cast<int>(rows.size()) > kPageSize;
    if (page.newer) rows.pop_back();
    std::reverse(rows.begin(), rows.end());
    page.entries = std::move(rows);
    page.older = true;
    return page;
  }
  LB_TRY(rows, log.List(q.filter));
  page.older = static_cast<int>(rows.size()) > kPageSize;
  if (page.older) rows.pop_back();
  page.entries = std::move(rows);
  page.newer = q.filter.after_seq.has_value();
  return page;
}

// Which fields an entry changed (names only), or the number of records a read named.
std::string ChangedFields(const audit::Entry& e) {
  const auto& c = e.event.changes;
  if (!c.is_object()) return "";
  if (c.contains("ids") && c["ids"].is_array()) return "ids: " + std::to_string(c["ids"].size());
  std::string out;
  for (const auto& [k, _] : c.items()) out += (out.empty() ? "" : ", ") + k;
  return out;
}

core::Result<http::Response> AuditPageFor(const PageServices& s, PageContext& ctx) {
  LB_CHECK(RequireAdmin(ctx));
  if (!s.audit) return core::Fail(core::Error::NotFound("This node keeps no audit log."));
  AuditQuery q = ReadQuery(*ctx.request);
  Form form = FilterForm(ctx, q.typed);
  View v;
  View rows = MakeList();
  AuditPage page;
  if (q.errors.empty()) {
    LB_TRY(read, ReadPage(*s.audit, q));
    page = std::move(read);
  } else {
    AttachErrors(ctx, form, q.errors);
  }
  for (const auto& e : page.entries) {
    View row;
    row.set("seq", std::to_string(e.seq));
    row.set("at", ctx.tr->Date(e.at));
    row.set("actor", e.event.actor);
    row.set("user_href", "/admin/audit?user=" + UrlEncode(e.event.actor));
    row.set("action", e.event.action);
    row.set("kind", e.event.entity_type);
    row.set("record", e.event.entity_id);
    const std::string href = RecordHref(e.event.entity_type, e.event.entity_id);
    row.set("has_href", !href.empty());
    row.set("href", href);
    row.set("record_filter_href",
            "/admin/audit?kind=" + UrlEncode(e.event.entity_type) + "&record=" + UrlEncode(e.event.entity_id));
    row.set("has_record", !e.event.entity_id.empty());
    row.set("fields", ChangedFields(e));
    rows.push_back(row);
  }
  const std::string filters = FilterQuery(q.typed);
  v.set("entries", rows);
  v.set("has_entries", !page.entries.empty());
  v.set("filter", FormView(ctx, form));
  v.set("has_older", page.older && !page.entries.empty());
  v.set("has_newer", page.newer && !page.entries.empty());
  if (!page.entries.empty()) {
    v.set("older_href", "/admin/audit?before=" + std::to_string(page.entries.back().seq) + filters);
    v.set("newer_href", "/admin/audit?after=" + std::to_string(page.entries.front().seq) + filters);
  }
  v.set("csv_href", "/admin/audit.csv?" + (filters.empty() ? std::string() : filters.substr(1)));
  return RenderPage(ctx, q.errors.empty() ? 200 : 422, "audit", ctx.T("Audit log"), std::move(v));
}

std::string CsvCell(const std::string& v) {
  // Cells a spreadsheet would run as a formula get a leading apostrophe.
  std::string cell = v;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) cell = "'" + cell;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

core::Result<http::Response> AuditCsv(const PageServices& s, PageContext& ctx) {
  LB_CHECK(RequireAdmin(ctx));
  if (!s.audit) return core::Fail(core::Error::NotFound("This node keeps no audit log."));
  AuditQuery q = ReadQuery(*ctx.request);
  if (!q.errors.empty()) return core::Fail(core::Error::Validation(q.errors));
  LB_CHECK(s.audit->Flush());
  std::string body = "seq,at,actor,action,entity_type,entity_id,fields\r\n";
  auto f = q.filter;
  f.limit = 1000;
  int written = 0;
  while (written < kMaxExportRows) {
    LB_TRY(rows, s.audit->List(f));
    for (const auto& e : rows) {
      body += std::to_string(e.seq) + "," + CsvCell(e.at) + "," + CsvCell(e.event.actor) + "," +
              CsvCell(e.event.action) + "," + CsvCell(e.event.entity_type) + "," + CsvCell(e.event.entity_id) + "," +
              CsvCell(ChangedFields(e)) + "\r\n";
      if (++written == kMaxExportRows) break;
    }
    if (static_cast<int>(rows.size()) < f.limit) break;
    f.after_seq = rows.back().seq;
  }
  // Who took a copy of the log, and of which part: recorded like any export.
  nlohmann::json what = nlohmann::json::object();
  for (const auto& [k, v] : q.typed) {
    if (!v.empty()) what[k] = v;
  }
  what["rows"] = written;
  s.audit->Record({ctx.principal().user_name, "audit.export", "audit", "", std::move(what)});
  LB_CHECK(s.audit->Flush());
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.With("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
  r.With("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterAuditPages(http::Router& router, const PageServices& services) {
  const PageServices s = services;
  router.Add("GET", "/admin/audit",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) { return AuditPageFor(s, ctx); }));
  router.Add("GET", "/admin/audit.csv",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) { return AuditCsv(s, ctx); }));
}

}  // namespace lb::ui
