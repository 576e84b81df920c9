// The employers' list and an employer's page.
#include "features/registry/employer_pages.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "features/registry/history_pages.h"
#include "features/registry/kinds.h"
#include "ui/list_view.h"
#include "ui/page_support.h"

namespace lb::registry {

// Pages are written in the vocabulary of src/ui (PageContext, View, Escape, forms).
using namespace lb::ui;  // NOLINT(google-build-using-namespace)
namespace {

using WebServices = RegistryPageServices;
using http::PathParams;
using registry::Employer;
using registry::RegistryAction;
using registry::RegistryRecord;

// ISIC Rev.4 sections, for the sector filter and the employer's details.
const std::map<std::string, const char*, std::less<>>& Sectors() {
  static const std::map<std::string, const char*, std::less<>> k = {
      {"A", N_("Agriculture, forestry and fishing")},
      {"B", N_("Mining and quarrying")},
      {"C", N_("Manufacturing")},
      {"D", N_("Electricity, gas, steam and air conditioning supply")},
      {"E", N_("Water supply; sewerage, waste management and remediation")},
      {"F", N_("Construction")},
      {"G", N_("Wholesale and retail trade; repair of motor vehicles")},
      {"H", N_("Transportation and storage")},
      {"I", N_("Accommodation and food service activities")},
      {"J", N_("Information and communication")},
      {"K", N_("Financial and insurance activities")},
      {"L", N_("Real estate activities")},
      {"M", N_("Professional, scientific and technical activities")},
      {"N", N_("Administrative and support service activities")},
      {"O", N_("Public administration and defence; compulsory social security")},
      {"P", N_("Education")},
      {"Q", N_("Human health and social work activities")},
      {"R", N_("Arts, entertainment and recreation")},
      {"S", N_("Other service activities")},
      {"T", N_("Activities of households as employers")},
      {"U", N_("Activities of extraterritorial organizations and bodies")},
  };
  return k;
}

std::string SectorLabel(const PageContext& ctx, const std::optional<std::string>& code) {
  if (!code) return "";
  auto it = Sectors().find(*code);
  return it == Sectors().end() ? *code : *code + " – " + ctx.T(it->second);
}

View Choices(const Options& options, const std::string& chosen, const std::string& any) {
  View list = MakeList();
  View first;
  first.set("value", std::string());
  first.set("label", any);
  first.set("selected", chosen.empty());
  list.push_back(first);
  for (const auto& [value, label] : options) {
    if (value.empty()) continue;
    View o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == chosen);
    list.push_back(o);
  }
  return list;
}

std::string WorkerName(const registry::WorkPermit::Parties& p) {
  return p.family_name.empty() ? p.given_names : p.family_name + " " + p.given_names;
}

core::Result<http::Response> EmployersList(const WebServices& s, PageContext& ctx) {
  LB_CHECK(s.registry.Authorize(ctx.principal(), RegistryRecord::kEmployer, RegistryAction::kRead));
  const auto& req = *ctx.request;
  const std::string q = req.Query("q").value_or("");
  const std::string country = req.Query("country").value_or("");
  const std::string province = req.Query("province").value_or("");
  const std::string sector = req.Query("sector").value_or("");
  std::string status = req.Query("status").value_or("active");
  if (status != "active" && status != "archived" && status != "all") status = "active";
  registry::EmployerFilter f;
  if (!q.empty()) f.q = q;
  if (!country.empty()) f.country = country;
  if (!province.empty()) f.province = province;
  if (Sectors().contains(sector)) f.sector = sector;
  if (status != "all") f.status = status;

  ListView list(ctx, "/employers",
                {{ctx.T("Name"), "name"},
                 {ctx.T("Registration number"), "registration_number"},
                 {ctx.T("Province"), "province"},
                 {ctx.T("Economic sector"), "sector"}},
                "name");
  list.Keep("q", q);
  list.Keep("country", country);
  list.Keep("province", province);
  list.Keep("sector", f.sector.value_or(""));
  list.Keep("status", status);

  View v;
  v.set("q", q);
  v.set("filtered", !country.empty() || !province.empty() || f.sector.has_value() || status != "active");
  v.set("countries", Choices(CountryOptions(ctx), country, ctx.T("Any country")));
  v.set("provinces", Choices(ProvinceOptions(ctx), province, ctx.T("Any province")));
  Options sectors;
  for (const auto& [code, label] : Sectors()) sectors.emplace_back(code, code + " – " + ctx.T(label));
  v.set("sectors", Choices(sectors, f.sector.value_or(""), ctx.T("Any sector")));
  v.set("statuses", Choices({{"active", ctx.T("Active")}, {"archived", ctx.T("Archived")}, {"all", ctx.T("All")}},
                            status, ctx.T("Active")));
  v.set("may_write",
        s.registry.Authorize(ctx.principal(), RegistryRecord::kEmployer, RegistryAction::kWrite).has_value());

  registry::ListRequest page{list.cursor(), 25, true, list.sort(), list.dir()};
  auto batch = s.registry.ListEmployers(ctx.principal(), f, page);
  if (!batch && batch.error().code == core::ErrorCode::kValidation) {
    // A filter value the service refuses (an unknown country code typed into the URL): the
    // list without it would mislead, so the page says which one and shows nothing.
    v.set("has_error", true);
    std::string names;
    for (const auto& e : batch.error().fields) names += (names.empty() ? "" : ", ") + e.field;
    v.set("error_line", ctx.F("These filters are not valid: {1}.", {names}));
    list.Fill(v, 0, 0, std::nullopt, std::nullopt, std::nullopt);
    v.set("items", MakeList());
    v.set("has_items", false);
    return RenderPage(ctx, 422, "employers", ctx.T("Employers"), std::move(v));
  }
  if (!batch) return core::Fail(batch.error());
  View rows = MakeList();
  for (const auto& e : batch->items) {
    View row;
    row.set("id", e.id);
    row.set("name", e.name);
    row.set("native", e.native_name.value_or(""));
    row.set("has_native", e.native_name.has_value());
    row.set("native_lang", ScriptLang(e.native_name.value_or("")));
    row.set("number", e.registration_number);
    row.set("province", e.province ? ProvinceName(ctx, *e.province) : CountryName(ctx, e.country));
    row.set("sector", SectorLabel(ctx, e.sector));
    rows.push_back(row);
  }
  v.set("items", rows);
  v.set("has_items", !batch->items.empty());
  list.Fill(v, batch->offset, batch->items.size(), batch->total, batch->prev_cursor, batch->next_cursor);
  v.set("download_links", DownloadLinks(ctx, "employers", list.FilterQuery()));
  return RenderPage(ctx, 200, "employers", ctx.T("Employers"), std::move(v));
}

// An address shown as a link: http:// or https:// only (case-insensitive), with no space or
// control character. Anything else — javascript:, data:, a scheme-relative //host — is text,
// whatever a row holds (the service refuses such addresses, but rows may come from elsewhere).
bool IsLinkable(std::string_view url) {
  if (url.size() > 200) return false;
  std::string lower(url.substr(0, 8));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

// The employer's details in the order of its field table (the name heads the page), so a field
// added to the table shows here without a line of its own. A URL field is a link when it is safe
// to be one (IsLinkable), opened without a referrer and without access to this page.
View EmployerDetails(const PageContext& ctx, const Employer& e) {
  View details = MakeList();
  for (const auto& f : registry::EmployerFields()) {
    if (f.name == "name" || f.name == "native_name") continue;
    const std::string value = kinds::TextOf(f, e);
    std::string shown = value;
    if (f.widget == kinds::Widget::kCountry) shown = CountryName(ctx, value);
    if (f.widget == kinds::Widget::kProvince) shown = value.empty() ? "" : ProvinceName(ctx, value);
    if (f.name == "sector") shown = SectorLabel(ctx, e.sector);
    View d = Detail(ctx.T(f.label), shown);
    if (f.widget == kinds::Widget::kUrl && IsLinkable(value)) d.set("href", value);
    details.push_back(d);
  }
  return details;
}

core::Result<http::Response> EmployerPage(const WebServices& s, PageContext& ctx, const std::string& id) {
  // Role and scope exactly as every registry read: another province's employer is 404, a role
  // without employer reads 403.
  LB_TRY(e, s.registry.GetEmployer(ctx.principal(), id));
  View v;
  v.set("id", e.id);
  v.set("name", e.name);
  v.set("has_native", e.native_name.has_value());
  v.set("native", e.native_name.value_or(""));
  if (auto l = ScriptLang(e.native_name.value_or("")); !l.empty()) v.set("native_lang", l);
  v.set("archived", e.status == "archived");
  v.set("may_write",
        s.registry.Authorize(ctx.principal(), RegistryRecord::kEmployer, RegistryAction::kWrite).has_value());
  View details = EmployerDetails(ctx, e);
  details.push_back(Detail(ctx.T("Registered on"), ctx.tr->Date(e.created_at)));
  details.push_back(Detail(ctx.T("Last changed"), ctx.tr->Date(e.updated_at)));
  v.set("details", details);

  // Its workers, through their permits with it (the ones the reader may see), by name.
  View permits = MakeList();
  int64_t total = 0;
  if (s.registry.Authorize(ctx.principal(), RegistryRecord::kPermit, RegistryAction::kRead)) {
    registry::PermitFilter f;
    f.employer_id = e.id;
    registry::ListRequest page{std::nullopt, 100, true, std::string("worker"), std::string("asc")};
    LB_TRY(batch, s.registry.ListPermits(ctx.principal(), f, page));
    total = batch.total.value_or(0);
    for (const auto& w : batch.items) {
      View row;
      row.set("id", w.id);
      row.set("person_id", w.person_id);
      row.set("worker", w.parties ? WorkerName(*w.parties) : std::string());
      const auto native = w.parties ? w.parties->native_name : std::nullopt;
      row.set("has_native", native.has_value());
      row.set("native", native.value_or(""));
      row.set("native_lang", ScriptLang(native.value_or("")));
      row.set("number", w.permit_number);
      row.set("status", PermitStatusLabel(ctx, w.status));
      row.set("status_code", w.status);
      row.set("until", ctx.tr->Date(w.valid_until));
      permits.push_back(row);
    }
    v.set("has_more_permits", batch.items.size() < static_cast<size_t>(total));
    v.set("permits_line", batch.items.size() < static_cast<size_t>(total)
                              ? ctx.F("The first {1} of {2} work permits, by worker.",
                                      {ctx.tr->Number(static_cast<int64_t>(batch.items.size())), ctx.tr->Number(total)})
                              : std::string());
    v.set("all_permits_href", "/permits?employer=" + e.id);
  }
  v.set("permits", permits);
  v.set("has_permits", total > 0);

  LB_CHECK(AddRegistryHistory(s, ctx, "employer", e.id, v));
  return RenderPage(ctx, 200, "employer", e.name, std::move(v));
}

}  // namespace

void RegisterEmployerPages(http::Router& router, const RegistryPageServices& services) {
  const WebServices s = services;
  router.Add("GET", "/employers",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) { return EmployersList(s, ctx); }));
  router.Add("GET", "/employers/{id}",
             SignedIn(s, [s](PageContext& ctx, const PathParams& p) { return EmployerPage(s, ctx, p.at("id")); }));
}

}  // namespace lb::registry
