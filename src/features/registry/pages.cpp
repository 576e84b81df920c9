// Pages of the registry: workers (list, search, page, forms), employers and work permits.
#include "features/registry/pages.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "features/registry/employer_pages.h"
#include "features/registry/history_pages.h"
#include "features/registry/kinds.h"
#include "features/registry/worklist_pages.h"
#include "ui/dates.h"
#include "ui/list_view.h"
#include "ui/page_support.h"

namespace lb::registry {

// Pages are written in the vocabulary of src/ui (PageContext, View, Escape, forms).
using namespace lb::ui;  // NOLINT(google-build-using-namespace)
namespace {

using WebServices = RegistryPageServices;

using http::PathParams;
using registry::Employer;
using registry::Person;
using registry::RegistryService;
using registry::WorkPermit;

// ---- values shown on pages -------------------------------------------------------------

std::string PersonName(const Person& p) {
  std::string name = p.family_name;
  if (!p.given_names.empty()) name += (name.empty() ? "" : " ") + p.given_names;
  return name;
}

std::string SexLabel(const PageContext& ctx, const std::string& sex) {
  if (sex == "F") return ctx.T("Female");
  if (sex == "M") return ctx.T("Male");
  if (sex == "X") return ctx.T("Other or not stated");
  return sex;
}

std::string DocumentKindLabel(const PageContext& ctx, const std::string& kind) {
  if (kind == "passport") return ctx.T("Passport");
  if (kind == "national_id") return ctx.T("Citizen identity card");
  if (kind == "lao_id_card") return ctx.T("Lao identity card");
  if (kind == "family_book") return ctx.T("Family book");
  return kind;
}

// A filter's options for the list template: value, label and whether it is the chosen one;
// the empty value reads `any` when given.
View SelectOptions(const Options& options, const std::string& chosen, const std::string& any) {
  View list = MakeList();
  for (const auto& [code, label] : options) {
    View o;
    o.set("value", code);
    o.set("label", code.empty() && !any.empty() ? any : label);
    o.set("selected", code == chosen);
    list.push_back(o);
  }
  return list;
}

// ---- search: the registry's name search (any script or spelling), then the page's filters --

bool PassesFilter(const Person& p, const registry::PersonFilter& f) {
  if (f.nationality && p.nationality != *f.nationality) return false;
  if (f.status && p.status != *f.status) return false;
  if (f.province && p.home_province != f.province) return false;
  return true;
}

core::Result<std::vector<Person>> SearchPersons(const WebServices& s, const access::Principal& actor,
                                                const registry::PersonFilter& filter, const std::string& q,
                                                size_t limit) {
  // The service returns at most 50 hits; the page's filters apply to those.
  LB_TRY(hits, s.registry.SearchPersons(actor, q, std::min<size_t>(50, limit * 4)));
  std::vector<Person> out;
  for (auto& h : hits) {
    if (out.size() < limit && PassesFilter(h.person, filter)) out.push_back(std::move(h.person));
  }
  return out;
}

std::string JsonEscapeForScript(const nlohmann::json& j) { return j.dump(); }

// ---- forms from a kind's field table --------------------------------------------------

// A kind's fields on a form, from its field table (features/registry/kinds.cpp).
template <typename T>
FormData KindValues(kinds::Fields<T> fields, const T& record) {
  FormData v;
  for (const auto& f : fields) {
    if (f.on_form) v[std::string(f.name)] = kinds::TextOf(f, record);
  }
  v["version"] = std::to_string(record.version);
  return v;
}

// The kinds' date fields: typed day first or ISO, shown day first (a birth date may be partial).
std::optional<DateInput> DateFieldOf(std::string_view name) {
  if (name == "birth_date") return DateInput::kPartial;
  if (name == "valid_from" || name == "valid_until" || name == "issued") return DateInput::kDay;
  return std::nullopt;
}

template <typename T>
void KindFromForm(kinds::Fields<T> fields, const FormData& form, T& record) {
  for (const auto& f : fields) {
    if (!f.on_form) continue;
    const std::string name(f.name);
    auto value = f.text ? std::optional<std::string>(Get(form, name)) : Opt(form, name);
    // Dates as officers write them: day first, or ISO.
    if (auto date = DateFieldOf(name)) value = IsoDateAsWritten(value, *date == DateInput::kPartial);
    kinds::Set(f, record, value);
  }
}

// `records` are the choices of a kRecord field.
template <typename T>
void AddKindFields(const PageContext& ctx, kinds::Fields<T> fields, const FormData& v, Form& form,
                   const Options& records = {}) {
  for (const auto& f : fields) {
    if (!f.on_form) continue;
    Field x;
    x.name = std::string(f.name);
    x.label = ctx.T(f.label);
    x.value = Get(v, x.name);
    if (f.hint) x.hint = ctx.T(f.hint);
    x.autocomplete = std::string(f.autocomplete);
    x.required = f.required;
    switch (f.widget) {
      case kinds::Widget::kText:
        break;
      case kinds::Widget::kNativeText:
        x.input_lang = ScriptLang(x.value);
        break;
      case kinds::Widget::kTextarea:
        x.type = "textarea";
        break;
      case kinds::Widget::kCountry:
        x.type = "select";
        x.options = CountryOptions(ctx);
        break;
      case kinds::Widget::kProvince:
        x.type = "select";
        x.options = ProvinceOptions(ctx);
        break;
      case kinds::Widget::kUrl:
        x.type = "url";
        break;
      case kinds::Widget::kSex:
        x.type = "select";
        x.options = {
            {"", ctx.T("Choose")}, {"F", ctx.T("Female")}, {"M", ctx.T("Male")}, {"X", ctx.T("Other or not stated")}};
        break;
      case kinds::Widget::kPhone:
        x.type = "tel";
        break;
      case kinds::Widget::kHostCountry:
        x.type = "select";
        x.options = {{"", ctx.T("Choose a country")}, {"VN", ctx.T("Vietnam")}, {"LA", ctx.T("Laos")}};
        break;
      case kinds::Widget::kRecord:
        x.type = "select";
        x.options = records;
        break;
      case kinds::Widget::kDate:  // DateFieldOf below
        break;
    }
    if (auto date = DateFieldOf(x.name)) DateInputField(ctx, x, *date);
    if (x.name == "occupation") {
      // With scripts on, a search over ISCO-08 titles fills in the code (registry/occupations.h);
      // without, the code is typed. The chosen code's title is named under the label.
      x.suggest = "/api/v1/reference/isco";
      if (const std::string label = OccupationLabel(ctx, x.value); !x.value.empty() && label != x.value) {
        x.hint += " " + ctx.F("Now: {1}.", {label});
      }
    }
    form.fields.push_back(std::move(x));
  }
}

// ---- the person form -------------------------------------------------------------------

FormData PersonValues(const Person& p) {
  FormData f = KindValues(registry::PersonFields(), p);
  if (!p.documents.empty()) {
    const auto& d = p.documents.front();
    f["doc_kind"] = d.kind;
    f["doc_number"] = d.number;
    f["doc_country"] = d.issuing_country;
    f["doc_expires"] = d.expires.value_or("");
  }
  return f;
}

Person PersonFromForm(const FormData& f, const Person* current) {
  Person p;
  if (current) p = *current;
  KindFromForm(registry::PersonFields(), f, p);
  // The form edits the first document; any further ones (from the API) are kept.
  std::vector<registry::Document> docs;
  if (!Get(f, "doc_kind").empty() || !Get(f, "doc_number").empty()) {
    docs.push_back(
        {Get(f, "doc_kind"), Get(f, "doc_number"), Get(f, "doc_country"), IsoDateAsWritten(Opt(f, "doc_expires"))});
  }
  if (current) {
    for (size_t i = 1; i < current->documents.size(); ++i) docs.push_back(current->documents[i]);
  }
  p.documents = std::move(docs);
  return p;
}

std::string PersonFieldOf(const std::string& field) {
  if (field.starts_with("documents")) {
    if (field.ends_with(".kind")) return "doc_kind";
    if (field.ends_with(".issuing_country")) return "doc_country";
    if (field.ends_with(".expires")) return "doc_expires";
    return "doc_number";
  }
  return field;
}

Form PersonForm(const PageContext& ctx, const FormData& v, const std::string& action, const std::string& submit) {
  Form form;
  form.action = action;
  form.submit = submit;
  auto add = [&](Field f) {
    f.value = Get(v, f.name);
    form.fields.push_back(std::move(f));
  };
  AddKindFields(ctx, registry::PersonFields(), v, form);
  add({.name = "doc_kind",
       .label = ctx.T("Identity document"),
       .type = "select",
       .options = {{"", ctx.T("None")},
                   {"passport", ctx.T("Passport")},
                   {"national_id", ctx.T("Citizen identity card")},
                   {"lao_id_card", ctx.T("Lao identity card")},
                   {"family_book", ctx.T("Family book")}}});
  add({.name = "doc_number", .label = ctx.T("Document number")});
  add({.name = "doc_country", .label = ctx.T("Issued by"), .type = "select", .options = CountryOptions(ctx)});
  Field expires{.name = "doc_expires", .label = ctx.T("Document expires on"), .value = Get(v, "doc_expires")};
  DateInputField(ctx, expires);
  form.fields.push_back(std::move(expires));
  return form;
}

// ---- the employer and permit forms ----------------------------------------------------

// Who saved record `kind` `id` last (its newest change in the audit log) and when; the
// record's own updated_at is the time, the log only names the officer.
SavedBy LastSaved(const WebServices& s, const PageContext& ctx, const std::string& kind, const std::string& id,
                  const std::string& updated_at) {
  SavedBy out;
  out.at = updated_at;
  if (auto h = s.registry.RecordHistory(ctx.principal(), kind, id, 1); h && !h->empty()) {
    out.actor = h->front().event.actor;
  }
  return out;
}

// What an edit form's POST answers: `back` when saved; both versions when the record changed
// meanwhile (`theirs`); the form with its errors otherwise (`discard` is where to go instead).
template <typename T>
core::Result<http::Response> AfterEdit(const PageContext& ctx, Form view, const FormData& form,
                                       const core::Result<T>& updated, const FormData& theirs, const std::string& title,
                                       const std::string& discard, const std::string& back,
                                       std::string (*field_of)(const std::string&) = nullptr,
                                       const std::function<SavedBy()>& saved_by = {}) {
  if (updated) return Redirect(back);
  if (updated.error().code == core::ErrorCode::kPreconditionFailed) {
    return ConflictPage(ctx, view, form, theirs, discard, saved_by ? saved_by() : SavedBy{});
  }
  return Rejected(ctx, std::move(view), updated.error(), title, discard, field_of);
}

FormData EmployerValues(const Employer& e) { return KindValues(registry::EmployerFields(), e); }

Employer EmployerFromForm(const FormData& f, const Employer* current) {
  Employer e;
  if (current) e = *current;
  KindFromForm(registry::EmployerFields(), f, e);
  return e;
}

Form EmployerForm(const PageContext& ctx, const FormData& v, const std::string& action, const std::string& submit) {
  Form form;
  form.action = action;
  form.submit = submit;
  AddKindFields(ctx, registry::EmployerFields(), v, form);
  return form;
}

FormData PermitValues(const WorkPermit& w) {
  FormData v = KindValues(registry::PermitFields(), w);
  v["status"] = w.status;
  return v;
}

WorkPermit PermitFromForm(const FormData& f, const WorkPermit* current) {
  WorkPermit w;
  if (current) w = *current;
  KindFromForm(registry::PermitFields(), f, w);
  if (!current) w.status = Get(f, "status");
  return w;
}

core::Result<Form> PermitForm(const WebServices& s, const PageContext& ctx, const FormData& v,
                              const std::string& action, const std::string& submit, bool is_new) {
  Options employers{{"", ctx.T("Choose an employer")}};
  LB_TRY(page, s.registry.ListEmployers(ctx.principal(), {std::nullopt, std::nullopt, "active"},
                                        registry::ListRequest{std::nullopt, 500}));
  for (const auto& e : page.items) employers.emplace_back(e.id, e.name + " (" + e.registration_number + ")");
  Form form;
  form.action = action;
  form.submit = submit;
  AddKindFields(ctx, registry::PermitFields(), v, form, employers);
  if (is_new) {
    form.fields.push_back(
        {.name = "status",
         .label = ctx.T("Status"),
         .value = Get(v, "status"),
         .type = "select",
         .options = {{"applied", PermitStatusLabel(ctx, "applied")}, {"issued", PermitStatusLabel(ctx, "issued")}}});
  }
  return form;
}

bool InForce(const WorkPermit& w) { return w.status == "issued" || w.status == "extended"; }

// The edit form of a permit in force has no date fields: its issue and start dates are fixed
// and its end date moves only by an extension, which the page links to (the status form on its page).
void DropDatesInForce(const WorkPermit& w, Form& form) {
  if (!InForce(w)) return;
  std::erase_if(form.fields,
                [](const Field& f) { return f.name == "valid_from" || f.name == "valid_until" || f.name == "issued"; });
}

// The edit page: the generic form page, and for a permit in force its dates, read-only, with
// the way to record an extension.
http::Response PermitEditPage(const PageContext& ctx, const WorkPermit& w, const Form& form, int status) {
  if (!InForce(w)) return FormPage(ctx, status, ctx.T("Edit permit"), form, "/permits/" + w.id);
  View v;
  v.set("id", w.id);
  v.set("issued", w.issued ? ctx.tr->Date(*w.issued) : "–");
  v.set("valid_from", ctx.tr->Date(w.valid_from));
  v.set("valid_until", ctx.tr->Date(w.valid_until));
  v.set("can_extend", registry::IsLawfulTransition(w.status, "extended"));
  v.set("form", FormView(ctx, form));
  return RenderPage(ctx, status, "permit_edit", ctx.T("Edit permit"), std::move(v));
}

// The person may be registered already: the form again, kept as typed, with the candidates
// and a button that says "this is a new person" (the same post with confirm_new=1).
core::Result<http::Response> DuplicatePage(const WebServices& s, const PageContext& ctx, const FormData& typed,
                                           const Person& input) {
  LB_TRY(candidates, s.registry.FindDuplicates(ctx.principal(), input));
  static const std::map<std::string, const char*, std::less<>> kReasons = {
      {"name", N_("same name")},
      {"name_similar", N_("similar name")},
      {"birth_date", N_("same date of birth")},
      {"birth_date_day_month_swapped", N_("date of birth with day and month swapped")},
      {"birth_year", N_("same year of birth")},
      {"document", N_("same document number")},
      {"nationality", N_("same nationality")},
      {"sex", N_("same sex")},
  };
  View list = MakeList();
  for (const auto& c : candidates) {
    View row;
    row.set("id", c.person.id);
    row.set("name", PersonName(c.person));
    row.set("has_native", c.person.native_name.has_value());
    row.set("native", c.person.native_name.value_or(""));
    if (auto l = ScriptLang(c.person.native_name.value_or("")); !l.empty()) row.set("native_lang", l);
    row.set("birth", DateOrDash(ctx, c.person.birth_date));
    row.set("nationality", CountryName(ctx, c.person.nationality));
    std::string why;
    for (const auto& r : c.reasons) {
      auto it = kReasons.find(r);
      if (it == kReasons.end()) continue;
      why += (why.empty() ? "" : ", ") + ctx.T(it->second);
    }
    row.set("reasons", why);
    list.push_back(row);
  }
  Form form = PersonForm(ctx, typed, "/persons/new", ctx.T("This is a new person: register them"));
  form.hidden = {{"confirm_new", "1"}};
  View v;
  v.set("heading", ctx.T("Register a worker"));
  v.set("has_intro", false);
  v.set("has_back", true);
  v.set("back", std::string("/persons"));
  v.set("has_duplicates", true);
  v.set("duplicates", list);
  v.set("form", FormView(ctx, form));
  return RenderPage(ctx, 409, "form_page", ctx.T("This person may be registered already"), std::move(v));
}

// ---- handlers ---------------------------------------------------------------------------

core::Result<http::Response> PersonsList(const WebServices& s, PageContext& ctx) {
  const auto& req = *ctx.request;
  registry::PersonFilter filter;
  const std::string q = req.Query("q").value_or("");
  const std::string nationality = req.Query("nationality").value_or("");
  const std::string province = req.Query("province").value_or("");
  if (!province.empty()) filter.province = province;
  std::string status = req.Query("status").value_or("active");
  if (!nationality.empty()) filter.nationality = nationality;
  if (status != "active" && status != "archived" && status != "all") status = "active";
  if (status != "all") filter.status = status;
  View v;
  v.set("q", q);
  v.set("searching", !q.empty());
  v.set("filtered", !nationality.empty() || !province.empty() || status != "active");
  v.set("provinces", SelectOptions(ProvinceOptions(ctx), province, ctx.T("Any province")));
  v.set("nationalities", SelectOptions(CountryOptions(ctx), nationality, ctx.T("Any nationality")));
  v.set("statuses", SelectOptions({{"active", ctx.T("Active")}, {"archived", ctx.T("Archived")}, {"all", ctx.T("All")}},
                                  status, ""));

  // Search results come best match first: their headings do not sort.
  std::vector<ListColumn> columns = {{ctx.T("Name"), "name"},
                                     {ctx.T("Name as written"), "native_name"},
                                     {ctx.T("Nationality"), "nationality"},
                                     {ctx.T("Date of birth"), "birth_date"}};
  if (!q.empty()) {
    for (auto& c : columns) c.sort.clear();
  }
  ListView list(ctx, "/persons", std::move(columns), q.empty() ? "name" : "");
  list.Keep("status", status);
  list.Keep("nationality", nationality);
  list.Keep("province", province);
  std::vector<Person> items;
  if (!q.empty()) {
    list.Keep("q", q);
    auto found = SearchPersons(s, ctx.principal(), filter, q, 50);
    if (!found && found.error().code != core::ErrorCode::kValidation) return core::Fail(found.error());
    if (found) {
      items = std::move(*found);
      v.set("count_line", ctx.tr->N("{1} worker found", "{1} workers found", static_cast<int64_t>(items.size())));
    } else {
      v.set("count_line", ctx.T("Type a name or a document number to search."));
    }
    list.Fill(v, 0, items.size(), std::nullopt, std::nullopt, std::nullopt);
  } else {
    registry::ListRequest page{list.cursor(), 25, true, list.sort(), list.dir()};
    LB_TRY(batch, s.registry.ListPersons(ctx.principal(), filter, page));
    items = std::move(batch.items);
    list.Fill(v, batch.offset, items.size(), batch.total, batch.prev_cursor, batch.next_cursor);
  }
  View rows = MakeList();
  for (const auto& p : items) {
    View row;
    row.set("id", p.id);
    row.set("name", PersonName(p));
    row.set("native", p.native_name.value_or(""));
    row.set("has_native", p.native_name && !ScriptLang(*p.native_name).empty());
    row.set("native_lang", ScriptLang(p.native_name.value_or("")));
    row.set("nationality", CountryName(ctx, p.nationality));
    row.set("birth", DateOrDash(ctx, p.birth_date));
    rows.push_back(row);
  }
  v.set("items", rows);
  v.set("has_items", !items.empty());
  // The downloads hold every worker the filters match (a name search is not part of them).
  std::string filters;
  if (filter.nationality) filters += "&nationality=" + UrlEncode(*filter.nationality);
  if (filter.province) filters += "&province=" + UrlEncode(*filter.province);
  if (filter.status) filters += "&status=" + UrlEncode(*filter.status);
  v.set("download_links", DownloadLinks(ctx, "persons", filters));
  return RenderPage(ctx, 200, "persons", ctx.T("Workers"), std::move(v));
}

core::Result<http::Response> PersonPage(const WebServices& s, PageContext& ctx, const std::string& id) {
  LB_TRY(p, s.registry.GetPerson(ctx.principal(), id));
  View v;
  v.set("id", p.id);
  v.set("name", PersonName(p));
  v.set("has_native", p.native_name.has_value());
  v.set("native", p.native_name.value_or(""));
  if (auto l = ScriptLang(p.native_name.value_or("")); !l.empty()) v.set("native_lang", l);
  v.set("archived", p.status == "archived");
  View details = MakeList();
  details.push_back(Detail(ctx.T("Family name (as in the passport)"), p.family_name));
  details.push_back(Detail(ctx.T("Given names (as in the passport)"), p.given_names));
  details.push_back(Detail(ctx.T("Sex"), SexLabel(ctx, p.sex)));
  details.push_back(Detail(ctx.T("Date of birth"), DateOrDash(ctx, p.birth_date)));
  details.push_back(Detail(ctx.T("Nationality"), CountryName(ctx, p.nationality)));
  details.push_back(Detail(ctx.T("Home province"), p.home_province ? ProvinceName(ctx, *p.home_province) : ""));
  details.push_back(Detail(ctx.T("Phone number"), p.phone.value_or("")));
  details.push_back(Detail(ctx.T("Registered on"), ctx.tr->Date(p.created_at)));
  details.push_back(Detail(ctx.T("Last changed"), ctx.tr->Date(p.updated_at)));
  v.set("details", details);
  View docs = MakeList();
  for (const auto& d : p.documents) {
    View row;
    row.set("kind", DocumentKindLabel(ctx, d.kind));
    row.set("number", d.number);
    row.set("country", CountryName(ctx, d.issuing_country));
    row.set("expires", DateOrDash(ctx, d.expires));
    docs.push_back(row);
  }
  v.set("documents", docs);
  v.set("has_documents", !p.documents.empty());
  View permits = MakeList();
  bool any_permit = false;
  if (s.registry.Authorize(ctx.principal(), registry::RegistryRecord::kPermit, registry::RegistryAction::kRead)) {
    registry::PermitFilter f;
    f.person_id = p.id;
    LB_TRY(page, s.registry.ListPermits(ctx.principal(), f, registry::ListRequest{std::nullopt, 100}));
    for (const auto& w : page.items) {
      View row;
      row.set("id", w.id);
      row.set("number", w.permit_number);
      row.set("status", PermitStatusLabel(ctx, w.status));
      row.set("status_code", w.status);
      row.set("until", ctx.tr->Date(w.valid_until));
      // The employer's name only where the reader may open it (else the id's page is a 404).
      const auto employer = w.parties ? w.parties->employer_name : std::nullopt;
      row.set("employer_id", w.employer_id);
      row.set("has_employer", employer.has_value());
      row.set("employer", employer.value_or(ctx.T("Outside your area")));
      permits.push_back(row);
      any_permit = true;
    }
  }
  v.set("permits", permits);
  v.set("has_permits", any_permit);
  LB_CHECK(AddRegistryHistory(s, ctx, "person", p.id, v));
  return RenderPage(ctx, 200, "person", PersonName(p), std::move(v));
}

core::Result<http::Response> PermitPage(const WebServices& s, PageContext& ctx, const std::string& id,
                                        const FormData* typed, const core::Error* error) {
  LB_TRY(w, s.registry.GetPermit(ctx.principal(), id));
  View v;
  v.set("id", w.id);
  v.set("number", w.permit_number);
  v.set("status", PermitStatusLabel(ctx, w.status));
  v.set("status_code", w.status);
  v.set("person_id", w.person_id);
  std::string person_name = ctx.T("Worker");
  if (auto p = s.registry.GetPerson(ctx.principal(), w.person_id)) person_name = PersonName(*p);
  v.set("person_name", person_name);
  v.set("employer_id", w.employer_id);
  if (auto e = s.registry.GetEmployer(ctx.principal(), w.employer_id)) {
    v.set("has_employer", true);
    v.set("employer_name", e->name);
  } else {
    v.set("has_employer", false);
  }
  View details = MakeList();
  details.push_back(Detail(ctx.T("Country of work"), CountryName(ctx, w.host_country)));
  details.push_back(Detail(ctx.T("Province of work"), ProvinceName(ctx, w.host_province)));
  details.push_back(Detail(ctx.T("Occupation"), OccupationLabel(ctx, w.occupation)));
  details.push_back(Detail(ctx.T("Issued on"), DateOrDash(ctx, w.issued)));
  details.push_back(Detail(ctx.T("Valid from"), ctx.tr->Date(w.valid_from)));
  details.push_back(Detail(ctx.T("Valid until"), ctx.tr->Date(w.valid_until)));
  details.push_back(Detail(ctx.T("Extensions"), ctx.tr->Number(w.extensions)));
  v.set("details", details);
  Options next{{"", ctx.T("Choose the new status")}};
  for (const char* to : {"issued", "extended", "expired", "revoked", "refused", "withdrawn"}) {
    if (registry::IsLawfulTransition(w.status, to)) next.emplace_back(to, PermitStatusLabel(ctx, to));
  }
  Form form;
  form.action = "/permits/" + w.id + "/transition";
  form.submit = ctx.T("Change the status");
  form.confirm = ctx.T("Change the status of this permit?");
  form.hidden = {{"version", std::to_string(w.version)}};
  FormData values = typed ? *typed : FormData{};
  auto add = [&](Field f, bool date = false) {
    f.value = Get(values, f.name);
    if (date) DateInputField(ctx, f);
    form.fields.push_back(std::move(f));
  };
  add({.name = "to", .label = ctx.T("New status"), .type = "select", .options = next, .required = true});
  add({.name = "effective_on", .label = ctx.T("Takes effect on"), .required = true}, true);
  add({.name = "valid_until", .label = ctx.T("New end date (extensions only)")}, true);
  add({.name = "reason", .label = ctx.T("Reason"), .type = "textarea"});
  // The service names the date "date", as the API takes it.
  if (error)
    AttachErrors(ctx, form, error->fields,
                 [](const std::string& f) { return f == "date" ? std::string("effective_on") : f; });
  v.set("can_transition", next.size() > 1);
  v.set("form", FormView(ctx, form));
  View transitions = MakeList();
  for (auto it = w.transitions.rbegin(); it != w.transitions.rend(); ++it) {
    View row;
    row.set("on", ctx.tr->Date(it->effective_on));
    row.set("to", PermitStatusLabel(ctx, it->to_status));
    row.set("actor", it->actor);
    row.set("has_reason", it->reason.has_value());
    row.set("reason", it->reason.value_or(""));
    transitions.push_back(row);
  }
  v.set("transitions", transitions);
  LB_CHECK(AddRegistryHistory(s, ctx, "permit", w.id, v));
  return RenderPage(ctx, error ? 422 : 200, "permit", ctx.T("Work permit") + " " + w.permit_number, std::move(v));
}

// The home dashboard's registry part.
core::Result<std::string> RegistryCounts(const WebServices& s, PageContext& ctx) {
  const auto& actor = ctx.principal();
  View v;
  // Counts over what the user may see, a page at a time through the service (so scope and
  // role apply exactly as everywhere else); large registries show the first 20,000.
  std::map<std::string, int64_t> by_nationality, by_province;
  bool truncated = false;
  if (s.registry.Authorize(actor, registry::RegistryRecord::kPerson, registry::RegistryAction::kRead)) {
    // Counts only: no record is shown, so no read is recorded.
    registry::ListRequest page{std::nullopt, 500, false};
    for (int i = 0; i < 40; ++i) {
      LB_TRY(batch, s.registry.ListPersons(actor, registry::PersonFilter{std::nullopt, std::nullopt, "active"}, page));
      for (const auto& p : batch.items) {
        ++by_nationality[p.nationality];
        ++by_province[p.home_province.value_or("")];
      }
      if (!batch.next_cursor) break;
      page.cursor = batch.next_cursor;
      truncated = i == 39;
    }
  }
  View nat = MakeList();
  for (const auto& [code, n] : by_nationality) {
    View row;
    row.set("code", code);
    row.set("name", CountryName(ctx, code));
    row.set("count", ctx.tr->Number(n));
    nat.push_back(row);
  }
  v.set("by_nationality", nat);
  std::vector<std::pair<std::string, int64_t>> provinces(by_province.begin(), by_province.end());
  std::stable_sort(provinces.begin(), provinces.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  View prov = MakeList();
  for (size_t i = 0; i < provinces.size() && i < 15; ++i) {
    View row;
    row.set("name", provinces[i].first.empty() ? ctx.T("Not recorded") : ProvinceName(ctx, provinces[i].first));
    row.set("count", ctx.tr->Number(provinces[i].second));
    prov.push_back(row);
  }
  v.set("by_province", prov);
  v.set("truncated", truncated);
  v.set("truncated_note", ctx.T("Counted over the first 20,000 workers."));

  return RenderTemplate(ctx, "registry_dashboard", std::move(v));
}

// A kind's edit page (GET and POST <path>/{id}/edit): the form with the record's values, and
// its answer (saved, conflict, or the form again with its errors).
template <typename T>
struct EditPages {
  const char* path;             // "/persons"
  const char* title;            // msgid
  bool back_to_record = false;  // back to the record's page (else the list)
  core::Result<T> (RegistryService::*get)(const access::Principal&, const std::string&);
  core::Result<T> (RegistryService::*update)(const access::Principal&, const std::string&, int64_t, T);
  Form (*form)(const PageContext&, const FormData&, const std::string&, const std::string&);
  FormData (*values)(const T&);
  T (*from_form)(const FormData&, const T*);
  std::string (*field_of)(const std::string&) = nullptr;
};

// The record an edit page changes (its role check, before any of it is shown).
constexpr registry::RegistryRecord RecordOf(const Person*) { return registry::RegistryRecord::kPerson; }
constexpr registry::RegistryRecord RecordOf(const Employer*) { return registry::RegistryRecord::kEmployer; }

template <typename T>
void AddEditPages(http::Router& router, const WebServices& s, const EditPages<T>& k) {
  const std::string path = k.path;
  auto back = [k](const std::string& id) { return std::string(k.path) + (k.back_to_record ? "/" + id : ""); };
  router.Add("GET", path + "/{id}/edit",
             SignedIn(s, [s, k, back](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               // A form only for those who may send it (a viewer's was drawn, then refused on saving).
               LB_CHECK(s.registry.Authorize(ctx.principal(), RecordOf(static_cast<const T*>(nullptr)),
                                             registry::RegistryAction::kWrite));
               LB_TRY(x, (s.registry.*k.get)(ctx.principal(), params.at("id")));
               auto form =
                   k.form(ctx, k.values(x), std::string(k.path) + "/" + x.id + "/edit", ctx.T("Save the changes"));
               form.hidden = {{"version", std::to_string(x.version)}};
               return FormPage(ctx, 200, ctx.T(k.title), form, back(x.id));
             }));
  router.Add("POST", path + "/{id}/edit",
             SignedIn(s, [s, k, back](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               const std::string id = params.at("id");
               LB_TRY(form, ReadForm(*ctx.request));
               LB_TRY(current, (s.registry.*k.get)(ctx.principal(), id));
               LB_TRY(version, VersionOf(form));
               auto view = k.form(ctx, form, std::string(k.path) + "/" + id + "/edit", ctx.T("Save the changes"));
               view.hidden = {{"version", Get(form, "version")}};
               auto updated = (s.registry.*k.update)(ctx.principal(), id, version, k.from_form(form, &current));
               const std::string kind = std::string(k.path) == "/persons" ? "person" : "employer";
               return AfterEdit(ctx, std::move(view), form, updated, k.values(current), ctx.T(k.title), back(id),
                                back(id), k.field_of, [&] { return LastSaved(s, ctx, kind, id, current.updated_at); });
             }));
}

}  // namespace

void RegisterRegistryPages(http::Router& router, const WebServices& services) {
  const WebServices s = services;
  if (s.site) {
    s.site->AddNav({.href = "/persons", .label = N_("Workers"), .position = 10});
    s.site->AddNav({.href = "/employers", .label = N_("Employers"), .position = 20});
    s.site->AddNav({.href = "/permits", .label = N_("Work permits"), .exact = true, .position = 30});
    s.site->AddWidget({.position = 10, .render = [s](PageContext& ctx) { return RegistryCounts(s, ctx); }});
  }
  // First: /permits/expiring is not a permit's id.
  RegisterWorklistPages(router, s);
  router.Add("GET", "/persons", SignedIn(s, [s](PageContext& ctx, const PathParams&) { return PersonsList(s, ctx); }));

  // Type-ahead suggestions for the search box (app.js): a few names as JSON.
  router.Add("GET", "/persons/suggest",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
               const std::string q = ctx.request->Query("q").value_or("");
               nlohmann::json out = nlohmann::json::array();
               if (q.size() >= 2) {
                 auto found = SearchPersons(s, ctx.principal(), {std::nullopt, std::nullopt, "active"}, q, 8);
                 if (!found && found.error().code != core::ErrorCode::kValidation) return core::Fail(found.error());
                 for (const auto& p : found ? *found : std::vector<Person>{}) {
                   out.push_back({{"id", p.id}, {"name", PersonName(p)}, {"native_name", p.native_name.value_or("")}});
                 }
               }
               http::Response r = http::JsonResponse(200, JsonEscapeForScript(out));
               r.With("Cache-Control", "no-store");
               return r;
             }));

  router.Add(
      "GET", "/persons/new", SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
        LB_CHECK(
            s.registry.Authorize(ctx.principal(), registry::RegistryRecord::kPerson, registry::RegistryAction::kWrite));
        FormData defaults{{"nationality", ctx.principal().country == "VN" ? "LA" : "VN"}};
        return FormPage(ctx, 200, ctx.T("Register a worker"),
                        PersonForm(ctx, defaults, "/persons/new", ctx.T("Register the worker")), "/persons");
      }));
  router.Add(
      "POST", "/persons/new", SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
        LB_TRY(form, ReadForm(*ctx.request));
        const Person input = PersonFromForm(form, nullptr);
        const bool confirm_new = Get(form, "confirm_new") == "1";
        auto created = s.registry.CreatePerson(ctx.principal(), input, {}, confirm_new);
        if (!created) {
          const auto& e = created.error();
          const bool duplicate =
              e.code == core::ErrorCode::kConflict && !e.fields.empty() && e.fields.front().field == "confirm_new";
          if (duplicate) return DuplicatePage(s, ctx, form, input);
          return Rejected(ctx, PersonForm(ctx, form, "/persons/new", ctx.T("Register the worker")), e,
                          ctx.T("Register a worker"), "/persons", &PersonFieldOf);
        }
        return Redirect("/persons/" + created->id);
      }));
  router.Add("GET", "/persons/{id}",
             SignedIn(s, [s](PageContext& ctx, const PathParams& p) { return PersonPage(s, ctx, p.at("id")); }));
  AddEditPages<Person>(router, s,
                       {.path = "/persons",
                        .title = N_("Edit the worker's details"),
                        .back_to_record = true,
                        .get = &RegistryService::GetPerson,
                        .update = &RegistryService::UpdatePerson,
                        .form = &PersonForm,
                        .values = &PersonValues,
                        .from_form = &PersonFromForm,
                        .field_of = &PersonFieldOf});

  router.Add(
      "GET", "/employers/new", SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
        LB_CHECK(s.registry.Authorize(ctx.principal(), registry::RegistryRecord::kEmployer,
                                      registry::RegistryAction::kWrite));
        FormData defaults{{"country", ctx.principal().country}};
        return FormPage(ctx, 200, ctx.T("Register an employer"),
                        EmployerForm(ctx, defaults, "/employers/new", ctx.T("Register the employer")), "/employers");
      }));
  router.Add("POST", "/employers/new",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
               LB_TRY(form, ReadForm(*ctx.request));
               auto created = s.registry.CreateEmployer(ctx.principal(), EmployerFromForm(form, nullptr));
               if (!created) {
                 return Rejected(ctx, EmployerForm(ctx, form, "/employers/new", ctx.T("Register the employer")),
                                 created.error(), ctx.T("Register an employer"), "/employers");
               }
               // Its own page (the edit form) shows what was registered; the list is long.
               return Redirect("/employers/" + created->id + "/edit");
             }));
  AddEditPages<Employer>(router, s,
                         {.path = "/employers",
                          .title = N_("Edit the employer"),
                          .back_to_record = false,
                          .get = &RegistryService::GetEmployer,
                          .update = &RegistryService::UpdateEmployer,
                          .form = &EmployerForm,
                          .values = &EmployerValues,
                          .from_form = &EmployerFromForm});

  router.Add("GET", "/persons/{id}/permits/new",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_TRY(p, s.registry.GetPerson(ctx.principal(), params.at("id")));
               LB_CHECK(s.registry.Authorize(ctx.principal(), registry::RegistryRecord::kPermit,
                                             registry::RegistryAction::kWrite));
               FormData defaults{{"host_country", ctx.principal().country},
                                 {"host_province", ctx.principal().province.value_or("")},
                                 {"status", "issued"}};
               LB_TRY(form, PermitForm(s, ctx, defaults, "/persons/" + p.id + "/permits/new",
                                       ctx.T("Record the permit"), true));
               return FormPage(ctx, 200, ctx.F("Add a work permit for {1}", {PersonName(p)}), form, "/persons/" + p.id);
             }));
  router.Add(
      "POST", "/persons/{id}/permits/new",
      SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
        LB_TRY(p, s.registry.GetPerson(ctx.principal(), params.at("id")));
        LB_TRY(form, ReadForm(*ctx.request));
        WorkPermit input = PermitFromForm(form, nullptr);
        input.person_id = p.id;
        auto created = s.registry.CreatePermit(ctx.principal(), input);
        if (!created) {
          LB_TRY(view, PermitForm(s, ctx, form, "/persons/" + p.id + "/permits/new", ctx.T("Record the permit"), true));
          return Rejected(ctx, view, created.error(), ctx.F("Add a work permit for {1}", {PersonName(p)}),
                          "/persons/" + p.id);
        }
        return Redirect("/permits/" + created->id);
      }));
  router.Add("GET", "/permits/{id}", SignedIn(s, [s](PageContext& ctx, const PathParams& params) {
               return PermitPage(s, ctx, params.at("id"), nullptr, nullptr);
             }));
  router.Add("POST", "/permits/{id}/transition",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               const std::string id = params.at("id");
               LB_TRY(form, ReadForm(*ctx.request));
               LB_TRY(version, VersionOf(form));
               registry::TransitionRequest t{Get(form, "to"), IsoDateAsWritten(Get(form, "effective_on")),
                                             Opt(form, "reason"), IsoDateAsWritten(Opt(form, "valid_until"))};
               auto done = s.registry.TransitionPermit(ctx.principal(), id, version, t);
               if (!done) {
                 if (done.error().code == core::ErrorCode::kPreconditionFailed) {
                   // Someone changed the permit meanwhile: show it as it is now, nothing applied.
                   return Redirect("/permits/" + id);
                 }
                 if (done.error().code != core::ErrorCode::kValidation) return core::Fail(done.error());
                 return PermitPage(s, ctx, id, &form, &done.error());
               }
               return Redirect("/permits/" + id);
             }));
  router.Add("GET", "/permits/{id}/edit",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_CHECK(s.registry.Authorize(ctx.principal(), registry::RegistryRecord::kPermit,
                                             registry::RegistryAction::kWrite));
               LB_TRY(w, s.registry.GetPermit(ctx.principal(), params.at("id")));
               LB_TRY(form, PermitForm(s, ctx, PermitValues(w), "/permits/" + w.id + "/edit", ctx.T("Save the changes"),
                                       false));
               form.hidden = {{"version", std::to_string(w.version)}};
               DropDatesInForce(w, form);
               return PermitEditPage(ctx, w, form, 200);
             }));
  router.Add("POST", "/permits/{id}/edit",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               const std::string id = params.at("id");
               LB_TRY(form, ReadForm(*ctx.request));
               LB_TRY(current, s.registry.GetPermit(ctx.principal(), id));
               LB_TRY(version, VersionOf(form));
               LB_TRY(view, PermitForm(s, ctx, form, "/permits/" + id + "/edit", ctx.T("Save the changes"), false));
               view.hidden = {{"version", Get(form, "version")}};
               DropDatesInForce(current, view);
               WorkPermit input = PermitFromForm(form, &current);
               // The form of a permit in force has no dates: it keeps the ones it has.
               if (!form.contains("valid_from")) input.valid_from = current.valid_from;
               if (!form.contains("valid_until")) input.valid_until = current.valid_until;
               if (!form.contains("issued")) input.issued = current.issued;
               auto updated = s.registry.UpdatePermit(ctx.principal(), id, version, std::move(input));
               if (!updated && InForce(current) && updated.error().code == core::ErrorCode::kValidation &&
                   !updated.error().fields.empty()) {
                 AttachErrors(ctx, view, updated.error().fields);
                 return PermitEditPage(ctx, current, view, 422);
               }
               return AfterEdit(ctx, std::move(view), form, updated, PermitValues(current), ctx.T("Edit permit"),
                                "/permits/" + id, "/permits/" + id, nullptr,
                                [&] { return LastSaved(s, ctx, "permit", id, current.updated_at); });
             }));
  // After /employers/new, which "/employers/{id}" would otherwise take.
  RegisterEmployerPages(router, services);
}

}  // namespace lb::registry
