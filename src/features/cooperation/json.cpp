#include "features/cooperation/json.h"

#include <set>

#include "rest/json_body.h"

namespace lb::cooperation {
namespace {

using http::ObjectReader;
using nlohmann::json;
using Errors = std::vector<core::FieldError>;

json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json OptInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json MetaJson(const Meta& m) {
  return {{"id", m.id}, {"version", m.version}, {"created_at", m.created_at}, {"updated_at", m.updated_at}};
}

Text3 ReadText3(const json& j, const std::string& path, Errors& errors) {
  Text3 t;
  if (j.is_null()) return t;
  if (!j.is_object()) {
    errors.push_back({path, "type", path + " must be an object {vi, lo, en}."});
    return t;
  }
  ObjectReader r(j, path, errors);
  t.vi = r.String("vi").value_or("");
  t.lo = r.String("lo").value_or("");
  t.en = r.String("en").value_or("");
  r.RejectUnknown();
  return t;
}

}  // namespace

const std::string& Text3::In(std::string_view lang) const {
  const std::string& want = lang == "vi" ? vi : lang == "lo" ? lo : en;
  if (!want.empty()) return want;
  if (!en.empty()) return en;
  if (!vi.empty()) return vi;
  return lo;
}

json StoredForm(json j) {
  for (const char* k : {"id", "version", "created_at", "updated_at", "attachments", "agreement_ids", "progress",
                        "predecessor_ids", "successor_id", "succeeded_on"}) {
    j.erase(k);
  }
  return j;
}

json ToJson(const Text3& t) { return {{"vi", t.vi}, {"lo", t.lo}, {"en", t.en}}; }

json ToJson(const Organisation& o) {
  json j = MetaJson(o.meta);
  j.update({{"code", o.code},
            {"country", o.country},
            {"kind", o.kind},
            {"name", ToJson(o.name)},
            {"abbreviation", Opt(o.abbreviation)},
            {"parent_id", Opt(o.parent_id)},
            {"province", Opt(o.province)},
            {"valid_from", Opt(o.valid_from)},
            {"valid_until", Opt(o.valid_until)},
            {"predecessor_ids", o.predecessor_ids},
            {"successor_id", Opt(o.successor_id)},
            {"succeeded_on", Opt(o.succeeded_on)}});
  return j;
}

json ToJson(const Attachment& a) {
  return {{"id", a.id},
          {"agreement_id", a.agreement_id},
          {"file_name", a.file_name},
          {"media_type", a.media_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"created_at", a.created_at},
          {"created_by", a.created_by}};
}

json ToJson(const Agreement& a) {
  json sign = json::array();
  for (const auto& s : a.signatories) {
    sign.push_back({{"name", s.name}, {"title", Opt(s.title)}, {"organisation_id", Opt(s.organisation_id)}});
  }
  json att = json::array();
  for (const auto& x : a.attachments) att.push_back(ToJson(x));
  json j = MetaJson(a.meta);
  j.update({{"kind", a.kind},
            {"title", ToJson(a.title)},
            {"party_ids", a.party_ids},
            {"signed_on", Opt(a.signed_on)},
            {"signed_place", Opt(a.signed_place)},
            {"signatories", std::move(sign)},
            {"in_force_from", Opt(a.in_force_from)},
            {"in_force_until", Opt(a.in_force_until)},
            {"amends_id", Opt(a.amends_id)},
            {"replaces_id", Opt(a.replaces_id)},
            {"conference_id", Opt(a.conference_id)},
            {"fields", a.fields},
            {"note", Opt(a.note)},
            {"attachments", std::move(att)}});
  return j;
}

json ToJson(const Conference& c) {
  json del = json::array();
  for (const auto& d : c.delegations) {
    del.push_back({{"country", d.country},
                   {"head", d.head},
                   {"title", Opt(d.title)},
                   {"organisation_id", Opt(d.organisation_id)}});
  }
  json agenda = json::array();
  for (const auto& a : c.agenda) agenda.push_back(ToJson(a));
  json j = MetaJson(c.meta);
  j.update({{"kind", c.kind},
            {"number", OptInt(c.number)},
            {"held_on", c.held_on},
            {"status", c.status},
            {"place", ToJson(c.place)},
            {"host_country", c.host_country},
            {"delegations", std::move(del)},
            {"agenda", std::move(agenda)},
            {"reviews_from", Opt(c.reviews_from)},
            {"reviews_until", Opt(c.reviews_until)},
            {"orients_from", Opt(c.orients_from)},
            {"orients_until", Opt(c.orients_until)},
            {"note", Opt(c.note)},
            {"agreement_ids", c.agreement_ids}});
  return j;
}

json ToJson(const ProgressUpdate& p) {
  return {{"on_date", p.on_date},        {"status", p.status}, {"note", Opt(p.note)},
          {"evidence", Opt(p.evidence)}, {"actor", p.actor},   {"recorded_at", p.recorded_at}};
}

json ToJson(const Commitment& c) {
  json prog = json::array();
  for (const auto& p : c.progress) prog.push_back(ToJson(p));
  json j = MetaJson(c.meta);
  j.update({{"text", ToJson(c.text)},
            {"field", c.field},
            {"conference_id", Opt(c.conference_id)},
            {"agreement_id", Opt(c.agreement_id)},
            {"vn_org_ids", c.vn_org_ids},
            {"la_org_ids", c.la_org_ids},
            {"due_on", Opt(c.due_on)},
            {"due_from", Opt(c.due_from)},
            {"due_until", Opt(c.due_until)},
            {"status", c.status},
            {"carried_to_conference_id", Opt(c.carried_to_conference_id)},
            {"progress", std::move(prog)}});
  return j;
}

json ToJson(const Activity& a) {
  json j = MetaJson(a.meta);
  j.update({{"kind", a.kind},
            {"title", ToJson(a.title)},
            {"field", a.field},
            {"start_on", a.start_on},
            {"end_on", a.end_on},
            {"place", Opt(a.place)},
            {"host_country", Opt(a.host_country)},
            {"org_ids", a.org_ids},
            {"participants_vn", a.participants_vn},
            {"participants_la", a.participants_la},
            {"cost", OptInt(a.cost)},
            {"currency", Opt(a.currency)},
            {"funding_source", Opt(a.funding_source)},
            {"commitment_ids", a.commitment_ids}});
  return j;
}

json ToJson(const Twinning& t) {
  json j = MetaJson(t.meta);
  j.update({{"vn_province", t.vn_province},
            {"la_province", t.la_province},
            {"since", Opt(t.since)},
            {"agreement_id", Opt(t.agreement_id)},
            {"note", Opt(t.note)}});
  return j;
}

// --- readers ---------------------------------------------------------------------------------

namespace {

// Shared reading frame: checks the object, lets `body` read members, then reports members
// that no reader asked for (bookkeeping and read-only members are allowed and ignored).
template <typename Fn>
void ReadObject(const json& j, Errors& errors, std::initializer_list<const char*> read_only, Fn&& body) {
  if (!j.is_object()) {
    errors.push_back({"", "type", "The body must be a JSON object."});
    return;
  }
  std::set<std::string> asked;
  std::set<std::string> ignore = {"id", "version", "created_at", "updated_at"};
  for (auto k : read_only) ignore.insert(k);
  body(asked);
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!asked.contains(it.key()) && !ignore.contains(it.key())) {
      errors.push_back({it.key(), "unknown_field", it.key() + " is not a known field."});
    }
  }
}

struct Members {
  const json& j;
  Errors& errors;
  std::set<std::string>& asked;

  std::optional<std::string> Str(const std::string& k) {
    asked.insert(k);
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      errors.push_back({k, "type", k + " must be a string."});
      return std::nullopt;
    }
    return it->get<std::string>();
  }
  std::string Req(const std::string& k) { return Str(k).value_or(""); }
  std::optional<int64_t> Int(const std::string& k) {
    asked.insert(k);
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) {
      errors.push_back({k, "type", k + " must be a whole number."});
      return std::nullopt;
    }
    return it->get<int64_t>();
  }
  Text3 Text(const std::string& k) {
    asked.insert(k);
    auto it = j.find(k);
    return it == j.end() ? Text3{} : ReadText3(*it, k, errors);
  }
  const json* Arr(const std::string& k) {
    asked.insert(k);
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return nullptr;
    if (!it->is_array()) {
      errors.push_back({k, "type", k + " must be an array."});
      return nullptr;
    }
    return &*it;
  }
  std::vector<std::string> Strings(const std::string& k) {
    std::vector<std::string> out;
    const json* a = Arr(k);
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) {
        errors.push_back({k + "[" + std::to_string(i) + "]", "type", k + " items must be strings."});
        continue;
      }
      out.push_back((*a)[i].get<std::string>());
    }
    return out;
  }
  // Appends to `out` an array's objects, each read by `read` from a reader at "<k>[i]"; an item
  // that is not an object is an error (and an empty item, so indexes stay aligned).
  template <typename T, typename Read>
  void Objects(const std::string& k, std::vector<T>& out, Read&& read) {
    const json* a = Arr(k);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
      const std::string p = k + "[" + std::to_string(i) + "]";
      if (!(*a)[i].is_object()) {
        errors.push_back({p, "type", p + " must be an object."});
        out.emplace_back();
        continue;
      }
      ObjectReader r((*a)[i], p, errors);
      T item = read(r);
      r.RejectUnknown();
      out.push_back(std::move(item));
    }
  }
};

}  // namespace

void FromJson(const json& j, Organisation& o, Errors& errors) {
  ReadObject(j, errors, {"predecessor_ids", "successor_id", "succeeded_on"}, [&](std::set<std::string>& asked) {
    Members m{j, errors, asked};
    o.code = m.Req("code");
    o.country = m.Req("country");
    o.kind = m.Req("kind");
    o.name = m.Text("name");
    o.abbreviation = m.Str("abbreviation");
    o.parent_id = m.Str("parent_id");
    o.province = m.Str("province");
    o.valid_from = m.Str("valid_from");
    o.valid_until = m.Str("valid_until");
  });
}

void FromJson(const json& j, Agreement& a, Errors& errors) {
  ReadObject(j, errors, {"attachments"}, [&](std::set<std::string>& asked) {
    Members m{j, errors, asked};
    a.kind = m.Req("kind");
    a.title = m.Text("title");
    a.party_ids = m.Strings("party_ids");
    a.signed_on = m.Str("signed_on");
    a.signed_place = m.Str("signed_place");
    m.Objects("signatories", a.signatories, [](ObjectReader& r) {
      Signatory sig;
      sig.name = r.String("name", true).value_or("");
      sig.title = r.String("title");
      sig.organisation_id = r.String("organisation_id");
      return sig;
    });
    a.in_force_from = m.Str("in_force_from");
    a.in_force_until = m.Str("in_force_until");
    a.amends_id = m.Str("amends_id");
    a.replaces_id = m.Str("replaces_id");
    a.conference_id = m.Str("conference_id");
    a.fields = m.Strings("fields");
    a.note = m.Str("note");
  });
}

void FromJson(const json& j, Conference& c, Errors& errors) {
  ReadObject(j, errors, {"agreement_ids"}, [&](std::set<std::string>& asked) {
    Members m{j, errors, asked};
    c.kind = m.Req("kind");
    c.number = m.Int("number");
    c.held_on = m.Req("held_on");
    c.status = m.Str("status").value_or("held");
    c.place = m.Text("place");
    c.host_country = m.Req("host_country");
    m.Objects("delegations", c.delegations, [](ObjectReader& r) {
      Delegation del;
      del.country = r.String("country", true).value_or("");
      del.head = r.String("head", true).value_or("");
      del.title = r.String("title");
      del.organisation_id = r.String("organisation_id");
      return del;
    });
    if (const json* a = m.Arr("agenda")) {
      for (size_t i = 0; i < a->size(); ++i) {
        c.agenda.push_back(ReadText3((*a)[i], "agenda[" + std::to_string(i) + "]", errors));
      }
    }
    c.reviews_from = m.Str("reviews_from");
    c.reviews_until = m.Str("reviews_until");
    c.orients_from = m.Str("orients_from");
    c.orients_until = m.Str("orients_until");
    c.note = m.Str("note");
  });
}

void FromJson(const json& j, Commitment& c, Errors& errors) {
  ReadObject(j, errors, {"progress"}, [&](std::set<std::string>& asked) {
    Members m{j, errors, asked};
    c.text = m.Text("text");
    c.field = m.Req("field");
    c.conference_id = m.Str("conference_id");
    c.agreement_id = m.Str("agreement_id");
    c.vn_org_ids = m.Strings("vn_org_ids");
    c.la_org_ids = m.Strings("la_org_ids");
    c.due_on = m.Str("due_on");
    c.due_from = m.Str("due_from");
    c.due_until = m.Str("due_until");
    c.status = m.Str("status").value_or("planned");
    c.carried_to_conference_id = m.Str("carried_to_conference_id");
  });
}

void FromJson(const json& j, Activity& a, Errors& errors) {
  ReadObject(j, errors, {}, [&](std::set<std::string>& asked) {
    Members m{j, errors, asked};
    a.kind = m.Req("kind");
    a.title = m.Text("title");
    a.field = m.Req("field");
    a.start_on = m.Req("start_on");
    a.end_on = m.Str("end_on").value_or(a.start_on);
    a.place = m.Str("place");
    a.host_country = m.Str("host_country");
    a.org_ids = m.Strings("org_ids");
    a.participants_vn = m.Int("participants_vn").value_or(0);
    a.participants_la = m.Int("participants_la").value_or(0);
    a.cost = m.Int("cost");
    a.currency = m.Str("currency");
    a.funding_source = m.Str("funding_source");
    a.commitment_ids = m.Strings("commitment_ids");
  });
}

void FromJson(const json& j, Twinning& t, Errors& errors) {
  ReadObject(j, errors, {}, [&](std::set<std::string>& asked) {
    Members m{j, errors, asked};
    t.vn_province = m.Req("vn_province");
    t.la_province = m.Req("la_province");
    t.since = m.Str("since");
    t.agreement_id = m.Str("agreement_id");
    t.note = m.Str("note");
  });
}

std::vector<std::string> EditableMembers(const json& full, std::string_view kind) {
  static const std::set<std::string> kReadOnly = {"id",           "version",       "created_at", "updated_at",
                                                  "attachments",  "agreement_ids", "progress",   "predecessor_ids",
                                                  "successor_id", "succeeded_on"};
  std::vector<std::string> out;
  for (auto it = full.begin(); it != full.end(); ++it) {
    if (!kReadOnly.contains(it.key())) out.push_back(it.key());
  }
  (void)kind;
  return out;
}

}  // namespace lb::cooperation
