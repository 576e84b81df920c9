// The OpenAPI document the node serves makes each record kind's schemas from the kind's field
// table, and the document in the tree (data/openapi.json) says the same: a field added to,
// changed in or removed from a table without `labourbridge routes --openapi > data/openapi.json`
// fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/resources.h"
#include "server/openapi.h"

namespace lb::testing {
namespace {

using nlohmann::json;

json TreeDocument() {
  auto text = core::FindResource("data/openapi.json");
  EXPECT_TRUE(text.has_value());
  return text ? json::parse(*text) : json::object();
}

json Served() {
  auto text = server::OpenApiText();
  EXPECT_TRUE(text.has_value());
  return text ? json::parse(*text) : json::object();
}

TEST(OpenApiKinds, TheServedDocumentIsTheDocumentInTheTree) {
  const json tree = TreeDocument();
  const json served = Served();
  const json diff = json::diff(tree, served);
  EXPECT_TRUE(diff.empty()) << "data/openapi.json disagrees with the kinds' field tables; run "
                               "`labourbridge routes --openapi > data/openapi.json`. Differences: "
                            << diff.dump(2);
}

// Every kind, every field: the record states it (readOnly exactly when a merge patch may not
// change it), the create body states it with the table's required names, the patch body states
// the editable ones only; types and constraints are the table's.
TEST(OpenApiKinds, EveryKindsSchemasStateItsFieldTable) {
  const json schemas = Served()["components"]["schemas"];
  const auto kinds = server::AllKindSchemas();
  ASSERT_EQ(kinds.size(), 9u);
  for (const auto& k : kinds) {
    SCOPED_TRACE(k.record);
    ASSERT_TRUE(schemas.contains(k.record));
    const json& record = schemas[k.record]["properties"];
    for (const auto& [name, table] : k.properties.items()) {
      ASSERT_TRUE(record.contains(name)) << k.record << " lacks " << name;
      for (const auto& [key, value] : table.items()) {
        if (key == "items") continue;  // the document may say more of an item (its enum, its format)
        EXPECT_EQ(record[name][key], value) << name << "." << key;
      }
      const bool editable = std::find(k.editable.begin(), k.editable.end(), name) != k.editable.end();
      EXPECT_EQ(record[name].value("readOnly", false), !editable) << name;
      if (schemas.contains(k.patch)) {
        EXPECT_EQ(schemas[k.patch]["properties"].contains(name), editable) << k.patch << "." << name;
      }
    }
    if (schemas.contains(k.input) && !k.required.empty()) {
      std::vector<std::string> required;
      if (schemas[k.input].contains("required"))
        required = schemas[k.input]["required"].get<std::vector<std::string>>();
      EXPECT_EQ(required, k.required) << k.input;
    }
  }
}

// The employer's website, the field measured end to end: in every employer schema, with its
// constraints from the table.
TEST(OpenApiKinds, TheEmployerWebsiteComesFromItsTableRow) {
  const json schemas = Served()["components"]["schemas"];
  for (const std::string name : {"Employer", "EmployerInput", "EmployerPatch"}) {
    const json& w = schemas[name]["properties"]["website"];
    EXPECT_EQ(w["type"], json::array({"string", "null"})) << name;
    EXPECT_EQ(w["maxLength"], 200) << name;
    EXPECT_EQ(w["format"], "uri") << name;
  }
}

}  // namespace
}  // namespace lb::testing
