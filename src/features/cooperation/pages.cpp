// Pages of the cooperation: the dashboard, conferences, agreements (with their signed PDFs),
// commitments and their progress, activities, organisations and their succession, twinned
// provinces and the period evaluation report. Every form calls the same CooperationService
// functions as the API, so rules and audit are the same; the pages only shape and translate.
#include "features/cooperation/pages.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <span>
#include <spanstream>
#include <type_traits>

#include "core/date.h"
#include "features/cooperation/dashboard.h"
#include "features/cooperation/json.h"
#include "features/cooperation/kinds.h"
#include "features/cooperation/labels.h"
#include "features/cooperation/list_totals.h"
#include "features/cooperation/report/evaluation.h"
#include "http/multipart.h"
#include "rest/authenticate.h"
#include "ui/dates.h"
#include "ui/page_support.h"

namespace lb::cooperation {

// Pages are written in the vocabulary of src/ui (PageContext, View, Escape, forms).
using namespace lb::ui;  // NOLINT(google-build-using-namespace)
namespace {

using cooperation::Activity;
using cooperation::Agreement;
using cooperation::Commitment;
using cooperation::Conference;
using cooperation::CooperationService;
using cooperation::Organisation;
using cooperation::Text3;
using cooperation::Twinning;
using http::PathParams;
using P = const access::Principal&;
using WebServices = CooperationPageServices;

constexpr std::string_view kRoot = "/cooperation";

CooperationService& Svc(const WebServices& s) { return *s.cooperation; }

std::string Today(const WebServices& s) { return core::FormatDate(Svc(s).clock().Now()); }

// ---- labels --------------------------------------------------------------------------------

std::string Lang(const PageContext& ctx) { return ctx.tr->lang(); }

std::string CoopLabel(const PageContext& ctx, const std::string& key) { return cooperation::Label(key, Lang(ctx)); }
std::string FieldLabel(const PageContext& ctx, const std::string& f) { return CoopLabel(ctx, "field." + f); }
std::string StatusLabel(const PageContext& ctx, const std::string& s) { return CoopLabel(ctx, "status." + s); }
std::string ActivityKindLabel(const PageContext& ctx, const std::string& k) { return CoopLabel(ctx, "activity." + k); }

// The codes with their labels (cooperation/labels.cpp: "<prefix>.<code>"), after `first` when
// given.
Options LabelOptions(const PageContext& ctx, std::string_view prefix, std::span<const std::string_view> codes,
                     const std::string& first) {
  Options out;
  if (!first.empty()) out.emplace_back("", first);
  for (auto c : codes) out.emplace_back(std::string(c), CoopLabel(ctx, std::string(prefix) + "." + std::string(c)));
  return out;
}
Options FieldOptions(const PageContext& ctx, const std::string& first) {
  return LabelOptions(ctx, "field", cooperation::kFields, first);
}
Options StatusOptions(const PageContext& ctx, const std::string& first) {
  return LabelOptions(ctx, "status", cooperation::kCommitmentStatuses, first);
}

Options SideOptions(const PageContext& ctx) {
  return {{"", ctx.T("Choose a country")}, {"VN", CountryName(ctx, "VN")}, {"LA", CountryName(ctx, "LA")}};
}

std::string ConferenceName(const PageContext& ctx, const Conference& c) {
  std::string name = CoopLabel(ctx, "conference." + c.kind);
  if (c.number) name = ctx.F("{1} no. {2}", {name, std::to_string(*c.number)});
  return name;
}

// A text in the page's language, with the lang attribute of what is shown.
struct Shown3 {
  std::string text, lang;
};
Shown3 In(const PageContext& ctx, const Text3& t) {
  const std::string& s = t.In(Lang(ctx));
  return {s, ScriptLang(s)};
}

// ---- tables --------------------------------------------------------------------------------

struct Cell {
  std::string text, href;
  bool num = false;
  std::string lang;
  bool code = false;  // a hash or code: may break anywhere (words never do)
};

class TableView {
 public:
  TableView(std::vector<std::string> columns, std::string empty, std::vector<bool> numeric = {})
      : columns_(std::move(columns)), numeric_(std::move(numeric)), empty_(std::move(empty)) {}
  void Add(std::vector<Cell> cells) { rows_.push_back(std::move(cells)); }
  size_t size() const { return rows_.size(); }
  // `caption` names the table for screen readers and its scrollable region.
  View Build(const std::string& caption) const {
    View v;
    View cols = MakeList();
    for (size_t i = 0; i < columns_.size(); ++i) {
      View c;
      c.set("label", columns_[i]);
      c.set("num", i < numeric_.size() && numeric_[i]);
      cols.push_back(c);
    }
    v.set("columns", cols);
    View rows = MakeList();
    for (const auto& r : rows_) {
      View row;
      View cells = MakeList();
      for (size_t i = 0; i < r.size(); ++i) {
        View c;
        // Set only when present: an empty string still opens a mustache section.
        c.set("label", i < columns_.size() ? columns_[i] : std::string());
        c.set("text", r[i].text.empty() ? std::string("–") : r[i].text);
        if (!r[i].href.empty()) c.set("href", r[i].href);
        if (!r[i].lang.empty()) c.set("lang", r[i].lang);
        c.set("num", r[i].num);
        c.set("code", r[i].code);
        cells.push_back(c);
      }
      row.set("cells", cells);
      rows.push_back(row);
    }
    v.set("rows", rows);
    v.set("has_rows", !rows_.empty());
    v.set("empty", empty_);
    v.set("has_caption", !caption.empty());
    v.set("caption", caption);
    return v;
  }

 private:
  std::vector<std::string> columns_;
  std::vector<bool> numeric_;
  std::string empty_;
  std::vector<std::vector<Cell>> rows_;
};

View Link(const std::string& href, const std::string& label, bool secondary = false) {
  View v;
  v.set("href", href);
  v.set("label", label);
  v.set("secondary", secondary);
  return v;
}

View DetailLink(const std::string& label, const std::string& value, const std::string& href,
                const std::string& lang = "") {
  View v = Detail(label, value);
  if (!href.empty() && !value.empty()) v.set("href", href);
  if (!lang.empty()) v.set("lang", lang);
  return v;
}

// ---- option lists from the records ---------------------------------------------------------

constexpr cooperation::ListRequest kAll{std::nullopt, 500};

core::Result<Options> OrgOptions(const WebServices& s, const PageContext& ctx, const std::string& country,
                                 const std::string& first) {
  Options out{{"", first}};
  LB_TRY(page, Svc(s).ListOrganisations(ctx.principal(), std::nullopt, kAll));
  for (const auto& o : page.items) {
    if (!country.empty() && o.country != country) continue;
    std::string name = o.name.In(Lang(ctx));
    if (o.abbreviation) name += " (" + *o.abbreviation + ")";
    out.emplace_back(o.meta.id, name);
  }
  return out;
}

core::Result<Options> ConferenceOptions(const WebServices& s, const PageContext& ctx, const std::string& first) {
  Options out{{"", first}};
  LB_TRY(page, Svc(s).ListConferences(ctx.principal(), kAll));
  for (const auto& c : page.items)
    out.emplace_back(c.meta.id, ConferenceName(ctx, c) + " – " + ctx.tr->Date(c.held_on));
  return out;
}

core::Result<Options> AgreementOptions(const WebServices& s, const PageContext& ctx, const std::string& first) {
  Options out{{"", first}};
  LB_TRY(page, Svc(s).ListAgreements(ctx.principal(), std::nullopt, kAll));
  for (const auto& a : page.items) {
    out.emplace_back(a.meta.id, a.title.In(Lang(ctx)) + (a.signed_on ? " (" + ctx.tr->Date(*a.signed_on) + ")" : ""));
  }
  return out;
}

core::Result<Options> CommitmentOptions(const WebServices& s, const PageContext& ctx, const std::string& first) {
  Options out{{"", first}};
  LB_TRY(page, Svc(s).ListCommitments(ctx.principal(), {}, kAll));
  for (const auto& c : page.items) {
    std::string text = c.text.In(Lang(ctx));
    if (text.size() > 90) {
      size_t cut = 90;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
      text = text.substr(0, cut) + "…";
    }
    out.emplace_back(c.meta.id, text);
  }
  return out;
}

std::string OrgName(const WebServices& s, const PageContext& ctx, const std::string& id) {
  auto o = Svc(s).GetOrganisation(ctx.principal(), id);
  return o ? o->name.In(Lang(ctx)) : id;
}

// ---- form field helpers --------------------------------------------------------------------

struct FormBuilder {
  const PageContext& ctx;
  const FormData& values;
  Form form;

  void Add(Field f) {
    f.value = Get(values, f.name);
    if (f.input_lang.empty() && f.type != "select") f.input_lang = ScriptLang(f.value);
    form.fields.push_back(std::move(f));
  }
  void Select(const std::string& name, const std::string& label, Options options, bool required = false) {
    Add({.name = name, .label = label, .type = "select", .options = std::move(options), .required = required});
  }
  void Date(const std::string& name, const std::string& label, bool required = false) {
    Field f{.name = name, .label = label, .value = Get(values, name), .required = required};
    DateInputField(ctx, f);
    form.fields.push_back(std::move(f));
  }
  // The three languages of one text; the first the officer fills is enough.
  void Text(const std::string& name, const std::string& label, bool textarea = false) {
    for (const auto& [l, lang_label] : std::vector<std::pair<std::string, std::string>>{
             {"vi", ctx.T("in Vietnamese")}, {"lo", ctx.T("in Lao")}, {"en", ctx.T("in English")}}) {
      Field f{.name = name + "_" + l, .label = label + " (" + lang_label + ")"};
      if (textarea) f.type = "textarea";
      f.input_lang = l;
      Add(std::move(f));
    }
  }
};

Text3 TextFrom(const FormData& f, const std::string& name) {
  return {Get(f, name + "_vi"), Get(f, name + "_lo"), Get(f, name + "_en")};
}
void TextTo(FormData& f, const std::string& name, const Text3& t) {
  f[name + "_vi"] = t.vi;
  f[name + "_lo"] = t.lo;
  f[name + "_en"] = t.en;
}
std::optional<int64_t> IntOpt(const FormData& f, const std::string& name, bool& bad) {
  const std::string v = Get(f, name);
  if (v.empty()) return std::nullopt;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size()) {
    bad = true;
    return std::nullopt;
  }
  return n;
}
std::string First(const std::vector<std::string>& v) { return v.empty() ? std::string() : v.front(); }
// Replaces the first element (the form edits one; the API may have set more).
void SetFirst(std::vector<std::string>& v, const std::string& value) {
  if (value.empty()) {
    if (!v.empty()) v.erase(v.begin());
  } else if (v.empty()) {
    v.push_back(value);
  } else {
    v.front() = value;
  }
}

// The service's field names on the forms' inputs.
std::string CoopFieldOf(const std::string& field) {
  static const std::map<std::string, std::string, std::less<>> kPrefixes = {{"vn_org_ids", "vn_org"},
                                                                            {"la_org_ids", "la_org"},
                                                                            {"party_ids", "party_vn"},
                                                                            {"fields", "field"},
                                                                            {"commitment_ids", "commitment_id"},
                                                                            {"org_ids", "org_id"},
                                                                            {"delegations", "head_vn"},
                                                                            {"signatories", "signatory_vn"}};
  for (const auto& [prefix, name] : kPrefixes) {
    if (field.starts_with(prefix)) return name;
  }
  for (const char* text : {"text", "title", "place", "name"}) {
    if (field == text) return std::string(text) + "_vi";
    if (field.starts_with(std::string(text) + ".")) return std::string(text) + "_" + field.substr(field.find('.') + 1);
  }
  return field;
}

// "duplicate" on a page of the registry means a repeated document; here, a repeated record.
core::Error ForPages(core::Error e) {
  for (auto& f : e.fields) {
    if (f.code == "duplicate") f.code = "duplicate_record";
  }
  return e;
}

// ---- one kind of record: its form (from its field table), and the service calls ------------

// The choices of a kRecord input, by its name.
using Chooser = std::function<core::Result<Options>(const std::string& input)>;

// The choices of an input that names other records (the same on every kind's form).
core::Result<Options> RecordChoices(const WebServices& s, const PageContext& ctx, const std::string& input) {
  const std::string none = ctx.T("None"), org = ctx.T("Choose an organisation");
  if (input == "conference_id") return ConferenceOptions(s, ctx, none);
  if (input == "agreement_id" || input == "amends_id") return AgreementOptions(s, ctx, none);
  if (input == "commitment_id") return CommitmentOptions(s, ctx, none);
  if (input == "parent_id") return OrgOptions(s, ctx, "", none);
  if (input == "party_vn" || input == "vn_org") return OrgOptions(s, ctx, "VN", org);
  if (input == "party_la" || input == "la_org") return OrgOptions(s, ctx, "LA", org);
  if (input == "vn_province") return ProvinceOptions(ctx, "VN");
  if (input == "la_province") return ProvinceOptions(ctx, "LA");
  if (input == "field") return FieldOptions(ctx, ctx.T("Choose"));
  return core::Fail(core::Error::Internal("no choices for the input " + input));
}

// A field the page enters in its own way (more than one input, or on some forms only): its
// inputs, its form values and how the form sets it.
template <typename T>
struct Custom {
  std::string_view field;
  std::function<core::Status(FormBuilder& b, const Chooser& choose)> add;
  std::function<void(const T& r, FormData& f)> values;
  std::function<void(const FormData& f, T& r, bool is_new)> read;
};

template <typename T>
struct Kind {
  std::string base;  // /cooperation/conferences
  std::string kind;  // for Authorize
  const char* new_heading;
  const char* edit_heading;
  const char* create_submit;
  bool has_page = true;  // a detail page to go to after saving
  // The kind's own choices (its enumerations), by input name; other inputs take RecordChoices.
  std::map<std::string, std::function<Options(const PageContext&)>> choices;
  std::vector<Custom<T>> customs;
  std::function<core::Result<T>(CooperationService&, P, T)> create;
  std::function<core::Result<T>(CooperationService&, P, const std::string&)> get;
  std::function<core::Result<T>(CooperationService&, P, const std::string&, int64_t, T)> update;

  const Custom<T>* CustomOf(std::string_view field) const {
    for (const auto& c : customs) {
      if (c.field == field) return &c;
    }
    return nullptr;
  }
};

// The fields of T on its form, in table order: those `on_form` and not filled on reads.
template <typename T>
std::vector<const kinds::Field<T>*> FormFields() {
  std::vector<const kinds::Field<T>*> out;
  for (const auto& f : FieldsOf<T>()) {
    if (f.on_form && !f.derived) out.push_back(&f);
  }
  return out;
}

// The form of a kind: per field its widget, label, hint and whether it is asked for; a text in
// three languages (a `to_json` row) is three inputs; a whole number a number input.
template <typename T>
core::Result<Form> KindForm(const WebServices& s, const PageContext& ctx, const Kind<T>& k, const FormData& v) {
  const Chooser choose = [&](const std::string& input) -> core::Result<Options> {
    if (auto it = k.choices.find(input); it != k.choices.end()) return it->second(ctx);
    return RecordChoices(s, ctx, input);
  };
  FormBuilder b{ctx, v, {}};
  for (const auto* f : FormFields<T>()) {
    if (const auto* c = k.CustomOf(f->name)) {
      LB_CHECK(c->add(b, choose));
      continue;
    }
    Field x{.name = std::string(kinds::InputOf(*f)), .label = ctx.T(f->label)};
    if (f->to_json) {
      b.Text(x.name, x.label, f->widget == kinds::Widget::kTextarea);
      continue;
    }
    if (f->widget == kinds::Widget::kDate) {  // day first, with its placeholder and hint (ui/dates.h)
      b.Date(x.name, x.label, f->form_required);
      continue;
    }
    if (f->hint) x.hint = ctx.T(f->hint);
    x.required = f->form_required;
    if (f->integer || f->opt_integer) x.type = "number";
    if (f->widget == kinds::Widget::kTextarea) x.type = "textarea";
    if (f->widget == kinds::Widget::kHostCountry) x.options = SideOptions(ctx);
    if (f->widget == kinds::Widget::kProvince) x.options = ProvinceOptions(ctx);
    if (f->widget == kinds::Widget::kRecord) {
      LB_TRY(options, choose(x.name));
      x.options = std::move(options);
    }
    if (!x.options.empty()) x.type = "select";
    b.Add(std::move(x));
  }
  return b.form;
}

// The form values of a record (and its version).
template <typename T>
FormData KindValues(const Kind<T>& k, const T& r) {
  FormData v{{"version", std::to_string(r.meta.version)}};
  for (const auto* f : FormFields<T>()) {
    const std::string name(kinds::InputOf(*f));
    if (const auto* c = k.CustomOf(f->name)) {
      c->values(r, v);
    } else if (f->to_json) {
      std::vector<core::FieldError> ignored;
      TextTo(v, name, ReadText3(f->to_json(r), name, ignored));
    } else if (f->integer) {
      v[name] = std::to_string(r.*f->integer);
    } else if (f->opt_integer) {
      v[name] = r.*f->opt_integer ? std::to_string(*(r.*f->opt_integer)) : "";
    } else if (f->codes) {
      v[name] = First(r.*f->codes);
    } else {
      v[name] = kinds::TextOf(*f, r);
    }
  }
  return v;
}

core::Error BadNumber(const std::string& field) {
  return core::Error::Field(field, "invalid_format", field + " must be a whole number.");
}

// The record the form describes: `current` (or a new record) with its form's fields replaced.
// A text left empty takes the row's `absent` value, as in a JSON body.
template <typename T>
core::Result<T> KindFromForm(const Kind<T>& k, const FormData& form, const T* current) {
  T r = current ? *current : T{};
  for (const auto* f : FormFields<T>()) {
    const std::string name(kinds::InputOf(*f));
    if (const auto* c = k.CustomOf(f->name)) {
      c->read(form, r, current == nullptr);
    } else if (f->to_json) {
      std::vector<core::FieldError> ignored;  // three strings: always well formed
      const Text3 t = TextFrom(form, name);
      f->from_json({{"vi", t.vi}, {"lo", t.lo}, {"en", t.en}}, name, r, ignored);
    } else if (f->integer || f->opt_integer) {
      bool bad = false;
      auto n = IntOpt(form, name, bad);
      if (bad) return core::Fail(BadNumber(name));
      if (f->integer) r.*f->integer = n.value_or(0);
      if (f->opt_integer) r.*f->opt_integer = n;
    } else if (f->codes) {
      SetFirst(r.*f->codes, Get(form, name));
    } else if (f->text) {
      const std::string value = Get(form, name);
      r.*f->text = value.empty() ? std::string(f->absent) : value;
    } else {
      r.*f->opt = Opt(form, name);
    }
  }
  return r;
}

template <typename T>
std::string AfterSave(const Kind<T>& k, const std::string& id) {
  return k.has_page ? k.base + "/" + id : k.base;
}

template <typename T>
PageHandler NewGet(const WebServices& s, Kind<T> k) {
  return [s, k](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
    LB_CHECK(Svc(s).Authorize(ctx.principal(), k.kind, cooperation::CoopAction::kWrite));
    FormData defaults;
    for (const auto& [name, value] : ctx.request->query) defaults.emplace(name, value);  // e.g. ?conference_id=
    LB_TRY(form, KindForm(s, ctx, k, defaults));
    form.action = k.base + "/new";
    form.submit = ctx.T(k.create_submit);
    return FormPage(ctx, 200, ctx.T(k.new_heading), form, k.base);
  };
}

template <typename T>
PageHandler NewPost(const WebServices& s, Kind<T> k) {
  return [s, k](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
    LB_TRY(typed, ReadForm(*ctx.request));
    LB_TRY(form, KindForm(s, ctx, k, typed));
    form.action = k.base + "/new";
    form.submit = ctx.T(k.create_submit);
    auto input = KindFromForm<T>(k, IsoDates(form, typed), nullptr);
    auto created = input ? k.create(Svc(s), ctx.principal(), std::move(*input)) : core::Result<T>(input);
    if (!created) return Rejected(ctx, form, ForPages(created.error()), ctx.T(k.new_heading), k.base, &CoopFieldOf);
    return Redirect(AfterSave(k, created->meta.id));
  };
}

template <typename T>
PageHandler EditGet(const WebServices& s, Kind<T> k) {
  return [s, k](PageContext& ctx, const PathParams& p) -> core::Result<http::Response> {
    LB_CHECK(Svc(s).Authorize(ctx.principal(), k.kind, cooperation::CoopAction::kWrite));
    LB_TRY(current, k.get(Svc(s), ctx.principal(), p.at("id")));
    LB_TRY(form, KindForm(s, ctx, k, KindValues(k, current)));
    form.action = k.base + "/" + current.meta.id + "/edit";
    form.submit = ctx.T("Save the changes");
    form.hidden = {{"version", std::to_string(current.meta.version)}};
    return FormPage(ctx, 200, ctx.T(k.edit_heading), form, AfterSave(k, current.meta.id));
  };
}

template <typename T>
PageHandler EditPost(const WebServices& s, Kind<T> k) {
  return [s, k](PageContext& ctx, const PathParams& p) -> core::Result<http::Response> {
    const std::string id = p.at("id");
    LB_TRY(typed, ReadForm(*ctx.request));
    LB_TRY(current, k.get(Svc(s), ctx.principal(), id));
    LB_TRY(version, VersionOf(typed));
    LB_TRY(form, KindForm(s, ctx, k, typed));
    form.action = k.base + "/" + id + "/edit";
    form.submit = ctx.T("Save the changes");
    form.hidden = {{"version", Get(typed, "version")}};
    auto input = KindFromForm(k, IsoDates(form, typed), &current);
    auto updated = input ? k.update(Svc(s), ctx.principal(), id, version, std::move(*input)) : core::Result<T>(input);
    if (!updated) {
      if (updated.error().code == core::ErrorCode::kPreconditionFailed) {
        return ConflictPage(ctx, form, typed, KindValues(k, current), AfterSave(k, id));
      }
      return Rejected(ctx, form, ForPages(updated.error()), ctx.T(k.edit_heading), AfterSave(k, id), &CoopFieldOf);
    }
    return Redirect(AfterSave(k, id));
  };
}

// A kind's paths, headings and service calls (Create, Read and Update are the service's
// member functions for T), and the codes of its input "kind" (labelled "<kind>.<code>" in
// labels.cpp); the caller adds other choices and the fields the page enters itself.
template <typename T, auto Create, auto Read, auto Update>
Kind<T> KindOf(std::string_view plural, std::string kind, const char* new_heading, const char* edit_heading,
               const char* create_submit, std::span<const std::string_view> kinds = {}) {
  Kind<T> k;
  if (!kinds.empty()) {
    k.choices["kind"] = [kinds, prefix = kind](const PageContext& ctx) {
      return LabelOptions(ctx, prefix, kinds, ctx.T("Choose"));
    };
  }
  k.base = std::string(kRoot) + "/" + std::string(plural);
  k.kind = std::move(kind);
  k.new_heading = new_heading;
  k.edit_heading = edit_heading;
  k.create_submit = create_submit;
  k.create = [](CooperationService& svc, P who, T r) { return (svc.*Create)(who, std::move(r), {}); };
  k.get = [](CooperationService& svc, P who, const std::string& id) { return (svc.*Read)(who, id); };
  k.update = [](CooperationService& svc, P who, const std::string& id, int64_t v, T r) {
    return (svc.*Update)(who, id, v, std::move(r));
  };
  return k;
}

// The first two items of a list on the form as the Vietnamese and the Lao one (inputs
// <prefix>_vn and <prefix>_la); items after them stay.
template <typename Item, typename Make>
void FirstTwoFrom(const FormData& f, std::string_view prefix, std::vector<Item>& items, Make&& make) {
  std::vector<Item> out;
  for (const char* side : {"_vn", "_la"}) {
    const std::string v = Get(f, std::string(prefix) + side);
    if (!v.empty()) out.push_back(make(v));
  }
  for (size_t i = 2; i < items.size(); ++i) out.push_back(items[i]);
  items = std::move(out);
}

// The inputs <prefix>_vn and <prefix>_la, one for each side: texts, or choices (`select`).
std::function<core::Status(FormBuilder&, const Chooser&)> SideInputs(std::string prefix, const char* vn_label,
                                                                     const char* la_label, bool select = false) {
  return [=](FormBuilder& b, const Chooser& choose) -> core::Status {
    for (const auto& [side, label] : {std::pair{"_vn", vn_label}, std::pair{"_la", la_label}}) {
      Field x{.name = prefix + side, .label = b.ctx.T(label)};
      if (select) {
        LB_TRY(options, choose(x.name));
        x.type = "select";
        x.options = std::move(options);
      }
      b.Add(std::move(x));
    }
    return {};
  };
}

// ---- conferences ---------------------------------------------------------------------------

Kind<Conference> ConferenceKind() {
  auto k = KindOf<Conference, &CooperationService::CreateConference, &CooperationService::GetConference,
                  &CooperationService::UpdateConference>("conferences", "conference", N_("Record a conference"),
                                                         N_("Edit the conference"), N_("Record the conference"),
                                                         kConferenceKinds);
  k.choices["status"] = [](const PageContext& ctx) {
    return LabelOptions(ctx, "conference_status", kConferenceStatuses, "");
  };
  // The heads of the two delegations.
  k.customs.push_back(
      {"delegations", SideInputs("head", N_("Head of the Vietnamese delegation"), N_("Head of the Lao delegation")),
       [](const Conference& c, FormData& f) {
         for (const auto& d : c.delegations) f[d.country == "VN" ? "head_vn" : "head_la"] = d.head;
       },
       [](const FormData& f, Conference& c, bool) {
         std::erase_if(c.delegations, [](const auto& d) { return d.country == "VN" || d.country == "LA"; });
         for (const auto& [side, input] : {std::pair{"VN", "head_vn"}, std::pair{"LA", "head_la"}}) {
           if (!Get(f, input).empty()) c.delegations.push_back({side, Get(f, input), std::nullopt, std::nullopt});
         }
       }});
  return k;
}

// ---- agreements ----------------------------------------------------------------------------

Kind<Agreement> AgreementKind() {
  auto k = KindOf<Agreement, &CooperationService::CreateAgreement, &CooperationService::GetAgreement,
                  &CooperationService::UpdateAgreement>("agreements", "agreement", N_("Record an agreement"),
                                                        N_("Edit the agreement"), N_("Record the agreement"),
                                                        kAgreementKinds);
  k.choices["field"] = [](const PageContext& ctx) { return FieldOptions(ctx, ctx.T("Several or none")); };
  // The form shows the first two parties and signatories (Vietnamese, then Lao); others stay.
  k.customs.push_back({"party_ids", SideInputs("party", N_("Vietnamese party"), N_("Lao party"), true),
                       [](const Agreement& a, FormData& f) {
                         if (a.party_ids.size() > 0) f["party_vn"] = a.party_ids[0];
                         if (a.party_ids.size() > 1) f["party_la"] = a.party_ids[1];
                       },
                       [](const FormData& f, Agreement& a, bool) {
                         FirstTwoFrom(f, "party", a.party_ids, [](const std::string& v) { return v; });
                       }});
  k.customs.push_back({"signatories", SideInputs("signatory", N_("Signed for Vietnam by"), N_("Signed for Laos by")),
                       [](const Agreement& a, FormData& f) {
                         if (a.signatories.size() > 0) f["signatory_vn"] = a.signatories[0].name;
                         if (a.signatories.size() > 1) f["signatory_la"] = a.signatories[1].name;
                       },
                       [](const FormData& f, Agreement& a, bool) {
                         FirstTwoFrom(f, "signatory", a.signatories, [](const std::string& v) {
                           return cooperation::Signatory{v, std::nullopt, std::nullopt};
                         });
                       }});
  return k;
}

// ---- commitments ---------------------------------------------------------------------------

Kind<Commitment> CommitmentKind() {
  auto k = KindOf<Commitment, &CooperationService::CreateCommitment, &CooperationService::GetCommitment,
                  &CooperationService::UpdateCommitment>("commitments", "commitment", N_("Record a commitment"),
                                                         N_("Edit the commitment"), N_("Record the commitment"));
  // A new commitment is planned or in progress; later its progress updates move it.
  k.customs.push_back(
      {"status",
       [](FormBuilder& b, const Chooser&) -> core::Status {
         if (!Get(b.values, "version").empty()) return {};
         b.Select("status", b.ctx.T("Status"),
                  {{"planned", StatusLabel(b.ctx, "planned")}, {"in_progress", StatusLabel(b.ctx, "in_progress")}});
         return {};
       },
       [](const Commitment&, FormData&) {},
       [](const FormData& f, Commitment& c, bool is_new) {
         if (is_new) c.status = Get(f, "status").empty() ? "planned" : Get(f, "status");
       }});
  return k;
}

// ---- activities, organisations, twinning ----------------------------------------------------

Kind<Activity> ActivityKind() {
  return KindOf<Activity, &CooperationService::CreateActivity, &CooperationService::GetActivity,
                &CooperationService::UpdateActivity>("activities", "activity", N_("Record an activity"),
                                                     N_("Edit the activity"), N_("Record the activity"),
                                                     cooperation::kActivityKinds);
}

Kind<Organisation> OrganisationKind() {
  return KindOf<Organisation, &CooperationService::CreateOrganisation, &CooperationService::GetOrganisation,
                &CooperationService::UpdateOrganisation>("organisations", "organisation", N_("Record an organisation"),
                                                         N_("Edit the organisation"), N_("Record the organisation"),
                                                         kOrgKinds);
}

Kind<Twinning> TwinningKind() {
  auto k = KindOf<Twinning, &CooperationService::CreateTwinning, &CooperationService::GetTwinning,
                  &CooperationService::UpdateTwinning>("twinnings", "twinning", N_("Record twinned provinces"),
                                                       N_("Edit the twinning"), N_("Record the twinning"));
  k.has_page = false;
  return k;
}

// ---- list and detail pages -----------------------------------------------------------------

http::Response ListPage(const PageContext& ctx, const std::string& heading, View actions, const TableView& table,
                        const std::optional<std::string>& next_href, View extra = {}) {
  View v = std::move(extra);
  v.set("heading", heading);
  v.set("actions", actions);
  v.set("table", table.Build(heading));
  v.set("has_next", next_href.has_value());
  if (next_href) v.set("next_href", *next_href);
  return RenderPage(ctx, 200, "coop_list", heading, std::move(v));
}

View Actions(std::initializer_list<View> links) {
  View out = MakeList();
  for (const auto& l : links) out.push_back(l);
  return out;
}

std::optional<std::string> NextHref(const std::string& base, const std::optional<std::string>& cursor,
                                    const std::string& query = "") {
  if (!cursor) return std::nullopt;
  return base + "?" + query + (query.empty() ? "" : "&") + "cursor=" + UrlEncode(*cursor);
}

core::Result<http::Response> ConferencesList(const WebServices& s, PageContext& ctx) {
  LB_TRY(page, Svc(s).ListConferences(ctx.principal(), {ctx.request->Query("cursor"), 50}));
  TableView t({ctx.T("Meeting"), ctx.T("Date"), ctx.T("Place"), ctx.T("Host country"), ctx.T("Status")},
              ctx.T("No conferences recorded yet."));
  for (const auto& c : page.items) {
    auto place = In(ctx, c.place);
    t.Add({{ConferenceName(ctx, c), "/cooperation/conferences/" + c.meta.id},
           {ctx.tr->Date(c.held_on)},
           {place.text, "", false, place.lang},
           {CountryName(ctx, c.host_country)},
           {CoopLabel(ctx, "conference_status." + c.status)}});
  }
  View count;  // "Showing 1–50 of 73" (list_totals.h)
  LB_CHECK(AddListTotal(count, ctx, page.items,
                        [&](const ListRequest& r) { return Svc(s).ListConferences(ctx.principal(), r); }));
  return ListPage(ctx, ctx.T("Conferences"),
                  Actions({Link("/cooperation/conferences/new", ctx.T("Record a conference"))}), t,
                  NextHref("/cooperation/conferences", page.next_cursor), std::move(count));
}

void AddCommitmentRow(const PageContext& ctx, TableView& t, const Commitment& c) {
  auto text = In(ctx, c.text);
  const auto deadline = c.Deadline();
  t.Add({{text.text, "/cooperation/commitments/" + c.meta.id, false, text.lang},
         {FieldLabel(ctx, c.field)},
         {DateOrDash(ctx, deadline)},
         {StatusLabel(ctx, c.status)}});
}

TableView CommitmentTable(const PageContext& ctx) {
  return TableView({ctx.T("Commitment"), ctx.T("Field of cooperation"), ctx.T("Due"), ctx.T("Status")},
                   ctx.T("No commitments found."));
}

// The head of a record's page: its heading (with the language it is written in), the way back
// to its list, a tag and the actions.
View RecordHead(const Shown3& heading, const std::string& back, const std::string& back_label, const std::string& tag,
                View actions) {
  View v;
  v.set("heading", heading.text);
  if (!heading.lang.empty()) v.set("title_lang", heading.lang);
  v.set("back", back);
  v.set("back_label", back_label);
  v.set("has_tag", true);
  v.set("tag", tag);
  v.set("actions", std::move(actions));
  return v;
}

// The sections of a record's page: a table or a form under its heading; OneOf, a list of one.
View TableSection(const std::string& id, const std::string& heading, const TableView& t) {
  View sec;
  sec.set("id", id);
  sec.set("heading", heading);
  sec.set("table", t.Build(heading));
  return sec;
}
View FormSection(const PageContext& ctx, const std::string& id, const std::string& heading, const Form& form) {
  View sec;
  sec.set("id", id);
  sec.set("heading", heading);
  sec.set("form", FormView(ctx, form));
  return sec;
}
View OneOf(View item) {
  View list = MakeList();
  list.push_back(std::move(item));
  return list;
}

core::Result<http::Response> ConferencePage(const WebServices& s, PageContext& ctx, const std::string& id) {
  LB_TRY(c, Svc(s).GetConference(ctx.principal(), id));
  View v = RecordHead(
      {ConferenceName(ctx, c), ""}, "/cooperation/conferences", ctx.T("Conferences"),
      CoopLabel(ctx, "conference_status." + c.status),
      Actions({Link("/cooperation/conferences/" + id + "/edit", ctx.T("Edit"), true),
               Link("/cooperation/agreements/new?conference_id=" + id, ctx.T("Record an agreement signed there")),
               Link("/cooperation/commitments/new?conference_id=" + id, ctx.T("Record a commitment"))}));
  View details = MakeList();
  auto place = In(ctx, c.place);
  details.push_back(Detail(ctx.T("Date"), ctx.tr->Date(c.held_on)));
  details.push_back(DetailLink(ctx.T("Place"), place.text, "", place.lang));
  details.push_back(Detail(ctx.T("Host country"), CountryName(ctx, c.host_country)));
  for (const auto& d : c.delegations) {
    details.push_back(Detail(
        d.country == "VN" ? ctx.T("Head of the Vietnamese delegation") : ctx.T("Head of the Lao delegation"), d.head));
  }
  auto period = [&](const std::optional<std::string>& a, const std::optional<std::string>& b) {
    return a || b ? DateOrDash(ctx, a) + " – " + DateOrDash(ctx, b) : std::string();
  };
  details.push_back(Detail(ctx.T("Period reviewed"), period(c.reviews_from, c.reviews_until)));
  details.push_back(Detail(ctx.T("Period oriented"), period(c.orients_from, c.orients_until)));
  if (c.note) details.push_back(Detail(ctx.T("Note"), *c.note));
  v.set("details", details);
  View sections = MakeList();
  {
    TableView t({ctx.T("Title"), ctx.T("Kind of document"), ctx.T("Signed on")}, ctx.T("No agreements recorded yet."));
    for (const auto& aid : c.agreement_ids) {
      auto a = Svc(s).GetAgreement(ctx.principal(), aid);
      if (!a) continue;
      auto title = In(ctx, a->title);
      t.Add({{title.text, "/cooperation/agreements/" + aid, false, title.lang},
             {CoopLabel(ctx, "agreement." + a->kind)},
             {DateOrDash(ctx, a->signed_on)}});
    }
    sections.push_back(TableSection("h-agreements", ctx.T("Agreements and minutes signed there"), t));
  }
  {
    cooperation::CommitmentFilter f;
    f.conference_id = id;
    LB_TRY(page, Svc(s).ListCommitments(ctx.principal(), f, kAll));
    TableView t = CommitmentTable(ctx);
    for (const auto& cm : page.items) AddCommitmentRow(ctx, t, cm);
    sections.push_back(TableSection("h-commitments", ctx.T("Commitments undertaken there"), t));
  }
  v.set("sections", sections);
  v.set("forms", MakeList());
  return RenderPage(ctx, 200, "coop_detail", ConferenceName(ctx, c), std::move(v));
}

core::Result<http::Response> AgreementsList(const WebServices& s, PageContext& ctx) {
  LB_TRY(page, Svc(s).ListAgreements(ctx.principal(), std::nullopt, {ctx.request->Query("cursor"), 50}));
  TableView t({ctx.T("Title"), ctx.T("Kind of document"), ctx.T("Signed on"), ctx.T("Signed at (place)")},
              ctx.T("No agreements recorded yet."));
  for (const auto& a : page.items) {
    auto title = In(ctx, a.title);
    t.Add({{title.text, "/cooperation/agreements/" + a.meta.id, false, title.lang},
           {CoopLabel(ctx, "agreement." + a.kind)},
           {DateOrDash(ctx, a.signed_on)},
           {a.signed_place.value_or(""), "", false, ScriptLang(a.signed_place.value_or(""))}});
  }
  View count;  // "Showing 1–50 of 73" (list_totals.h)
  LB_CHECK(AddListTotal(count, ctx, page.items,
                        [&](const ListRequest& r) { return Svc(s).ListAgreements(ctx.principal(), std::nullopt, r); }));
  return ListPage(ctx, ctx.T("Agreements"),
                  Actions({Link("/cooperation/agreements/new", ctx.T("Record an agreement"))}), t,
                  NextHref("/cooperation/agreements", page.next_cursor), std::move(count));
}

Form UploadForm(const PageContext& ctx, const std::string& agreement_id) {
  Form form;
  form.action = "/cooperation/agreements/" + agreement_id + "/attachments";
  form.submit = ctx.T("Upload the file");
  form.multipart = true;
  form.fields.push_back({.name = "file",
                         .label = ctx.T("Signed copy (PDF)"),
                         .hint = ctx.T("A PDF file of at most 20 MB."),
                         .type = "file",
                         .required = true});
  return form;
}

core::Result<http::Response> AgreementPage(const WebServices& s, PageContext& ctx, const std::string& id,
                                           const core::Error* upload_error = nullptr) {
  LB_TRY(a, Svc(s).GetAgreement(ctx.principal(), id));
  const Shown3 title = In(ctx, a.title);
  View v = RecordHead(title, "/cooperation/agreements", ctx.T("Agreements"), CoopLabel(ctx, "agreement." + a.kind),
                      Actions({Link("/cooperation/agreements/" + id + "/edit", ctx.T("Edit"), true),
                               Link("/cooperation/commitments/new?agreement_id=" + id +
                                        (a.conference_id ? "&conference_id=" + *a.conference_id : ""),
                                    ctx.T("Record a commitment"))}));
  View details = MakeList();
  if (a.conference_id) {
    auto c = Svc(s).GetConference(ctx.principal(), *a.conference_id);
    if (c)
      details.push_back(DetailLink(ctx.T("Signed at the conference"), ConferenceName(ctx, *c),
                                   "/cooperation/conferences/" + c->meta.id));
  }
  std::string parties;
  for (const auto& pid : a.party_ids) parties += (parties.empty() ? "" : "; ") + OrgName(s, ctx, pid);
  details.push_back(Detail(ctx.T("Parties"), parties));
  details.push_back(Detail(ctx.T("Signed on"), DateOrDash(ctx, a.signed_on)));
  details.push_back(
      DetailLink(ctx.T("Signed at (place)"), a.signed_place.value_or(""), "", ScriptLang(a.signed_place.value_or(""))));
  std::string signatories;
  for (const auto& sg : a.signatories) signatories += (signatories.empty() ? "" : "; ") + sg.name;
  details.push_back(Detail(ctx.T("Signatories"), signatories));
  details.push_back(
      Detail(ctx.T("In force"), a.in_force_from || a.in_force_until
                                    ? DateOrDash(ctx, a.in_force_from) + " – " + DateOrDash(ctx, a.in_force_until)
                                    : std::string()));
  if (a.amends_id) {
    auto amended = Svc(s).GetAgreement(ctx.principal(), *a.amends_id);
    if (amended)
      details.push_back(
          DetailLink(ctx.T("Amends"), amended->title.In(Lang(ctx)), "/cooperation/agreements/" + *a.amends_id));
  }
  std::string fields;
  for (const auto& f : a.fields) fields += (fields.empty() ? "" : "; ") + FieldLabel(ctx, f);
  details.push_back(Detail(ctx.T("Fields of cooperation"), fields));
  if (a.note) details.push_back(Detail(ctx.T("Note"), *a.note));
  v.set("details", details);
  TableView t({ctx.T("File"), ctx.T("Size"), ctx.T("SHA-256"), ctx.T("Uploaded")},
              ctx.T("No signed copy uploaded yet."), {false, true, false, false});
  for (const auto& at : a.attachments) {
    t.Add({{at.file_name, "/cooperation/attachments/" + at.id},
           {ctx.tr->Number((at.size + 1023) / 1024) + " KB", "", true},
           {at.sha256, "", false, "", true},
           {ctx.tr->Date(at.created_at)}});
  }
  v.set("sections", OneOf(TableSection("h-files", ctx.T("Signed copies"), t)));
  Form upload = UploadForm(ctx, id);
  if (upload_error) AttachErrors(ctx, upload, upload_error->fields, &CoopFieldOf);
  v.set("forms", OneOf(FormSection(ctx, "h-upload", ctx.T("Upload a signed copy"), upload)));
  return RenderPage(ctx, upload_error ? 422 : 200, "coop_detail", title.text, std::move(v));
}

// A post with a file: the CSRF token is a part of the multipart body, which the session check
// does not read; it is handed to SignedIn as the header an API client would send.
http::Handler MultipartSignedIn(const WebServices& s, PageHandler handler) {
  auto inner = SignedIn(s, std::move(handler));
  return [inner](const http::Request& req, const PathParams& params) -> core::Result<http::Response> {
    if (req.Header(access::kCsrfHeader)) return inner(req, params);
    http::Request copy = req;
    if (auto parts = http::ParseMultipart(req)) {
      if (const auto* token = http::FindPart(*parts, "csrf_token"))
        copy.headers[std::string(access::kCsrfHeader)] = token->body;
    }
    return inner(copy, params);
  };
}

core::Result<http::Response> UploadAttachment(const WebServices& s, PageContext& ctx, const std::string& id) {
  auto parts = http::ParseMultipart(*ctx.request);
  const http::FormPart* file = parts ? http::FindPart(*parts, "file") : nullptr;
  if (!file || file->filename.empty()) {
    const core::Error e = core::Error::Field("file", "required", "Choose the signed PDF.");
    return AgreementPage(s, ctx, id, &e);
  }
  std::ispanstream in(file->body);
  cooperation::Upload up{file->filename, static_cast<int64_t>(file->body.size()), &in};

  auto added = Svc(s).AddAttachment(ctx.principal(), id, up);
  if (!added) {
    if (added.error().code != core::ErrorCode::kValidation) return core::Fail(added.error());
    return AgreementPage(s, ctx, id, &added.error());
  }
  return Redirect("/cooperation/agreements/" + id);
}

core::Result<http::Response> AttachmentDownload(const WebServices& s, PageContext& ctx, const std::string& id) {
  LB_TRY(found, Svc(s).GetAttachmentContent(ctx.principal(), id));
  // An ASCII name for old clients and the exact name, percent-encoded, for the rest (RFC 6266):
  // a header must not carry raw UTF-8, quotes or control characters.
  std::string ascii;
  for (unsigned char c : found.first.file_name) {
    ascii.push_back(c == '"' || c == '\\' || c < 0x20 || c >= 0x7F ? '_' : static_cast<char>(c));
  }
  http::Response r;
  r.content_type = "application/pdf";
  r.body = std::move(found.second);
  r.With("Content-Disposition",
         "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + UrlEncode(found.first.file_name));
  r.With("Cache-Control", "no-store");
  return r;
}

// The commitments list: filters by status and field, and "overdue" (open, past their deadline).
core::Result<http::Response> CommitmentsList(const WebServices& s, PageContext& ctx) {
  const auto& req = *ctx.request;
  const std::string status = req.Query("status").value_or("");
  const std::string field = req.Query("field").value_or("");
  const bool overdue = req.Query("overdue").value_or("") == "1";
  cooperation::CommitmentFilter f;
  if (!status.empty()) f.status = status;
  if (!field.empty()) f.field = field;
  const std::string today = Today(s);
  if (overdue) f.due_before = today;
  LB_TRY(page, Svc(s).ListCommitments(ctx.principal(), f, {req.Query("cursor"), 50}));
  TableView t = CommitmentTable(ctx);
  for (const auto& c : page.items) {
    const bool open = c.status == "planned" || c.status == "in_progress";
    if (overdue && !open) continue;
    AddCommitmentRow(ctx, t, c);
  }
  Form filter;
  filter.get = true;
  filter.action = "/cooperation/commitments";
  filter.submit = ctx.T("Show");
  FormData values{{"status", status}, {"field", field}, {"overdue", overdue ? "1" : ""}};
  FormBuilder b{ctx, values, std::move(filter)};
  b.Select("status", ctx.T("Status"), StatusOptions(ctx, ctx.T("Any status")));
  b.Select("field", ctx.T("Field of cooperation"), FieldOptions(ctx, ctx.T("Any field")));
  b.Select("overdue", ctx.T("Due date"), {{"", ctx.T("Any")}, {"1", ctx.T("Overdue only")}});
  View extra;
  extra.set("filter", FormView(ctx, b.form));
  LB_CHECK(AddListTotal(
      extra, ctx, page.items, [&](const ListRequest& r) { return Svc(s).ListCommitments(ctx.principal(), f, r); },
      [&](const Commitment& c) { return !overdue || c.status == "planned" || c.status == "in_progress"; }));
  const std::string query =
      "status=" + UrlEncode(status) + "&field=" + UrlEncode(field) + (overdue ? "&overdue=1" : "");
  return ListPage(ctx, ctx.T("Commitments"),
                  Actions({Link("/cooperation/commitments/new", ctx.T("Record a commitment"))}), t,
                  NextHref("/cooperation/commitments", page.next_cursor, query), std::move(extra));
}

Form ProgressForm(const PageContext& ctx, const std::string& id, const FormData& v, const Options& conferences) {
  FormBuilder b{ctx, v, {}};
  b.form.action = "/cooperation/commitments/" + id + "/progress";
  b.form.submit = ctx.T("Record the progress");
  b.form.hidden = {{"version", Get(v, "version")}};
  b.Date("date", ctx.T("Date of the update"), true);
  b.Select("status", ctx.T("Status from this date"), StatusOptions(ctx, ctx.T("Choose")), true);
  b.Add({.name = "note", .label = ctx.T("What was done"), .type = "textarea"});
  b.Add({.name = "evidence",
         .label = ctx.T("Evidence"),
         .hint = ctx.T("A document number, a link or the name of a report.")});
  b.Add({.name = "carried_to_conference_id",
         .label = ctx.T("Carried over to the conference"),
         .hint = ctx.T("Only when the status is carried over."),
         .type = "select",
         .options = conferences});
  return b.form;
}

core::Result<http::Response> CommitmentPage(const WebServices& s, PageContext& ctx, const std::string& id,
                                            const FormData* typed = nullptr, const core::Error* error = nullptr) {
  LB_TRY(c, Svc(s).GetCommitment(ctx.principal(), id));
  const Shown3 text = In(ctx, c.text);
  View v = RecordHead(text, "/cooperation/commitments", ctx.T("Commitments"), StatusLabel(ctx, c.status),
                      Actions({Link("/cooperation/commitments/" + id + "/edit", ctx.T("Edit"), true)}));
  View details = MakeList();
  details.push_back(Detail(ctx.T("Field of cooperation"), FieldLabel(ctx, c.field)));
  if (c.conference_id) {
    if (auto conf = Svc(s).GetConference(ctx.principal(), *c.conference_id)) {
      details.push_back(DetailLink(ctx.T("Undertaken at the conference"), ConferenceName(ctx, *conf),
                                   "/cooperation/conferences/" + conf->meta.id));
    }
  }
  if (c.agreement_id) {
    if (auto a = Svc(s).GetAgreement(ctx.principal(), *c.agreement_id)) {
      details.push_back(DetailLink(ctx.T("Written in the agreement or minutes"), a->title.In(Lang(ctx)),
                                   "/cooperation/agreements/" + a->meta.id));
    }
  }
  auto orgs = [&](const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& oid : ids) out += (out.empty() ? "" : "; ") + OrgName(s, ctx, oid);
    return out;
  };
  details.push_back(Detail(ctx.T("Responsible on the Vietnamese side"), orgs(c.vn_org_ids)));
  details.push_back(Detail(ctx.T("Responsible on the Lao side"), orgs(c.la_org_ids)));
  details.push_back(Detail(ctx.T("Due"), c.due_on ? ctx.tr->Date(*c.due_on)
                                         : c.due_from || c.due_until
                                             ? DateOrDash(ctx, c.due_from) + " – " + DateOrDash(ctx, c.due_until)
                                             : std::string()));
  if (c.carried_to_conference_id) {
    if (auto conf = Svc(s).GetConference(ctx.principal(), *c.carried_to_conference_id)) {
      details.push_back(DetailLink(ctx.T("Carried over to the conference"), ConferenceName(ctx, *conf),
                                   "/cooperation/conferences/" + conf->meta.id));
    }
  }
  v.set("details", details);
  TableView t({ctx.T("Date"), ctx.T("Status"), ctx.T("What was done"), ctx.T("Evidence"), ctx.T("Recorded by")},
              ctx.T("No progress recorded yet."));
  for (auto it = c.progress.rbegin(); it != c.progress.rend(); ++it) {
    t.Add({{ctx.tr->Date(it->on_date)},
           {StatusLabel(ctx, it->status)},
           {it->note.value_or(""), "", false, ScriptLang(it->note.value_or(""))},
           {it->evidence.value_or(""), "", false, ScriptLang(it->evidence.value_or(""))},
           {it->actor}});
  }
  v.set("sections", OneOf(TableSection("h-progress", ctx.T("Progress"), t)));
  FormData values = typed ? *typed : FormData{{"date", Today(s)}, {"status", c.status}};
  values["version"] = std::to_string(c.meta.version);
  LB_TRY(conferences, ConferenceOptions(s, ctx, ctx.T("None")));
  Form form = ProgressForm(ctx, id, values, conferences);
  if (error) AttachErrors(ctx, form, ForPages(*error).fields, &CoopFieldOf);
  v.set("forms", OneOf(FormSection(ctx, "h-add-progress", ctx.T("Record progress"), form)));
  return RenderPage(ctx, error ? 422 : 200, "coop_detail", text.text, std::move(v));
}

core::Result<http::Response> AddProgress(const WebServices& s, PageContext& ctx, const std::string& id) {
  LB_TRY(form, ReadForm(*ctx.request));
  cooperation::ProgressUpdate p;
  p.on_date = IsoDateAsWritten(Get(form, "date"));
  p.status = Get(form, "status");
  p.note = Opt(form, "note");
  p.evidence = Opt(form, "evidence");
  std::optional<int64_t> version;
  if (auto v = VersionOf(form)) version = *v;
  auto done = Svc(s).AddProgress(ctx.principal(), id, version, p, Opt(form, "carried_to_conference_id"));
  if (!done) {
    // Someone changed the commitment meanwhile: show it as it is now, nothing applied.
    if (done.error().code == core::ErrorCode::kPreconditionFailed) return Redirect("/cooperation/commitments/" + id);
    if (done.error().code != core::ErrorCode::kValidation) return core::Fail(done.error());
    return CommitmentPage(s, ctx, id, &form, &done.error());
  }
  return Redirect("/cooperation/commitments/" + id);
}

core::Result<http::Response> ActivitiesList(const WebServices& s, PageContext& ctx) {
  LB_TRY(page, Svc(s).ListActivities(ctx.principal(), {}, {ctx.request->Query("cursor"), 50}));
  TableView t({ctx.T("Activity"), ctx.T("Kind of activity"), ctx.T("Field of cooperation"), ctx.T("Dates"),
               ctx.T("Participants")},
              ctx.T("No activities recorded yet."), {false, false, false, false, true});
  for (const auto& a : page.items) {
    auto title = In(ctx, a.title);
    t.Add({{title.text, "/cooperation/activities/" + a.meta.id, false, title.lang},
           {ActivityKindLabel(ctx, a.kind)},
           {FieldLabel(ctx, a.field)},
           {ctx.tr->Date(a.start_on) + " – " + ctx.tr->Date(a.end_on)},
           {ctx.tr->Number(a.participants_vn + a.participants_la), "", true}});
  }
  View count;  // "Showing 1–50 of 73" (list_totals.h)
  LB_CHECK(AddListTotal(count, ctx, page.items,
                        [&](const ListRequest& r) { return Svc(s).ListActivities(ctx.principal(), {}, r); }));
  return ListPage(ctx, ctx.T("Activities"), Actions({Link("/cooperation/activities/new", ctx.T("Record an activity"))}),
                  t, NextHref("/cooperation/activities", page.next_cursor), std::move(count));
}

core::Result<http::Response> ActivityPage(const WebServices& s, PageContext& ctx, const std::string& id) {
  LB_TRY(a, Svc(s).GetActivity(ctx.principal(), id));
  const Shown3 title = In(ctx, a.title);
  View v = RecordHead(title, "/cooperation/activities", ctx.T("Activities"), ActivityKindLabel(ctx, a.kind),
                      Actions({Link("/cooperation/activities/" + id + "/edit", ctx.T("Edit"), true)}));
  View details = MakeList();
  details.push_back(Detail(ctx.T("Field of cooperation"), FieldLabel(ctx, a.field)));
  details.push_back(Detail(ctx.T("Dates"), ctx.tr->Date(a.start_on) + " – " + ctx.tr->Date(a.end_on)));
  details.push_back(DetailLink(ctx.T("Place"), a.place.value_or(""), "", ScriptLang(a.place.value_or(""))));
  details.push_back(Detail(ctx.T("Host country"), a.host_country ? CountryName(ctx, *a.host_country) : ""));
  details.push_back(Detail(ctx.T("Vietnamese participants"), ctx.tr->Number(a.participants_vn)));
  details.push_back(Detail(ctx.T("Lao participants"), ctx.tr->Number(a.participants_la)));
  details.push_back(Detail(ctx.T("Cost"), a.cost ? ctx.tr->Number(*a.cost) + " " + a.currency.value_or("") : ""));
  details.push_back(Detail(ctx.T("Funding source"), a.funding_source.value_or("")));
  for (const auto& cid : a.commitment_ids) {
    if (auto c = Svc(s).GetCommitment(ctx.principal(), cid)) {
      details.push_back(
          DetailLink(ctx.T("Serves the commitment"), c->text.In(Lang(ctx)), "/cooperation/commitments/" + cid));
    }
  }
  v.set("details", details);
  v.set("sections", MakeList());
  v.set("forms", MakeList());
  return RenderPage(ctx, 200, "coop_detail", title.text, std::move(v));
}

// Organisations: a name search (any language, accents folded) also lists successors, so the
// old ministry's name finds the new one.
core::Result<http::Response> OrganisationsList(const WebServices& s, PageContext& ctx) {
  const auto q = ctx.request->Query("q");
  const std::optional<std::string> query = q && !q->empty() ? q : std::nullopt;
  LB_TRY(page, Svc(s).ListOrganisations(ctx.principal(), query, {ctx.request->Query("cursor"), 50}));
  TableView t({ctx.T("Name"), ctx.T("Code"), ctx.T("Country"), ctx.T("Kind of organisation"), ctx.T("Succeeded by")},
              ctx.T("No organisations found."));
  for (const auto& o : page.items) {
    auto name = In(ctx, o.name);
    std::string successor;
    if (o.successor_id) {
      successor = OrgName(s, ctx, *o.successor_id) + (o.succeeded_on ? " (" + ctx.tr->Date(*o.succeeded_on) + ")" : "");
    }
    t.Add({{name.text + (o.abbreviation ? " (" + *o.abbreviation + ")" : ""), "/cooperation/organisations/" + o.meta.id,
            false, name.lang},
           {o.code},
           {CountryName(ctx, o.country)},
           {CoopLabel(ctx, "organisation." + o.kind)},
           {successor, o.successor_id ? "/cooperation/organisations/" + *o.successor_id : "", false,
            ScriptLang(successor)}});
  }
  Form filter;
  filter.get = true;
  filter.action = "/cooperation/organisations";
  filter.submit = ctx.T("Search");
  FormData values{{"q", query.value_or("")}};
  FormBuilder b{ctx, values, std::move(filter)};
  b.Add({.name = "q",
         .label = ctx.T("Name, abbreviation or code"),
         .hint = ctx.T("In any of the three languages; a former name finds the organisation that continues it."),
         .type = "search"});
  View extra;
  extra.set("filter", FormView(ctx, b.form));
  LB_CHECK(AddListTotal(extra, ctx, page.items,
                        [&](const ListRequest& r) { return Svc(s).ListOrganisations(ctx.principal(), query, r); }));
  return ListPage(ctx, ctx.T("Organisations"),
                  Actions({Link("/cooperation/organisations/new", ctx.T("Record an organisation"))}), t,
                  NextHref("/cooperation/organisations", page.next_cursor, query ? "q=" + UrlEncode(*query) : ""),
                  std::move(extra));
}

core::Result<http::Response> OrganisationPage(const WebServices& s, PageContext& ctx, const std::string& id,
                                              const FormData* typed = nullptr, const core::Error* error = nullptr) {
  LB_TRY(o, Svc(s).GetOrganisation(ctx.principal(), id));
  const Shown3 name = In(ctx, o.name);
  View v =
      RecordHead(name, "/cooperation/organisations", ctx.T("Organisations"), CoopLabel(ctx, "organisation." + o.kind),
                 Actions({Link("/cooperation/organisations/" + id + "/edit", ctx.T("Edit"), true)}));
  View details = MakeList();
  details.push_back(Detail(ctx.T("Code"), o.code));
  details.push_back(Detail(ctx.T("Abbreviation"), o.abbreviation.value_or("")));
  details.push_back(Detail(ctx.T("Country"), CountryName(ctx, o.country)));
  for (const auto& [l, label] : std::vector<std::pair<std::string, std::string>>{
           {"vi", ctx.T("Name in Vietnamese")}, {"lo", ctx.T("Name in Lao")}, {"en", ctx.T("Name in English")}}) {
    const std::string& n = l == "vi" ? o.name.vi : l == "lo" ? o.name.lo : o.name.en;
    details.push_back(DetailLink(label, n, "", n.empty() ? "" : l));
  }
  if (o.parent_id)
    details.push_back(
        DetailLink(ctx.T("Part of"), OrgName(s, ctx, *o.parent_id), "/cooperation/organisations/" + *o.parent_id));
  if (o.province) details.push_back(Detail(ctx.T("Province"), ProvinceName(ctx, *o.province)));
  details.push_back(Detail(ctx.T("Exists"), o.valid_from || o.valid_until
                                                ? DateOrDash(ctx, o.valid_from) + " – " + DateOrDash(ctx, o.valid_until)
                                                : std::string()));
  for (const auto& pid : o.predecessor_ids) {
    details.push_back(DetailLink(ctx.T("Continues"), OrgName(s, ctx, pid), "/cooperation/organisations/" + pid));
  }
  if (o.successor_id) {
    details.push_back(DetailLink(
        ctx.T("Succeeded by"),
        OrgName(s, ctx, *o.successor_id) + (o.succeeded_on ? " (" + ctx.tr->Date(*o.succeeded_on) + ")" : ""),
        "/cooperation/organisations/" + *o.successor_id));
  }
  v.set("details", details);
  v.set("sections", MakeList());
  LB_TRY(orgs, OrgOptions(s, ctx, o.country, ctx.T("Choose an organisation")));
  FormData values = typed ? *typed : FormData{};
  FormBuilder b{ctx, values, {}};
  b.form.action = "/cooperation/organisations/" + id + "/succession";
  b.form.submit = ctx.T("Record the succession");
  b.form.confirm = ctx.T("Record that this organisation is succeeded? Its validity ends the day before.");
  b.Select("successor_id", ctx.T("Succeeded by"), orgs, true);
  b.Date("effective_on", ctx.T("From"), true);
  if (error) AttachErrors(ctx, b.form, error->fields, &CoopFieldOf);
  v.set("forms", OneOf(FormSection(ctx, "h-succession", ctx.T("Record a successor"), b.form)));
  return RenderPage(ctx, error ? 422 : 200, "coop_detail", name.text, std::move(v));
}

core::Result<http::Response> AddSuccession(const WebServices& s, PageContext& ctx, const std::string& id) {
  LB_TRY(form, ReadForm(*ctx.request));
  auto done =
      Svc(s).AddSuccession(ctx.principal(), id, Get(form, "successor_id"), IsoDateAsWritten(Get(form, "effective_on")));
  if (!done) {
    if (done.error().code != core::ErrorCode::kValidation) return core::Fail(done.error());
    return OrganisationPage(s, ctx, id, &form, &done.error());
  }
  return Redirect("/cooperation/organisations/" + id);
}

core::Result<http::Response> TwinningsList(const WebServices& s, PageContext& ctx) {
  LB_TRY(page, Svc(s).ListTwinnings(ctx.principal(), {ctx.request->Query("cursor"), 50}));
  TableView t({ctx.T("Vietnamese province"), ctx.T("Lao province"), ctx.T("Twinned since"), ctx.T("Note")},
              ctx.T("No twinned provinces recorded yet."));
  for (const auto& tw : page.items) {
    t.Add({{ProvinceName(ctx, tw.vn_province), "/cooperation/twinnings/" + tw.meta.id + "/edit"},
           {ProvinceName(ctx, tw.la_province)},
           {DateOrDash(ctx, tw.since)},
           {tw.note.value_or(""), "", false, ScriptLang(tw.note.value_or(""))}});
  }
  View count;  // "Showing 1–50 of 73" (list_totals.h)
  LB_CHECK(AddListTotal(count, ctx, page.items,
                        [&](const ListRequest& r) { return Svc(s).ListTwinnings(ctx.principal(), r); }));
  return ListPage(ctx, ctx.T("Twinned provinces"),
                  Actions({Link("/cooperation/twinnings/new", ctx.T("Record twinned provinces"))}), t,
                  NextHref("/cooperation/twinnings", page.next_cursor), std::move(count));
}

// ---- the dashboard -------------------------------------------------------------------------

View DueTable(const PageContext& ctx, const std::vector<cooperation::DueItem>& items, bool overdue) {
  TableView t({ctx.T("Commitment"), ctx.T("Field of cooperation"), ctx.T("Due"),
               overdue ? ctx.T("Days late") : ctx.T("Days left")},
              overdue ? ctx.T("Nothing is overdue.") : ctx.T("Nothing falls due in the next 30 days."),
              {false, false, false, true});
  for (const auto& d : items) {
    t.Add({{d.text, "/cooperation/commitments/" + d.id, false, ScriptLang(d.text)},
           {FieldLabel(ctx, d.field)},
           {ctx.tr->Date(d.due)},
           {ctx.tr->Number(overdue ? -d.days : d.days), "", true}});
  }
  return t.Build(overdue ? ctx.T("Overdue commitments") : ctx.T("Due in the next 30 days"));
}

View ChartView(const PageContext& ctx, const cooperation::Chart& c) {
  std::vector<std::string> columns{ctx.T("Field of cooperation")};
  std::vector<bool> numeric{false};
  for (const auto& s : c.series_labels) {
    columns.push_back(s);
    numeric.push_back(true);
  }
  columns.push_back(CoopLabel(ctx, "report.total"));
  numeric.push_back(true);
  TableView t(columns, ctx.T("Nothing to show."), numeric);
  for (size_t i = 0; i < c.category_labels.size(); ++i) {
    std::vector<Cell> row{{c.category_labels[i]}};
    int64_t total = 0;
    for (size_t j = 0; j < c.series_labels.size(); ++j) {
      const int64_t n = i < c.values.size() && j < c.values[i].size() ? c.values[i][j] : 0;
      total += n;
      row.push_back({ctx.tr->Number(n), "", true});
    }
    row.push_back({ctx.tr->Number(total), "", true});
    t.Add(std::move(row));
  }
  View v;
  v.set("id", c.id);
  v.set("title", c.title);
  v.set("svg", c.svg);  // built by cooperation::StackedBarSvg, every text XML-escaped
  v.set("has_svg", !c.svg.empty());
  v.set("table", t.Build(c.title));
  return v;
}

core::Result<http::Response> DashboardPage(const WebServices& s, PageContext& ctx) {
  LB_TRY(d, cooperation::BuildDashboard(Svc(s), ctx.principal(), Lang(ctx)));
  View v;
  v.set("today_line", ctx.F("Commitments, conferences and activities as of {1}.", {ctx.tr->Date(d.today)}));
  v.set("has_next", d.next_conference.has_value());
  if (d.next_conference) {
    const auto& n = *d.next_conference;
    Conference c;
    c.kind = n.kind;
    c.number = n.number;
    v.set("next_id", n.id);
    v.set("next_name", ConferenceName(ctx, c));
    v.set("next_days", ctx.tr->N("in {1} day", "in {1} days", n.days));
    v.set("next_date", ctx.tr->Date(n.held_on));
    v.set("has_place", !n.place.empty());
    v.set("next_place", n.place);
    if (auto l = ScriptLang(n.place); !l.empty()) v.set("place_lang", l);
    v.set("next_host", CountryName(ctx, n.host_country));
  }
  v.set("rotation_line", ctx.F("Next to host a delegation exchange: {1}.", {CountryName(ctx, d.rotation.next_host)}));
  v.set("has_last", d.rotation.last_host.has_value());
  if (d.rotation.last_host)
    v.set("last_line", ctx.F("The last exchange was hosted by {1}.", {CountryName(ctx, *d.rotation.last_host)}));
  v.set("overdue_total", ctx.tr->Number(d.overdue_total));
  v.set("due_soon_total", ctx.tr->Number(d.due_soon_total));
  v.set("overdue", DueTable(ctx, d.overdue, true));
  v.set("due_soon", DueTable(ctx, d.due_soon, false));
  View charts = MakeList();
  charts.push_back(ChartView(ctx, d.commitments));
  charts.push_back(ChartView(ctx, d.activities));
  v.set("charts", charts);
  return RenderPage(ctx, 200, "coop_dashboard", ctx.T("Vietnam–Laos cooperation"), std::move(v));
}

// ---- the evaluation report -----------------------------------------------------------------

// Without a period: the form. With one: the report's bytes as a download, or the form with the
// errors (a reversed period names "to").
core::Result<http::Response> ReportPage(const WebServices& s, PageContext& ctx) {
  const auto& req = *ctx.request;
  const bool asked = req.Query("from") || req.Query("to");
  cooperation::EvaluationRequest er{IsoDateAsWritten(req.Query("from").value_or("2024-01-01")),
                                    IsoDateAsWritten(req.Query("to").value_or("2025-12-31")),
                                    req.Query("lang").value_or(Lang(ctx)), req.Query("format").value_or("pdf")};
  std::vector<core::FieldError> errors;
  if (asked) {
    errors = cooperation::ValidateRequest(er);
    if (errors.empty()) {
      auto bytes = cooperation::RenderEvaluation(Svc(s), ctx.principal(), er);
      if (!bytes && bytes.error().code != core::ErrorCode::kValidation) return core::Fail(bytes.error());
      if (bytes) {
        http::Response r;
        r.content_type = er.format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                             : "application/pdf";
        r.body = std::move(*bytes);
        r.With("Content-Disposition",
               "attachment; filename=\"evaluation-" + er.from + "-" + er.to + "-" + er.lang + "." + er.format + "\"");
        r.With("Cache-Control", "no-store");
        return r;
      }
      errors = bytes.error().fields;
    }
  }
  FormData values{{"from", er.from}, {"to", er.to}, {"lang", er.lang}, {"format", er.format}};
  Form form;
  form.get = true;
  form.action = "/cooperation/report";
  form.submit = ctx.T("Produce the report");
  FormBuilder b{ctx, values, std::move(form)};
  b.Date("from", ctx.T("Period from"), true);
  b.Date("to", ctx.T("Period until"), true);
  b.Select("lang", ctx.T("Language of the report"), {{"vi", "Tiếng Việt"}, {"lo", "ພາສາລາວ"}, {"en", "English"}});
  b.Select("format", ctx.T("Format"),
           {{"pdf", ctx.T("PDF, to print and sign")}, {"xlsx", ctx.T("XLSX spreadsheet, every record")}});
  AttachErrors(ctx, b.form, errors);
  View v;
  v.set("form", FormView(ctx, b.form));
  View links = MakeList();
  for (const auto& [lang, name] :
       std::vector<std::pair<std::string, std::string>>{{"vi", "Tiếng Việt"}, {"lo", "ພາສາລາວ"}, {"en", "English"}}) {
    for (const char* format : {"pdf", "xlsx"}) {
      View l;
      l.set("href", "/cooperation/report?from=2024-01-01&to=2025-12-31&lang=" + lang + "&format=" + format);
      l.set("label", ctx.F("2024–2025 report: {1}, {2}", {name, std::string(format) == "pdf" ? "PDF" : "XLSX"}));
      links.push_back(l);
    }
  }
  v.set("links", links);
  return RenderPage(ctx, errors.empty() ? 200 : 422, "coop_report", ctx.T("Evaluation report"), std::move(v));
}

}  // namespace

void RegisterCooperationPages(http::Router& router, const WebServices& services) {
  if (!services.cooperation) return;
  const WebServices s = services;
  if (s.site) {
    s.site->AddNav({.href = "/cooperation", .label = N_("Cooperation"), .position = 40});
    s.site->AddPartial("coop_table");
  }
  auto page = [&s](core::Result<http::Response> (*fn)(const WebServices&, PageContext&)) {
    return SignedIn(s, [s, fn](PageContext& ctx, const PathParams&) { return fn(s, ctx); });
  };
  auto by_id = [&s](core::Result<http::Response> (*fn)(const WebServices&, PageContext&, const std::string&)) {
    return SignedIn(s, [s, fn](PageContext& ctx, const PathParams& p) { return fn(s, ctx, p.at("id")); });
  };
  // A kind's list, its new form, the record's page (where it has one) and its edit form.
  using DetailPage = core::Result<http::Response> (*)(const WebServices&, PageContext&, const std::string&);
  auto kind_pages = [&](const auto& kind, core::Result<http::Response> (*list)(const WebServices&, PageContext&),
                        DetailPage detail = nullptr) {
    router.Add("GET", kind.base, page(list));
    router.Add("GET", kind.base + "/new", SignedIn(s, NewGet(s, kind)));
    router.Add("POST", kind.base + "/new", SignedIn(s, NewPost(s, kind)));
    if (detail) router.Add("GET", kind.base + "/{id}", by_id(detail));
    router.Add("GET", kind.base + "/{id}/edit", SignedIn(s, EditGet(s, kind)));
    router.Add("POST", kind.base + "/{id}/edit", SignedIn(s, EditPost(s, kind)));
  };

  router.Add("GET", "/cooperation", page(&DashboardPage));
  router.AddHeavy("GET", "/cooperation/report", page(&ReportPage));

  kind_pages(ConferenceKind(), &ConferencesList, &ConferencePage);

  kind_pages(AgreementKind(), &AgreementsList,
             [](const WebServices& ws, PageContext& ctx, const std::string& id) { return AgreementPage(ws, ctx, id); });
  // A signed PDF may be up to 20 MB: the route accepts a body of that plus the form's overhead.
  router.Add(
      "POST", "/cooperation/agreements/{id}/attachments",
      MultipartSignedIn(s, [s](PageContext& ctx, const PathParams& p) { return UploadAttachment(s, ctx, p.at("id")); }),
      cooperation::kAttachmentRequestLimit);
  router.Add("GET", "/cooperation/attachments/{id}", by_id(&AttachmentDownload));

  kind_pages(CommitmentKind(), &CommitmentsList, [](const WebServices& ws, PageContext& ctx, const std::string& id) {
    return CommitmentPage(ws, ctx, id);
  });
  router.Add("POST", "/cooperation/commitments/{id}/progress", by_id(&AddProgress));

  kind_pages(ActivityKind(), &ActivitiesList, &ActivityPage);

  kind_pages(
      OrganisationKind(), &OrganisationsList,
      [](const WebServices& ws, PageContext& ctx, const std::string& id) { return OrganisationPage(ws, ctx, id); });
  router.Add("POST", "/cooperation/organisations/{id}/succession", by_id(&AddSuccession));

  kind_pages(TwinningKind(), &TwinningsList);
}

}  // namespace lb::cooperation
