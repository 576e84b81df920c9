#include "features/cooperation/json.h"

#include "rest/json_body.h"
#include "rest/record_json.h"

namespace lb::cooperation {
namespace {

using http::ObjectReader;
using nlohmann::json;
using Errors = std::vector<core::FieldError>;

json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// A record's API form: its bookkeeping, then its kind's fields.
template <typename T>
json RecordJson(const T& r) {
  json j = {{"id", r.meta.id},
            {"version", r.meta.version},
            {"created_at", r.meta.created_at},
            {"updated_at", r.meta.updated_at}};
  j.update(kinds::ToJson(FieldsOf<T>(), r));
  return j;
}

// Reads the kind's fields of a body; bookkeeping and the members filled on reads may be sent
// back (a GET body) and are ignored, any other member is unknown.
template <typename T>
void ReadRecord(const json& j, T& out, Errors& errors) {
  if (!j.is_object()) {
    errors.push_back({"", "type", "The body must be a JSON object."});
    return;
  }
  ObjectReader r(j, "", errors);
  for (const char* k : {"id", "version", "created_at", "updated_at"}) r.Skip(k);
  rest::ReadFields(r, FieldsOf<T>(), out);
  r.RejectUnknown();
}

}  // namespace

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

const std::string& Text3::In(std::string_view lang) const {
  const std::string& want = lang == "vi" ? vi : lang == "lo" ? lo : en;
  if (!want.empty()) return want;
  if (!en.empty()) return en;
  if (!vi.empty()) return vi;
  return lo;
}

json ToJson(const Text3& t) { return {{"vi", t.vi}, {"lo", t.lo}, {"en", t.en}}; }

json ToJson(const Organisation& o) { return RecordJson(o); }

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

json ToJson(const Agreement& a) { return RecordJson(a); }

json ToJson(const Conference& c) { return RecordJson(c); }

json ToJson(const ProgressUpdate& p) {
  return {{"on_date", p.on_date},        {"status", p.status}, {"note", Opt(p.note)},
          {"evidence", Opt(p.evidence)}, {"actor", p.actor},   {"recorded_at", p.recorded_at}};
}

json ToJson(const Commitment& c) { return RecordJson(c); }

json ToJson(const Activity& a) { return RecordJson(a); }

json ToJson(const Twinning& t) { return RecordJson(t); }

void FromJson(const json& j, Organisation& o, Errors& errors) { ReadRecord(j, o, errors); }

void FromJson(const json& j, Agreement& a, Errors& errors) { ReadRecord(j, a, errors); }

void FromJson(const json& j, Conference& c, Errors& errors) { ReadRecord(j, c, errors); }

void FromJson(const json& j, Commitment& c, Errors& errors) { ReadRecord(j, c, errors); }

void FromJson(const json& j, Activity& a, Errors& errors) {
  ReadRecord(j, a, errors);
  // An activity of one day need not repeat its date.
  if (!j.is_object()) return;
  const auto end = j.find("end_on");
  if (end == j.end() || !end->is_string()) a.end_on = a.start_on;
}

void FromJson(const json& j, Twinning& t, Errors& errors) { ReadRecord(j, t, errors); }

}  // namespace lb::cooperation
