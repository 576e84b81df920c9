// Persons, employers and permits described by their field tables (features/registry/kinds.cpp):
// each kind's JSON, its stored row and its file columns come from its one table, on both
// backends.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

#include "features/files/columns.h"
#include "features/files/exporter.h"
#include "features/registry/kinds.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "platform/reference/reference.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using registry::RegistryRecord;

// The names a file's columns should have: the table's exported fields, then the kind's tail.
template <typename T>
std::vector<kinds::Column> Expected(kinds::Fields<T> fields, std::span<const kinds::Column> tail) {
  std::vector<kinds::Column> out;
  for (const auto& f : fields) {
    if (f.exported) out.push_back({f.name, f.required, f.vi, f.lo, f.width});
  }
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

void ExpectColumns(files::Kind kind, const std::vector<kinds::Column>& expected) {
  const auto columns = files::ColumnsOf(kind);
  ASSERT_EQ(columns.size(), expected.size()) << files::KindName(kind);
  std::set<std::string_view> seen;
  for (size_t i = 0; i < columns.size(); ++i) {
    SCOPED_TRACE(std::string(expected[i].key));
    EXPECT_EQ(files::HeaderName(columns[i], files::Lang::kEn), expected[i].key);
    EXPECT_EQ(files::HeaderName(columns[i], files::Lang::kVi), expected[i].vi);
    EXPECT_EQ(files::HeaderName(columns[i], files::Lang::kLo), expected[i].lo);
    EXPECT_FALSE(expected[i].vi.empty());
    EXPECT_FALSE(expected[i].lo.empty());
    EXPECT_EQ(columns[i].required, expected[i].required);
    EXPECT_TRUE(seen.insert(columns[i].key).second) << "a column name appears twice";
  }
}

TEST(RegistryKindTables, EachKindsFileColumnsAreItsTablesExportedFieldsThenItsTailInEveryLanguage) {
  ExpectColumns(files::Kind::kPersons, Expected(registry::PersonFields(), registry::PersonFileTail()));
  ExpectColumns(files::Kind::kEmployers, Expected(registry::EmployerFields(), {}));
  ExpectColumns(files::Kind::kPermits, Expected(registry::PermitFields(), registry::PermitFileTail()));
}

TEST(RegistryKindTables, APermitsPartiesAreNotColumnsAndItsPersonAndHostCountryAreNotPatched) {
  for (const auto& f : registry::PermitFields()) {
    const bool party = f.name == "person_id" || f.name == "employer_id";
    EXPECT_EQ(f.exported, !party) << f.name;
    EXPECT_EQ(f.editable, f.name != "person_id" && f.name != "host_country") << f.name;
  }
  registry::WorkPermit w;
  w.person_id = "p";
  w.employer_id = "e";
  w.host_country = "VN";
  const json editable = kinds::ToJson(registry::PermitFields(), w, /*editable_only=*/true);
  EXPECT_FALSE(editable.contains("person_id"));
  EXPECT_FALSE(editable.contains("host_country"));
  EXPECT_EQ(editable["employer_id"], "e");
}

// A record created through the API answers every table field as sent, and the row stored for
// it holds the same values in the table's columns.
class RegistryKindTablesApi : public ApiFixture {
 protected:
  template <typename T>
  void ExpectStoredAsSent(kinds::Fields<T> fields, const std::string& table, const json& sent, const json& answered) {
    const std::string id = answered.value("id", "");
    ASSERT_FALSE(id.empty()) << answered.dump();
    auto rows = testdb_->Query("SELECT " + kinds::ColumnList(fields) + " FROM " + table + " WHERE id = '" + id + "'");
    ASSERT_EQ(rows.size(), 1u);
    size_t i = 0;
    for (const auto& f : fields) {
      const std::string name(f.name);
      SCOPED_TRACE(name);
      const json want = sent.contains(name) ? sent.at(name) : json(nullptr);
      EXPECT_EQ(answered.at(name), want);
      const auto stored = rows[0].Opt(i++);
      EXPECT_EQ(stored ? json(*stored) : json(nullptr), want);
    }
  }
};

TEST_P(RegistryKindTablesApi, APersonsJsonRoundTripsThroughItsTable) {
  json body = LaoWorker();
  auto created = Post("/api/v1/persons", body);
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectStoredAsSent(registry::PersonFields(), "persons", body, created.json);
  auto read = Get("/api/v1/persons/" + created.json["id"].get<std::string>());
  ASSERT_EQ(read.status, 200);
  ExpectStoredAsSent(registry::PersonFields(), "persons", body, read.json);
  EXPECT_EQ(read.json["documents"], body["documents"]);

  // A merge patch reaches the table's fields and the documents alike.
  auto patched = Patch("/api/v1/persons/" + created.json["id"].get<std::string>(),
                       {{"phone", nullptr}, {"birth_date", "1978-05-21"}}, "\"1\"");
  ASSERT_EQ(patched.status, 200) << patched.body;
  body["phone"] = nullptr;
  body["birth_date"] = "1978-05-21";
  ExpectStoredAsSent(registry::PersonFields(), "persons", body, patched.json);
}

TEST_P(RegistryKindTablesApi, APermitsJsonRoundTripsThroughItsTableAndKeepsItsSetOnceFields) {
  json body = PermitInVietnam();
  auto created = Post("/api/v1/permits", body);
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectStoredAsSent(registry::PermitFields(), "work_permits", body, created.json);
  EXPECT_EQ(created.json["extensions"], 0);
  const std::string id = created.json["id"];
  auto patched = Patch("/api/v1/permits/" + id, {{"occupation", "7112"}}, "\"1\"");
  ASSERT_EQ(patched.status, 200) << patched.body;
  body["occupation"] = "7112";
  ExpectStoredAsSent(registry::PermitFields(), "work_permits", body, patched.json);
  // Fields set when the permit is made are read-only to a patch, and stay as they were.
  auto moved = Patch("/api/v1/permits/" + id, {{"host_country", "LA"}}, "\"2\"");
  EXPECT_EQ(moved.status, 422) << moved.body;
  ExpectStoredAsSent(registry::PermitFields(), "work_permits", body, Get("/api/v1/permits/" + id).json);
}

LB_INSTANTIATE_BACKENDS(RegistryKindTablesApi);

// An export's header is the kind's columns in the chosen language, and each row is the
// record's table fields, then its tail.
class RegistryKindTablesExport : public ApiFixture {
 protected:
  std::string Export(files::Kind kind, files::Lang lang) {
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* f = open_memstream(&buf, &len);
    auto sink = files::MakeCsvSink(f, false);
    files::Exporter exporter(node_->db(), node_->registry(), nullptr);
    files::ExportOptions options;
    options.kind = kind;
    options.lang = lang;
    auto n = exporter.Run(access::Principal::System("VN"), options, *sink);
    EXPECT_TRUE(n) << (n ? "" : n.error().message);
    std::fclose(f);
    std::string out(buf, len);
    std::free(buf);
    return out;
  }
  static std::string Line(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      files::AppendCsvCell(out, cells[i], true);
    }
    return out + "\r\n";
  }
};

TEST_P(RegistryKindTablesExport, EachKindsHeaderIsItsColumnsInEachLanguageAndRowsFollowTheTable) {
  json permit = PermitInVietnam();
  ASSERT_EQ(Post("/api/v1/permits", permit).status, 201);
  for (auto kind : {files::Kind::kPersons, files::Kind::kEmployers, files::Kind::kPermits}) {
    for (auto lang : {files::Lang::kEn, files::Lang::kVi, files::Lang::kLo}) {
      std::vector<std::string> header;
      for (const auto& c : files::ColumnsOf(kind)) header.emplace_back(files::HeaderName(c, lang));
      const std::string file = Export(kind, lang);
      EXPECT_EQ(file.substr(0, file.find("\r\n") + 2), Line(header)) << files::KindName(kind);
    }
  }
  // A row: the record's exported table fields as the API answers them, then its tail.
  auto cells = [](const auto& fields, const json& record) {
    std::vector<std::string> out;
    for (const auto& f : fields) {
      const json& v = record.at(std::string(f.name));
      if (f.exported) out.push_back(v.is_null() ? "" : v.get<std::string>());
    }
    return out;
  };
  const json person = Get("/api/v1/persons").json["items"][0];
  const json d = person["documents"][0];
  auto person_row = cells(registry::PersonFields(), person);
  for (const char* k : {"kind", "number", "issuing_country", "expires"}) person_row.push_back(d[k].get<std::string>());
  EXPECT_NE(Export(files::Kind::kPersons, files::Lang::kEn).find(Line(person_row)), std::string::npos)
      << Line(person_row);
  const json stored = Get("/api/v1/permits").json["items"][0];
  const json employer = Get("/api/v1/employers/" + stored["employer_id"].get<std::string>()).json;
  auto permit_row = cells(registry::PermitFields(), stored);
  permit_row.push_back(stored["status"].get<std::string>());
  for (const char* k : {"kind", "number", "issuing_country"}) permit_row.push_back(d[k].get<std::string>());
  permit_row.push_back(employer["registration_number"].get<std::string>());
  permit_row.push_back(employer["country"].get<std::string>());
  // Then the names beside the codes, for the reader (the import ignores them): the holder in
  // both scripts, the employer, the occupation's ISCO-08 title and the province's name.
  const json holder = Get("/api/v1/persons/" + stored["person_id"].get<std::string>()).json;
  permit_row.push_back(holder["family_name"].get<std::string>() + " " + holder["given_names"].get<std::string>());
  permit_row.push_back(holder["native_name"].is_string() ? holder["native_name"].get<std::string>() : "");
  permit_row.push_back(employer["name"].get<std::string>());
  const auto& ref = registry::Reference::Embedded();
  permit_row.push_back(ref.OccupationTitle(stored["occupation"].get<std::string>()));
  permit_row.push_back(ref.FindSubdivision(stored["host_province"].get<std::string>())->name_en);
  EXPECT_EQ(permit_row.size(), files::ColumnsOf(files::Kind::kPermits).size());
  EXPECT_NE(Export(files::Kind::kPermits, files::Lang::kEn).find(Line(permit_row)), std::string::npos)
      << Line(permit_row);
}

LB_INSTANTIATE_BACKENDS(RegistryKindTablesExport);

}  // namespace
}  // namespace lb::testing
