#include "features/cooperation/kinds.h"

#include <type_traits>

#include "features/cooperation/json.h"
#include "rest/json_body.h"

namespace lb::cooperation {
namespace {

using http::ObjectReader;
using kinds::Field;
using kinds::N_;
using kinds::Widget;
using nlohmann::json;
using Errors = std::vector<core::FieldError>;

json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// A member in the three working languages.
template <typename T, Text3 T::*M>
json Text3Out(const T& r) {
  return ToJson(r.*M);
}
template <typename T, Text3 T::*M>
void Text3In(const json& v, const std::string& path, T& r, Errors& errors) {
  r.*M = ReadText3(v, path, errors);
}
// On a form: three inputs, <name>_vi, <name>_lo and <name>_en (pages.cpp).
template <typename T, Text3 T::*M>
constexpr Field<T> Text3Field(std::string_view name, const char* label, Widget widget = Widget::kText) {
  return {.name = name, .label = label, .widget = widget, .to_json = Text3Out<T, M>, .from_json = Text3In<T, M>};
}

// An array member: nullptr (and an error) when it is not one.
const json* ArrayAt(const json& v, const std::string& path, Errors& errors) {
  if (v.is_array()) return &v;
  errors.push_back({path, "type", path + " must be an array."});
  return nullptr;
}

// Appends to `out` an array's objects, each read by `read` from a reader at "<path>[i]"; an item
// that is not an object is an error (and an empty item, so indexes stay aligned).
template <typename Item, typename Read>
void ReadObjects(const json& v, const std::string& path, std::vector<Item>& out, Errors& errors, Read&& read) {
  const json* a = ArrayAt(v, path, errors);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    if (!(*a)[i].is_object()) {
      errors.push_back({p, "type", p + " must be an object."});
      out.emplace_back();
      continue;
    }
    ObjectReader r((*a)[i], p, errors);
    Item item = read(r);
    r.RejectUnknown();
    out.push_back(std::move(item));
  }
}

template <typename Item, typename Write>
json Array(const std::vector<Item>& items, Write&& write) {
  json out = json::array();
  for (const auto& x : items) out.push_back(write(x));
  return out;
}

json SignatoriesOut(const Agreement& a) {
  return Array(a.signatories, [](const Signatory& s) {
    return json{{"name", s.name}, {"title", Opt(s.title)}, {"organisation_id", Opt(s.organisation_id)}};
  });
}
void SignatoriesIn(const json& v, const std::string& path, Agreement& a, Errors& errors) {
  ReadObjects(v, path, a.signatories, errors, [](ObjectReader& r) {
    Signatory sig;
    sig.name = r.String("name", true).value_or("");
    sig.title = r.String("title");
    sig.organisation_id = r.String("organisation_id");
    return sig;
  });
}
json AttachmentsOut(const Agreement& a) {
  return Array(a.attachments, [](const Attachment& x) { return ToJson(x); });
}

json DelegationsOut(const Conference& c) {
  return Array(c.delegations, [](const Delegation& d) {
    return json{
        {"country", d.country}, {"head", d.head}, {"title", Opt(d.title)}, {"organisation_id", Opt(d.organisation_id)}};
  });
}
void DelegationsIn(const json& v, const std::string& path, Conference& c, Errors& errors) {
  ReadObjects(v, path, c.delegations, errors, [](ObjectReader& r) {
    Delegation del;
    del.country = r.String("country", true).value_or("");
    del.head = r.String("head", true).value_or("");
    del.title = r.String("title");
    del.organisation_id = r.String("organisation_id");
    return del;
  });
}
json AgendaOut(const Conference& c) {
  return Array(c.agenda, [](const Text3& t) { return ToJson(t); });
}
void AgendaIn(const json& v, const std::string& path, Conference& c, Errors& errors) {
  const json* a = ArrayAt(v, path, errors);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    c.agenda.push_back(ReadText3((*a)[i], path + "[" + std::to_string(i) + "]", errors));
  }
}

json ProgressOut(const Commitment& c) {
  return Array(c.progress, [](const ProgressUpdate& p) { return ToJson(p); });
}

// Each row: the JSON member, its form input (label, widget, hint; `form_required` marks the
// input, the service's validation decides), and `column` when the kind's table has a column for
// it (constraints, filters and joins; the whole record is the `doc` column). A kRecord input is a
// choice the page supplies (other records, or the kind's enumeration); rows with `on_form =
// false` and the members filled on reads are not on the form, and a `codes` input edits the
// list's first item.
constexpr auto kChoice = Widget::kRecord, kSide = Widget::kHostCountry, kLong = Widget::kTextarea;

// The tables are laid out as tables (a row, then its continuation), not one member a line.
// clang-format off
using O = Organisation;
constexpr Field<O> kOrganisationFields[] = {
    {.name = "code", .text = &O::code, .label = N_("Code"),
     .hint = N_("Capital letters, digits and -, for example VN-MOHA."), .column = true, .form_required = true},
    {.name = "country", .text = &O::country, .label = N_("Country"), .widget = kSide, .column = true,
     .form_required = true},
    {.name = "kind", .text = &O::kind, .label = N_("Kind of organisation"), .widget = kChoice, .column = true,
     .form_required = true},
    Text3Field<O, &O::name>("name", N_("Name")),
    {.name = "abbreviation", .opt = &O::abbreviation, .label = N_("Abbreviation")},
    {.name = "parent_id", .opt = &O::parent_id, .label = N_("Part of"), .widget = kChoice, .column = true},
    {.name = "province", .opt = &O::province, .label = N_("Province"), .widget = Widget::kProvince},
    {.name = "valid_from", .opt = &O::valid_from, .label = N_("Exists since"), .widget = Widget::kDate, .column = true},
    {.name = "valid_until", .opt = &O::valid_until, .label = N_("Exists until"), .widget = Widget::kDate, .column = true},
    {.name = "predecessor_ids", .codes = &O::predecessor_ids, .derived = true},
    {.name = "successor_id", .opt = &O::successor_id, .derived = true},
    {.name = "succeeded_on", .opt = &O::succeeded_on, .derived = true},
};

using A = Agreement;
constexpr Field<A> kAgreementFields[] = {
    {.name = "kind", .text = &A::kind, .label = N_("Kind of document"), .widget = kChoice, .column = true,
     .form_required = true},
    Text3Field<A, &A::title>("title", N_("Title")),
    {.name = "conference_id", .opt = &A::conference_id, .label = N_("Signed at the conference"), .widget = kChoice,
     .column = true},
    {.name = "party_ids", .codes = &A::party_ids},  // the form: party_vn, party_la (pages.cpp)
    {.name = "signed_on", .opt = &A::signed_on, .label = N_("Signed on"), .widget = Widget::kDate, .column = true},
    {.name = "signed_place", .opt = &A::signed_place, .label = N_("Signed at (place)")},
    {.name = "signatories", .to_json = SignatoriesOut, .from_json = SignatoriesIn},  // signatory_vn, signatory_la
    {.name = "in_force_from", .opt = &A::in_force_from, .label = N_("In force from"), .widget = Widget::kDate},
    {.name = "in_force_until", .opt = &A::in_force_until, .label = N_("In force until"), .widget = Widget::kDate},
    {.name = "amends_id", .opt = &A::amends_id, .label = N_("Amends"), .widget = kChoice, .column = true},
    {.name = "replaces_id", .opt = &A::replaces_id, .on_form = false, .column = true},
    {.name = "fields", .label = N_("Field of cooperation"), .widget = kChoice, .codes = &A::fields, .input = "field"},
    {.name = "note", .opt = &A::note, .label = N_("Note"), .widget = kLong},
    {.name = "attachments", .to_json = AttachmentsOut, .derived = true},
};

using C = Conference;
constexpr Field<C> kConferenceFields[] = {
    {.name = "kind", .text = &C::kind, .label = N_("Kind of meeting"), .widget = kChoice, .column = true,
     .form_required = true},
    {.name = "number", .label = N_("Number"), .hint = N_("The 9th conference is 9. Ministerial conferences have one."),
     .opt_integer = &C::number, .column = true},
    {.name = "held_on", .text = &C::held_on, .label = N_("Date"), .widget = Widget::kDate, .column = true, .form_required = true},
    {.name = "status", .text = &C::status, .label = N_("Held or planned"), .widget = kChoice, .absent = "held",
     .column = true},
    Text3Field<C, &C::place>("place", N_("Place")),
    {.name = "host_country", .text = &C::host_country, .label = N_("Host country"), .widget = kSide, .column = true,
     .form_required = true},
    {.name = "delegations", .to_json = DelegationsOut, .from_json = DelegationsIn},  // the form: head_vn, head_la
    {.name = "agenda", .on_form = false, .to_json = AgendaOut, .from_json = AgendaIn},
    {.name = "reviews_from", .opt = &C::reviews_from, .label = N_("Reviews the period from"), .widget = Widget::kDate},
    {.name = "reviews_until", .opt = &C::reviews_until, .label = N_("Reviews the period until"), .widget = Widget::kDate},
    {.name = "orients_from", .opt = &C::orients_from, .label = N_("Orients the period from"), .widget = Widget::kDate},
    {.name = "orients_until", .opt = &C::orients_until, .label = N_("Orients the period until"), .widget = Widget::kDate},
    {.name = "note", .opt = &C::note, .label = N_("Note"), .widget = kLong},
    {.name = "agreement_ids", .codes = &C::agreement_ids, .derived = true},
};

using M = Commitment;
constexpr Field<M> kCommitmentFields[] = {
    Text3Field<M, &M::text>("text", N_("What was undertaken"), kLong),
    {.name = "field", .text = &M::field, .label = N_("Field of cooperation"), .widget = kChoice, .column = true,
     .form_required = true},
    {.name = "conference_id", .opt = &M::conference_id, .label = N_("Undertaken at the conference"), .widget = kChoice,
     .column = true},
    {.name = "agreement_id", .opt = &M::agreement_id, .label = N_("Written in the agreement or minutes"),
     .widget = kChoice, .column = true},
    {.name = "vn_org_ids", .label = N_("Responsible on the Vietnamese side"), .widget = kChoice,
     .codes = &M::vn_org_ids, .input = "vn_org"},
    {.name = "la_org_ids", .label = N_("Responsible on the Lao side"), .widget = kChoice, .codes = &M::la_org_ids,
     .input = "la_org"},
    {.name = "due_on", .opt = &M::due_on, .label = N_("Due date"), .widget = Widget::kDate},  // column: the deadline (store.cpp)
    {.name = "due_from", .opt = &M::due_from, .label = N_("Or due during the period from"), .widget = Widget::kDate},
    {.name = "due_until", .opt = &M::due_until, .label = N_("Until"), .widget = Widget::kDate},
    // On the form of a new commitment only (planned or in progress); later, progress moves it.
    {.name = "status", .text = &M::status, .label = N_("Status"), .widget = kChoice, .absent = "planned",
     .column = true},
    {.name = "carried_to_conference_id", .opt = &M::carried_to_conference_id, .on_form = false, .column = true,
     .column_name = "carried_to_conference"},
    {.name = "progress", .to_json = ProgressOut, .derived = true},
};

using V = Activity;
constexpr Field<V> kActivityFields[] = {
    {.name = "kind", .text = &V::kind, .label = N_("Kind of activity"), .widget = kChoice, .column = true,
     .form_required = true},
    Text3Field<V, &V::title>("title", N_("Title")),
    {.name = "field", .text = &V::field, .label = N_("Field of cooperation"), .widget = kChoice, .column = true,
     .form_required = true},
    {.name = "start_on", .text = &V::start_on, .label = N_("Starts on"), .widget = Widget::kDate, .column = true,
     .form_required = true},
    // A body that leaves it out: the start (FromJson).
    {.name = "end_on", .text = &V::end_on, .label = N_("Ends on"), .widget = Widget::kDate, .column = true,
     .form_required = true},
    {.name = "place", .opt = &V::place, .label = N_("Place")},
    {.name = "host_country", .opt = &V::host_country, .label = N_("Host country"), .widget = kSide, .column = true},
    {.name = "org_ids", .on_form = false, .codes = &V::org_ids},
    {.name = "participants_vn", .label = N_("Vietnamese participants"), .integer = &V::participants_vn},
    {.name = "participants_la", .label = N_("Lao participants"), .integer = &V::participants_la},
    {.name = "cost", .label = N_("Cost"), .hint = N_("A whole number in the currency below."), .opt_integer = &V::cost},
    {.name = "currency", .opt = &V::currency, .label = N_("Currency"), .hint = N_("VND, LAK or USD.")},
    {.name = "funding_source", .opt = &V::funding_source, .label = N_("Funding source"),
     .hint = N_("For example Vietnamese ODA.")},
    {.name = "commitment_ids", .label = N_("Serves the commitment"), .widget = kChoice, .codes = &V::commitment_ids,
     .input = "commitment_id"},
};

using W = Twinning;
constexpr Field<W> kTwinningFields[] = {
    {.name = "vn_province", .text = &W::vn_province, .label = N_("Vietnamese province"), .widget = kChoice,
     .column = true, .form_required = true},
    {.name = "la_province", .text = &W::la_province, .label = N_("Lao province"), .widget = kChoice, .column = true,
     .form_required = true},
    {.name = "since", .opt = &W::since, .label = N_("Twinned since"), .widget = Widget::kDate, .column = true},
    {.name = "agreement_id", .opt = &W::agreement_id, .label = N_("Under the agreement"), .widget = kChoice,
     .column = true},
    {.name = "note", .opt = &W::note, .label = N_("Note"), .widget = kLong},
};
// clang-format on

}  // namespace

template <typename T>
kinds::Fields<T> FieldsOf() {
  if constexpr (std::is_same_v<T, Organisation>) {
    return kOrganisationFields;
  } else if constexpr (std::is_same_v<T, Agreement>) {
    return kAgreementFields;
  } else if constexpr (std::is_same_v<T, Conference>) {
    return kConferenceFields;
  } else if constexpr (std::is_same_v<T, Commitment>) {
    return kCommitmentFields;
  } else if constexpr (std::is_same_v<T, Activity>) {
    return kActivityFields;
  } else {
    static_assert(std::is_same_v<T, Twinning>, "a cooperation kind");
    return kTwinningFields;
  }
}

template kinds::Fields<Organisation> FieldsOf();
template kinds::Fields<Agreement> FieldsOf();
template kinds::Fields<Conference> FieldsOf();
template kinds::Fields<Commitment> FieldsOf();
template kinds::Fields<Activity> FieldsOf();
template kinds::Fields<Twinning> FieldsOf();

}  // namespace lb::cooperation
