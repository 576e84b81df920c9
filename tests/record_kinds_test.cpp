// The record-kind field tables (platform/kinds, features/registry/kinds.cpp) and what is made
// from them: the published OpenAPI schemas, the CSV/XLSX columns, the JSON of a record.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/resources.h"
#include "features/files/columns.h"
#include "features/registry/api.h"
#include "features/registry/kinds.h"
#include "platform/kinds/kind.h"

namespace lb::testing {
namespace {

using nlohmann::json;

json OpenApiSchema(const std::string& name) {
  auto doc = core::FindResource("data/openapi.json");
  EXPECT_TRUE(doc.has_value());
  if (!doc) return json::object();
  return json::parse(*doc)["components"]["schemas"][name];
}

// The published document states each employer field exactly as the table does: in the record,
// the create body (with its required fields) and the merge patch.
TEST(RecordKinds, TheOpenApiEmployerSchemasAreTheTablesFragments) {
  const auto fields = registry::EmployerFields();
  const json properties = kinds::SchemaProperties(fields);
  for (const std::string schema : {"Employer", "EmployerInput", "EmployerPatch"}) {
    const json doc = OpenApiSchema(schema);
    for (const auto& [name, property] : properties.items()) {
      ASSERT_TRUE(doc["properties"].contains(name)) << schema << " lacks " << name;
      EXPECT_EQ(doc["properties"][name], property) << schema << "." << name;
    }
  }
  const json input = OpenApiSchema("EmployerInput");
  EXPECT_EQ(input["required"].get<std::vector<std::string>>(), kinds::RequiredNames(fields));
  // The record has exactly the table's fields and the bookkeeping.
  std::vector<std::string> record;
  const json employer = OpenApiSchema("Employer");
  for (const auto& [name, _] : employer["properties"].items()) {
    if (!properties.contains(name)) record.push_back(name);
  }
  EXPECT_EQ(record, (std::vector<std::string>{"created_at", "id", "owner_node", "status", "updated_at", "version"}));
}

TEST(RecordKinds, EmployerFileColumnsAreTheExportedFieldsInTableOrder) {
  std::vector<std::string> columns, fields;
  for (const auto& c : files::ColumnsOf(files::Kind::kEmployers)) columns.emplace_back(c.key);
  for (const auto& f : registry::EmployerFields()) {
    if (f.exported) fields.emplace_back(f.name);
  }
  EXPECT_EQ(columns, fields);
  EXPECT_EQ(columns.front(), "name");
  for (const auto& c : files::ColumnsOf(files::Kind::kEmployers)) {
    EXPECT_FALSE(c.vi.empty()) << c.key;
    EXPECT_FALSE(c.lo.empty()) << c.key;
  }
}

TEST(RecordKinds, AnEmployersJsonIsItsFieldsAndBookkeeping) {
  registry::Employer e;
  e.id = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
  e.name = "Mekong Build";
  e.registration_number = "0101234567";
  e.country = "VN";
  e.sector = "F";
  const json j = registry::ToJson(e);
  EXPECT_EQ(j["name"], "Mekong Build");
  EXPECT_EQ(j["sector"], "F");
  EXPECT_TRUE(j["province"].is_null());
  EXPECT_EQ(j["status"], "active");
  EXPECT_EQ(j["version"], 1);
  const json editable = kinds::ToJson(registry::EmployerFields(), e, true);
  EXPECT_FALSE(editable.contains("id"));
  EXPECT_EQ(editable.size(), registry::EmployerFields().size());
}

TEST(RecordKinds, SqlListsComeFromTheTable) {
  const auto fields = registry::EmployerFields();
  EXPECT_TRUE(kinds::ColumnList(fields).starts_with("name, native_name, registration_number, country"));
  EXPECT_EQ(kinds::Placeholders(2, 3), "$2, $3, $4");
  const std::string_view names[] = {"a", "b"};
  EXPECT_EQ(kinds::Assignments(names, 2), "a = $2, b = $3");
}

}  // namespace
}  // namespace lb::testing
