#pragma once
// A record kind's fields as one table: from it come the JSON in and out, the editable members
// of a merge patch, form values, CSV/XLSX columns, audit forms, SQL column lists and OpenAPI
// schema fragments. Validation, natural keys, lawful transitions and scope rules are not in the
// table: each kind writes them by hand.
//
// Here (platform, no http) because stores, the file import/export and the audit form use it as
// much as the REST API does; the JSON reader for request bodies is rest/record_json.h.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lb::kinds {

// Marks a label message for scripts/update-pot (English msgid; the interface translates it).
constexpr const char* N_(const char* msgid) { return msgid; }

// How a field is entered on a form.
// kRecord: a choice the page supplies (other records, or a kind's enumeration); kHostCountry: VN or LA.
// A whole number is entered as a number whatever its widget.
enum class Widget {
  kText,
  kNativeText,
  kTextarea,
  kCountry,
  kProvince,
  kUrl,
  kSex,
  kPhone,
  kHostCountry,
  kRecord,
  kDate
};

// One field of a record of type T. Exactly one member pointer is set, and it says the type:
// `text` (a string, "" when absent), `opt` (a string or null), `integer` (a whole number, 0
// when absent), `opt_integer` (a whole number or null), `codes` (a list of codes or ids), or
// `to_json`/`from_json` for a member of a type of the kind's own (a nested object or list the
// feature reads and writes by hand). Dates and enumerations are text whose rules are the kind's
// validation. The CSV/XLSX, form and SQL helpers below serve text fields (`text`, `opt`) only.
template <typename T>
struct Field {
  std::string_view name;  // JSON member, SQL column, form field and English CSV header
  std::string T::*text = nullptr;
  std::optional<std::string> T::*opt = nullptr;
  bool editable = true;     // a merge patch may change it (else it is set when the record is made)
  bool required = false;    // the JSON body and the CSV header must have it
  const char* label = "";   // form label (msgid, marked with N_)
  std::string_view vi, lo;  // CSV/XLSX headers in Vietnamese and Lao
  Widget widget = Widget::kText;
  bool exported = true;        // a column of CSV/XLSX files
  double width = 12;           // XLSX column width in characters
  const char* hint = nullptr;  // form hint (msgid, marked with N_)
  std::string_view autocomplete = {};
  std::string_view schema = {};  // OpenAPI constraints as a JSON object text ("type" is added)
  bool on_form = true;           // the record's form shows it (else it comes from elsewhere, e.g. the URL)
  int64_t T::*integer = nullptr;
  std::optional<int64_t> T::*opt_integer = nullptr;
  std::vector<std::string> T::*codes = nullptr;
  nlohmann::json (*to_json)(const T&) = nullptr;
  // Reads the member's JSON value (present and not null) at `path`; errors go to the list.
  void (*from_json)(const nlohmann::json& value, const std::string& path, T& record,
                    std::vector<core::FieldError>& errors) = nullptr;
  std::string_view absent = {};  // a `text` member's value when a body leaves it out
  bool derived = false;          // filled on reads: in the JSON out only (bodies may send it back, unread)
  // Tables that keep the record as a document (cooperation's `doc`) have a column only for the
  // fields that constraints, filters and joins need: `column` marks them, `column_name` names
  // the column when it is not `name`. (The registry's tables have a column for every field.)
  bool column = false;
  std::string_view column_name = {};
  std::string_view input = {};  // the form input when not `name` (a `codes` field edits its first item)
  bool form_required = false;   // the form marks it required (a body may leave it out: validation decides)
};

// One column of a kind's CSV/XLSX files: its English name (the field it fills), whether the
// header must have it, its Vietnamese and Lao names, its XLSX width.
struct Column {
  std::string_view key;
  bool required;
  std::string_view vi, lo;
  double width;
};

template <typename T>
using Fields = std::span<const Field<T>>;

template <typename T>
std::optional<std::string> ValueOf(const Field<T>& f, const T& record) {
  if (f.text) return record.*f.text;
  return record.*f.opt;
}

// The value as a cell or form value: "" for none.
template <typename T>
std::string TextOf(const Field<T>& f, const T& record) {
  if (f.text) return record.*f.text;
  return (record.*f.opt).value_or("");
}

// Sets the member; an optional member takes nullopt, a required one "".
template <typename T>
void Set(const Field<T>& f, T& record, std::optional<std::string> value) {
  if (f.text) {
    record.*f.text = value ? std::move(*value) : std::string();
  } else {
    record.*f.opt = std::move(value);
  }
}

// Copies the field's value from `from`.
template <typename T>
void Copy(const Field<T>& f, T& record, const T& from) {
  if (f.text) record.*f.text = from.*f.text;
  if (f.opt) record.*f.opt = from.*f.opt;
  if (f.integer) record.*f.integer = from.*f.integer;
  if (f.opt_integer) record.*f.opt_integer = from.*f.opt_integer;
  if (f.codes) record.*f.codes = from.*f.codes;
}

// The member as JSON (null for an absent optional value).
template <typename T>
nlohmann::json JsonOf(const Field<T>& f, const T& record) {
  using nlohmann::json;
  if (f.text) return record.*f.text;
  if (f.opt) return record.*f.opt ? json(*(record.*f.opt)) : json(nullptr);
  if (f.integer) return record.*f.integer;
  if (f.opt_integer) return record.*f.opt_integer ? json(*(record.*f.opt_integer)) : json(nullptr);
  if (f.codes) return record.*f.codes;
  return f.to_json ? f.to_json(record) : json(nullptr);
}

// Which members a record's JSON has: all, the ones a merge patch may change, or the ones a
// store keeps (all but the derived).
enum class Members { kAll, kEditable, kStored };

template <typename T>
bool Has(const Field<T>& f, Members which) {
  switch (which) {
    case Members::kAll:
      return true;
    case Members::kEditable:
      return f.editable && !f.derived;
    case Members::kStored:
      return !f.derived;
  }
  return true;
}

// The fields as a JSON object (null for an absent optional value); only the editable ones
// when asked (the part a merge patch applies to).
template <typename T>
nlohmann::json ToJson(Fields<T> fields, const T& record, Members which) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& f : fields) {
    if (Has(f, which)) out[std::string(f.name)] = JsonOf(f, record);
  }
  return out;
}

template <typename T>
nlohmann::json ToJson(Fields<T> fields, const T& record, bool editable_only = false) {
  return ToJson(fields, record, editable_only ? Members::kEditable : Members::kAll);
}

// The field's SQL column and form input.
template <typename T>
std::string_view ColumnOf(const Field<T>& f) {
  return f.column_name.empty() ? f.name : f.column_name;
}
template <typename T>
std::string_view InputOf(const Field<T>& f) {
  return f.input.empty() ? f.name : f.input;
}

// "a, b, c": the fields' SQL columns, in table order.
template <typename T>
std::string ColumnList(Fields<T> fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out += ", ";
    out += ColumnOf(f);
  }
  return out;
}

// The exported fields' values in column order (CSV/XLSX cells).
template <typename T>
std::vector<std::string> Cells(Fields<T> fields, const T& record) {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    if (f.exported) out.push_back(TextOf(f, record));
  }
  return out;
}

// The exported fields as file columns, in table order, appended to `out`.
template <typename T>
void AppendColumns(Fields<T> fields, std::vector<Column>& out) {
  for (const auto& f : fields) {
    if (f.exported) out.push_back({f.name, f.required, f.vi, f.lo, f.width});
  }
}

// The OpenAPI properties of the fields (editable ones only when asked): the field's `schema`
// with its type, [type, "null"] for an optional member (a member of the kind's own type: its
// `schema` alone).
template <typename T>
nlohmann::json SchemaProperties(Fields<T> fields, bool editable_only = false) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& f : fields) {
    if (editable_only && !Has(f, Members::kEditable)) continue;
    nlohmann::json p = f.schema.empty() ? nlohmann::json::object() : nlohmann::json::parse(f.schema);
    const char* type = f.integer || f.opt_integer ? "integer" : f.codes ? "array" : "string";
    if (f.text || f.integer || f.codes) {
      p["type"] = type;
    } else if (f.opt || f.opt_integer) {
      p["type"] = nlohmann::json::array({type, "null"});
    }
    if (f.codes) p["items"] = {{"type", "string"}};
    out[std::string(f.name)] = std::move(p);
  }
  return out;
}

// The names of the required fields (the input schema's "required").
template <typename T>
std::vector<std::string> RequiredNames(Fields<T> fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    if (f.required) out.emplace_back(f.name);
  }
  return out;
}

// "$1, $2, ..." from `first` on, `n` of them.
std::string Placeholders(size_t first, size_t n);
// "a = $2, b = $3, ...": an UPDATE's SET list of the fields from placeholder `first` on.
std::string Assignments(std::span<const std::string_view> names, size_t first);

template <typename T>
std::vector<std::string_view> Names(Fields<T> fields) {
  std::vector<std::string_view> out;
  for (const auto& f : fields) out.push_back(f.name);
  return out;
}

}  // namespace lb::kinds
