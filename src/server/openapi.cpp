#include "server/openapi.h"

#include <algorithm>

#include "core/resources.h"
#include "features/cooperation/kinds.h"
#include "features/registry/kinds.h"
#include "platform/kinds/kind.h"

namespace lb::server {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

template <typename T>
KindSchemas SchemasOf(std::string record, kinds::Fields<T> fields) {
  KindSchemas k{
      record, record + "Input", record + "Patch", kinds::SchemaProperties(fields), kinds::RequiredNames(fields), {},
      {}};
  for (const auto& f : fields) {
    if (f.derived) k.derived.emplace_back(f.name);
    if (kinds::Has(f, kinds::Members::kEditable)) k.editable.emplace_back(f.name);
  }
  return k;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The property as the document had it (a description, an item's enum or format the table does
// not state), with what the table states (type, constraints) taking precedence, member by
// member. A body (`body`) may send null for a text the table has as a string (it reads as
// absent): there the document's ["string", "null"] stays.
ordered_json Merged(const ordered_json& existing, const json& from_table, bool body = false) {
  ordered_json out = existing.is_object() ? existing : ordered_json::object();
  for (const auto& [key, value] : from_table.items()) {
    if (value.is_object() && out.contains(key) && out[key].is_object()) {
      out[key] = Merged(out[key], value);
    } else if (body && key == "type" && value.is_string() && out.contains("type") && out["type"].is_array() &&
               out["type"] == ordered_json::array({value, "null"})) {
      continue;
    } else {
      out[key] = ordered_json::parse(value.dump());
    }
  }
  return out;
}

void Apply(ordered_json& schemas, const KindSchemas& k) {
  if (schemas.contains(k.record)) {
    auto& props = schemas[k.record]["properties"];
    for (const auto& [name, p] : k.properties.items()) {
      ordered_json merged = Merged(props.contains(name) ? props[name] : ordered_json(), p);
      const bool read_only = !Contains(k.editable, name);
      if (read_only) {
        merged["readOnly"] = true;
      } else {
        merged.erase("readOnly");
      }
      props[name] = std::move(merged);
    }
  }
  if (schemas.contains(k.input)) {
    auto& input = schemas[k.input];
    auto& props = input["properties"];
    for (const auto& [name, p] : k.properties.items()) {
      if (Contains(k.derived, name)) continue;
      props[name] = Merged(props.contains(name) ? props[name] : ordered_json(), p, true);
    }
    // A table that marks no field required (the cooperation's: its service checks them) leaves
    // the document's list.
    if (!k.required.empty()) input["required"] = k.required;
  }
  if (schemas.contains(k.patch)) {
    auto& props = schemas[k.patch]["properties"];
    for (const auto& [name, p] : k.properties.items()) {
      if (!Contains(k.editable, name)) {
        props.erase(name);
        continue;
      }
      props[name] = Merged(props.contains(name) ? props[name] : ordered_json(), p, true);
    }
  }
}

}  // namespace

std::vector<KindSchemas> AllKindSchemas() {
  namespace c = cooperation;
  return {
      SchemasOf("Person", registry::PersonFields()),
      SchemasOf("Employer", registry::EmployerFields()),
      SchemasOf("WorkPermit", registry::PermitFields()),
      SchemasOf("CoopOrganisation", c::FieldsOf<c::Organisation>()),
      SchemasOf("CoopAgreement", c::FieldsOf<c::Agreement>()),
      SchemasOf("CoopConference", c::FieldsOf<c::Conference>()),
      SchemasOf("CoopCommitment", c::FieldsOf<c::Commitment>()),
      SchemasOf("CoopActivity", c::FieldsOf<c::Activity>()),
      SchemasOf("CoopTwinning", c::FieldsOf<c::Twinning>()),
  };
}

core::Result<ordered_json> OpenApiDocument() {
  auto text = core::FindResource("data/openapi.json");
  if (!text) return core::Fail(core::Error::Internal("openapi.json not embedded"));
  ordered_json doc = ordered_json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return core::Fail(core::Error::Internal("openapi.json is not JSON"));
  auto& schemas = doc["components"]["schemas"];
  for (const auto& k : AllKindSchemas()) Apply(schemas, k);
  return doc;
}

core::Result<std::string> OpenApiText() {
  static const core::Result<std::string> text = []() -> core::Result<std::string> {
    LB_TRY(doc, OpenApiDocument());
    return doc.dump();
  }();
  return text;
}

}  // namespace lb::server
