#include "features/cooperation/kinds.h"

#include <type_traits>

#include "features/cooperation/json.h"
#include "rest/json_body.h"

namespace lb::cooperation {
namespace {

using http::ObjectReader;
using kinds::Field;
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
template <typename T, Text3 T::*M>
constexpr Field<T> Text3Field(std::string_view name) {
  return {.name = name, .to_json = Text3Out<T, M>, .from_json = Text3In<T, M>};
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

using O = Organisation;
constexpr Field<O> kOrganisationFields[] = {
    {.name = "code", .text = &O::code},
    {.name = "country", .text = &O::country},
    {.name = "kind", .text = &O::kind},
    Text3Field<O, &O::name>("name"),
    {.name = "abbreviation", .opt = &O::abbreviation},
    {.name = "parent_id", .opt = &O::parent_id},
    {.name = "province", .opt = &O::province},
    {.name = "valid_from", .opt = &O::valid_from},
    {.name = "valid_until", .opt = &O::valid_until},
    {.name = "predecessor_ids", .codes = &O::predecessor_ids, .derived = true},
    {.name = "successor_id", .opt = &O::successor_id, .derived = true},
    {.name = "succeeded_on", .opt = &O::succeeded_on, .derived = true},
};

using A = Agreement;
constexpr Field<A> kAgreementFields[] = {
    {.name = "kind", .text = &A::kind},
    Text3Field<A, &A::title>("title"),
    {.name = "party_ids", .codes = &A::party_ids},
    {.name = "signed_on", .opt = &A::signed_on},
    {.name = "signed_place", .opt = &A::signed_place},
    {.name = "signatories", .to_json = SignatoriesOut, .from_json = SignatoriesIn},
    {.name = "in_force_from", .opt = &A::in_force_from},
    {.name = "in_force_until", .opt = &A::in_force_until},
    {.name = "amends_id", .opt = &A::amends_id},
    {.name = "replaces_id", .opt = &A::replaces_id},
    {.name = "conference_id", .opt = &A::conference_id},
    {.name = "fields", .codes = &A::fields},
    {.name = "note", .opt = &A::note},
    {.name = "attachments", .to_json = AttachmentsOut, .derived = true},
};

using C = Conference;
constexpr Field<C> kConferenceFields[] = {
    {.name = "kind", .text = &C::kind},
    {.name = "number", .opt_integer = &C::number},
    {.name = "held_on", .text = &C::held_on},
    {.name = "status", .text = &C::status, .absent = "held"},
    Text3Field<C, &C::place>("place"),
    {.name = "host_country", .text = &C::host_country},
    {.name = "delegations", .to_json = DelegationsOut, .from_json = DelegationsIn},
    {.name = "agenda", .to_json = AgendaOut, .from_json = AgendaIn},
    {.name = "reviews_from", .opt = &C::reviews_from},
    {.name = "reviews_until", .opt = &C::reviews_until},
    {.name = "orients_from", .opt = &C::orients_from},
    {.name = "orients_until", .opt = &C::orients_until},
    {.name = "note", .opt = &C::note},
    {.name = "agreement_ids", .codes = &C::agreement_ids, .derived = true},
};

using M = Commitment;
constexpr Field<M> kCommitmentFields[] = {
    Text3Field<M, &M::text>("text"),
    {.name = "field", .text = &M::field},
    {.name = "conference_id", .opt = &M::conference_id},
    {.name = "agreement_id", .opt = &M::agreement_id},
    {.name = "vn_org_ids", .codes = &M::vn_org_ids},
    {.name = "la_org_ids", .codes = &M::la_org_ids},
    {.name = "due_on", .opt = &M::due_on},
    {.name = "due_from", .opt = &M::due_from},
    {.name = "due_until", .opt = &M::due_until},
    {.name = "status", .text = &M::status, .absent = "planned"},
    {.name = "carried_to_conference_id", .opt = &M::carried_to_conference_id},
    {.name = "progress", .to_json = ProgressOut, .derived = true},
};

using V = Activity;
constexpr Field<V> kActivityFields[] = {
    {.name = "kind", .text = &V::kind},
    Text3Field<V, &V::title>("title"),
    {.name = "field", .text = &V::field},
    {.name = "start_on", .text = &V::start_on},
    {.name = "end_on", .text = &V::end_on},  // absent: the start (FromJson)
    {.name = "place", .opt = &V::place},
    {.name = "host_country", .opt = &V::host_country},
    {.name = "org_ids", .codes = &V::org_ids},
    {.name = "participants_vn", .integer = &V::participants_vn},
    {.name = "participants_la", .integer = &V::participants_la},
    {.name = "cost", .opt_integer = &V::cost},
    {.name = "currency", .opt = &V::currency},
    {.name = "funding_source", .opt = &V::funding_source},
    {.name = "commitment_ids", .codes = &V::commitment_ids},
};

using W = Twinning;
constexpr Field<W> kTwinningFields[] = {
    {.name = "vn_province", .text = &W::vn_province},
    {.name = "la_province", .text = &W::la_province},
    {.name = "since", .opt = &W::since},
    {.name = "agreement_id", .opt = &W::agreement_id},
    {.name = "note", .opt = &W::note},
};

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
