// The expiring-permits worklist and the dashboard's permit counts. Every number the dashboard
// shows is counted with the very filter of the list it links to, through the same service
// call, so the two cannot disagree.
#include "features/registry/worklist_pages.h"

#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "ui/dates.h"
#include "ui/page_support.h"

namespace lb::registry {

// Pages are written in the vocabulary of src/ui (PageContext, View, Escape, forms).
using namespace lb::ui;  // NOLINT(google-build-using-namespace)
namespace {

using http::PathParams;
using registry::PermitFilter;
using registry::WorkPermit;

// The worklist's windows: ending within 30, 60 or 90 days, or ended in the last 90 days.
constexpr int kWindows[] = {30, 60, 90};
constexpr int kLapsedDays = 90;
// Rows per page of the worklist, and the most a count pages through (as the dashboard's
// other counts: 40 pages of 500).
constexpr int kPageSize = 50;
// The most permits one post may tick (four pages): more is refused before any is recorded, so
// a forged form cannot make the node record, or answer, thousands of rows at once.
constexpr size_t kMaxTicked = 200;
constexpr int kCountPages = 40;

struct Window {
  std::string key;  // "30", "60", "90" or "lapsed"
  PermitFilter filter;
};

std::chrono::sys_days TodayOf(const registry::RegistryService& registry) { return *core::ParseDate(registry.Today()); }

// The permits a window holds: in force and ending before today + N days, or expired (recorded
// or lapsed) with an end date in the last 90 days.
std::optional<Window> WindowOf(const registry::RegistryService& registry, const std::string& key) {
  const auto today = TodayOf(registry);
  Window w{key, {}};
  if (key == "lapsed") {
    w.filter.status = "expired";
    w.filter.expiring_before = core::FormatDate(today);
    w.filter.ending_from = core::FormatDate(today - std::chrono::days(kLapsedDays));
    return w;
  }
  for (int days : kWindows) {
    if (key == std::to_string(days)) {
      w.filter.in_force = true;
      w.filter.expiring_before = core::FormatDate(today + std::chrono::days(days));
      return w;
    }
  }
  return std::nullopt;
}

// How many permits `filter` lists for `actor`: the list's own pages, fetched without showing a
// record (no read is recorded).
core::Result<int64_t> CountListed(registry::RegistryService& registry, const access::Principal& actor,
                                  const PermitFilter& filter) {
  int64_t n = 0;
  registry::ListRequest page{std::nullopt, 500, false};
  for (int i = 0; i < kCountPages; ++i) {
    LB_TRY(batch, registry.ListPermits(actor, filter, page));
    n += static_cast<int64_t>(batch.items.size());
    if (!batch.next_cursor) break;
    page.cursor = batch.next_cursor;
  }
  return n;
}

bool MayRead(const RegistryPageServices& s, const access::Principal& p) {
  return static_cast<bool>(s.registry.Authorize(p, registry::RegistryRecord::kPermit, registry::RegistryAction::kRead));
}
bool MayWrite(const RegistryPageServices& s, const access::Principal& p) {
  return static_cast<bool>(
      s.registry.Authorize(p, registry::RegistryRecord::kPermit, registry::RegistryAction::kWrite));
}

// ---- the dashboard widget ------------------------------------------------------------------

core::Result<std::string> ExpiryWidget(const RegistryPageServices& s, PageContext& ctx) {
  const auto& actor = ctx.principal();
  if (!MayRead(s, actor)) return std::string();
  View v;
  View counts = MakeList();
  // One linked number: the count of the list at `href`, made with that list's filter.
  auto add = [&](const std::string& href, const PermitFilter& filter, std::string label) -> core::Result<int64_t> {
    LB_TRY(n, CountListed(s.registry, actor, filter));
    View row;
    row.set("href", href);
    row.set("raw", std::to_string(n));
    row.set("count", ctx.tr->Number(n));
    row.set("label", std::move(label));
    counts.push_back(row);
    return n;
  };
  int64_t within_30 = 0;
  for (int days : kWindows) {
    const std::string key = std::to_string(days);
    LB_TRY(n, add("/permits/expiring?within=" + key, WindowOf(s.registry, key)->filter,
                  ctx.tr->N("ending within {1} day", "ending within {1} days", days)));
    if (days == 30) within_30 = n;
  }
  LB_CHECK(add("/permits/expiring?within=lapsed", WindowOf(s.registry, "lapsed")->filter,
               ctx.tr->N("ended in the last {1} day", "ended in the last {1} days", kLapsedDays)));
  PermitFilter expired;
  expired.status = "expired";
  LB_CHECK(add("/permits?status=expired", expired, ctx.T("expired in all")));
  v.set("counts", counts);
  v.set("has_notice", within_30 > 0);
  v.set("notice", ctx.tr->N("{1} work permit ends within 30 days.", "{1} work permits end within 30 days.", within_30));
  return RenderTemplate(ctx, "expiring_widget", std::move(v));
}

// ---- the worklist --------------------------------------------------------------------------

// What the officer typed into a bulk form, to show again beside the errors.
struct Typed {
  std::string action, effective_on, reason;
  std::map<std::string, std::string> until;                   // permit id -> typed new end date
  std::vector<std::pair<std::string, std::string>> recorded;  // permit id, number: the rows recorded
  std::set<std::string> picked;
  std::map<std::string, std::string> row_errors;  // permit id -> translated message
  std::string action_error, date_error;
  std::vector<std::pair<std::string, std::string>> summary;  // href, message
  int done = 0;
};

// A row's error in the page's language, from the service's error.
std::string RowError(const PageContext& ctx, const core::Error& e) {
  const std::string code = e.fields.empty() ? "" : e.fields.front().code;
  if (e.code == core::ErrorCode::kNotFound) return ctx.T("This permit was not found in your scope.");
  if (e.code == core::ErrorCode::kForbidden) return ctx.T("You may change permits only in your own scope.");
  if (e.code == core::ErrorCode::kPreconditionFailed)
    return ctx.T("Someone changed this permit meanwhile: check it and try again.");
  if (code == "lapsed") return ctx.T("This permit has ended: it can only be recorded as expired.");
  if (code == "in_future" || code == "before_last_change")
    return ctx.T("The date must lie between the permit's last change and today.");
  if (!e.fields.empty() && e.fields.front().field == "reason")
    return ctx.T("An expiry before the permit's end date needs a reason.");
  if (code == "not_later") return ctx.T("The new end date must be after the current one.");
  if (code == "too_long") return ctx.T("The extension is longer than the law allows.");
  if (code == "extension_limit") return ctx.T("This permit cannot be extended again.");
  if (code == "unlawful_transition") return ctx.T("This change is not possible for the permit's status.");
  if (code == "invalid_date" || code == "required")
    return ctx.T("Give the new end date as a real date, like 2026-05-21.");
  return ctx.T("This permit could not be changed.");
}

std::string LeftLabel(const PageContext& ctx, std::chrono::sys_days today, const std::string& until) {
  const auto end = core::ParseDate(until);
  if (!end) return "";
  const auto days = (*end - today).count();
  if (days < 0) return ctx.tr->N("ended {1} day ago", "ended {1} days ago", -days);
  if (days == 0) return ctx.T("last day today");
  return ctx.tr->N("{1} day left", "{1} days left", days);
}

core::Result<http::Response> WorklistPage(const RegistryPageServices& s, PageContext& ctx, const std::string& key,
                                          const Typed* typed) {
  const auto& actor = ctx.principal();
  LB_CHECK(s.registry.Authorize(actor, registry::RegistryRecord::kPermit, registry::RegistryAction::kRead));
  const auto window = WindowOf(s.registry, key);
  if (!window) {
    return core::Fail(core::Error::Field("within", "invalid_value", "within must be 30, 60, 90 or lapsed."));
  }
  const auto today = TodayOf(s.registry);
  const bool can_write = MayWrite(s, actor);
  View v;
  const std::string title = ctx.T("Expiring work permits");
  v.set("title", title);
  v.set("within", key);
  View windows = MakeList();
  for (const char* k : {"30", "60", "90", "lapsed"}) {
    View w;
    w.set("href", std::string("/permits/expiring?within=") + k);
    w.set("current", key == k);
    w.set("label", std::string(k) == "lapsed"
                       ? ctx.tr->N("Ended in the last {1} day", "Ended in the last {1} days", kLapsedDays)
                       : ctx.tr->N("Within {1} day", "Within {1} days", std::stoi(k)));
    windows.push_back(w);
  }
  v.set("windows", windows);

  LB_TRY(total, CountListed(s.registry, actor, window->filter));
  v.set("total_raw", std::to_string(total));
  v.set("total_line", ctx.tr->N("{1} work permit in this list", "{1} work permits in this list", total));
  v.set("scope_line", actor.province ? ctx.F("Permits in your scope: {1}.", {ProvinceName(ctx, *actor.province)})
                                     : ctx.F("Permits in your scope: {1}.", {CountryName(ctx, actor.country)}));

  registry::ListRequest page{ctx.request->Query("cursor"), kPageSize};
  LB_TRY(batch, s.registry.ListPermits(actor, window->filter, page));
  View rows = MakeList();
  for (const WorkPermit& w : batch.items) {
    View row;
    row.set("id", w.id);
    row.set("version", std::to_string(w.version));
    row.set("number", w.permit_number);
    row.set("status", PermitStatusLabel(ctx, w.status));
    row.set("status_code", w.status);
    row.set("province", ProvinceName(ctx, w.host_province));
    row.set("until", ctx.tr->Date(w.valid_until));
    row.set("left", LeftLabel(ctx, today, w.valid_until));
    row.set("can_write", can_write);
    row.set("error_prefix", ctx.T("Error:"));
    if (typed) {
      row.set("picked", typed->picked.contains(w.id));
      if (auto it = typed->until.find(w.id); it != typed->until.end()) row.set("typed_until", it->second);
      if (auto it = typed->row_errors.find(w.id); it != typed->row_errors.end()) {
        row.set("has_error", true);
        row.set("error", it->second);
      }
    }
    rows.push_back(row);
  }
  v.set("items", rows);
  v.set("has_items", !batch.items.empty());
  v.set("can_write", can_write);
  v.set("error_prefix", ctx.T("Error:"));
  v.set("effective_on", typed ? typed->effective_on : DayFirstDate(core::FormatDate(today)));
  v.set("reason", typed ? typed->reason : std::string());
  v.set("date_hint", DateHint(ctx));
  v.set("date_placeholder", DatePlaceholder(ctx));
  v.set("action_extend", typed && typed->action == "extend");
  v.set("action_expire", typed && typed->action == "expire");
  if (typed && !typed->action_error.empty()) v.set("action_error", typed->action_error);
  if (typed && !typed->date_error.empty()) v.set("date_error", typed->date_error);
  if (typed && typed->done > 0) {
    v.set("has_done", true);
    v.set("done_line", ctx.tr->N("{1} work permit was updated.", "{1} work permits were updated.", typed->done));
    // Which ones: a recorded row may have left this list (an extension past its window).
    View recorded = MakeList();
    for (const auto& [id, number] : typed->recorded) {
      View r;
      r.set("id", id);
      r.set("number", number);
      recorded.push_back(r);
    }
    v.set("has_recorded", !typed->recorded.empty());
    v.set("recorded", recorded);
  } else if (auto done = ctx.request->Query("done"); done && !done->empty() && done->size() < 6) {
    int n = 0;
    auto [p, ec] = std::from_chars(done->data(), done->data() + done->size(), n);
    if (ec == std::errc() && p == done->data() + done->size() && n > 0) {
      v.set("has_done", true);
      v.set("done_line", ctx.tr->N("{1} work permit was updated.", "{1} work permits were updated.", n));
    }
  }
  View errors = MakeList();
  if (typed) {
    for (const auto& [href, message] : typed->summary) {
      View e;
      e.set("href", href);
      e.set("message", message);
      errors.push_back(e);
    }
  }
  v.set("has_errors", typed && !typed->summary.empty());
  v.set("errors", errors);
  v.set("has_next", batch.next_cursor.has_value());
  if (batch.next_cursor)
    v.set("next_href", "/permits/expiring?within=" + key + "&cursor=" + UrlEncode(*batch.next_cursor));
  const bool failed = typed && !typed->summary.empty();
  return RenderPage(ctx, failed ? 422 : 200, "permits_expiring", title, std::move(v));
}

// The bulk action: each ticked permit through the service on its own (its own transaction and
// audit entry), so one permit's error does not undo the others; the page comes back with the
// errors beside their rows and everything typed kept.
core::Result<http::Response> RecordBulk(const RegistryPageServices& s, PageContext& ctx) {
  const auto& actor = ctx.principal();
  // Forbidden callers learn nothing more (not even whether their input would be valid).
  LB_CHECK(s.registry.Authorize(actor, registry::RegistryRecord::kPermit, registry::RegistryAction::kWrite));
  LB_TRY(form, ReadForm(*ctx.request));
  std::string key = Get(form, "within");
  if (!WindowOf(s.registry, key)) key = "30";
  Typed typed;
  typed.action = Get(form, "action");
  typed.effective_on = Get(form, "effective_on");
  typed.reason = Get(form, "reason");
  std::vector<std::string> ids;
  size_t ticked = 0;
  for (const auto& [name, value] : form) {
    if (name.starts_with("pick_") && value == "1") {
      const std::string id = name.substr(5);
      if (!core::IsUuid(id) || ++ticked > kMaxTicked) continue;
      ids.push_back(id);
      typed.picked.insert(id);
    } else if (name.starts_with("until_")) {
      typed.until[name.substr(6)] = value;
    }
  }
  if (typed.action != "extend" && typed.action != "expire") {
    typed.action_error = ctx.T("Choose what to record: an extension or an expiry.");
    typed.summary.emplace_back("#action", typed.action_error);
  }
  const std::string effective_on = IsoDateAsWritten(typed.effective_on);
  if (!core::ParseDate(effective_on)) {
    typed.date_error =
        ctx.F("{1} must be a real date, like {2}.", {ctx.T("Takes effect on"), DayFirstDate("2026-12-31")});
    typed.summary.emplace_back("#effective_on", typed.date_error);
  }
  if (ids.empty()) typed.summary.emplace_back("#worklist", ctx.T("Select at least one permit."));
  if (ticked > kMaxTicked) {
    typed.summary.emplace_back("#worklist", ctx.F("Select at most {1} permits at a time.",
                                                  {ctx.tr->Number(static_cast<int64_t>(kMaxTicked))}));
  }
  if (!typed.summary.empty()) return WorklistPage(s, ctx, key, &typed);

  for (const auto& id : ids) {
    std::optional<int64_t> version;
    const std::string typed_version = Get(form, "version_" + id);
    int64_t n = 0;
    if (auto [p, ec] = std::from_chars(typed_version.data(), typed_version.data() + typed_version.size(), n);
        ec == std::errc() && p == typed_version.data() + typed_version.size()) {
      version = n;
    }
    // The reason, when given, goes with every ticked row (an early expiry needs one).
    registry::TransitionRequest t{typed.action == "extend" ? "extended" : "expired", effective_on, Opt(form, "reason"),
                                  std::nullopt};
    if (typed.action == "extend") t.valid_until = IsoDateAsWritten(Opt(form, "until_" + id));
    if (!version) {
      typed.row_errors[id] = ctx.T("Someone changed this permit meanwhile: check it and try again.");
    } else if (auto done = s.registry.TransitionPermit(actor, id, version, t); !done) {
      // Errors the service did not expect (the database) are not the officer's to fix.
      if (done.error().code == core::ErrorCode::kInternal || done.error().code == core::ErrorCode::kUnavailable) {
        return core::Fail(done.error());
      }
      typed.row_errors[id] = RowError(ctx, done.error());
    } else {
      ++typed.done;
      typed.recorded.emplace_back(done->id, done->permit_number);
      typed.picked.erase(id);
      typed.until.erase(id);
    }
  }
  if (typed.row_errors.empty()) {
    return Redirect("/permits/expiring?within=" + key + "&done=" + std::to_string(typed.done));
  }
  for (const auto& [id, message] : typed.row_errors) typed.summary.emplace_back("#row-" + id, message);
  return WorklistPage(s, ctx, key, &typed);
}

}  // namespace

void RegisterWorklistPages(http::Router& router, const RegistryPageServices& services) {
  const RegistryPageServices s = services;
  if (s.site) {
    // Reached from the dashboard's numbers and its notice, not the menu: one more menu entry
    // no longer fits the Vietnamese menu on one line at 1280 px.
    s.site->AddWidget({.position = 5, .render = [s](PageContext& ctx) { return ExpiryWidget(s, ctx); }});
  }
  router.Add("GET", "/permits/expiring", SignedIn(s, [s](PageContext& ctx, const PathParams&) {
               return WorklistPage(s, ctx, ctx.request->Query("within").value_or("30"), nullptr);
             }));
  router.Add("POST", "/permits/expiring",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) { return RecordBulk(s, ctx); }));
}

}  // namespace lb::registry
