// Bulk import and export on both backends: validation through the registry, natural-key
// matching, all-or-nothing / --skip-invalid / --dry-run, bad files, audit entries.
#include <gtest/gtest.h>

#include <cstdio>

#include "features/files/csv_reader.h"
#include "features/files/exporter.h"
#include "features/files/importer.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "platform/audit/verify.h"
#include "support/file_exchange_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using files::Issue;
using files::Kind;

constexpr std::string_view kPersonHeader =
    "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
    "document_number,document_country,document_expires\n";

std::string Person(const std::string& number, const std::string& given = "Khamla", const std::string& sex = "M",
                   const std::string& native = "ຄຳຫລ້າ") {
  return "PHOMMAVONG," + given + "," + native + "," + sex + ",1990-04-02,LA,LA-VT,,passport," + number + ",LA,\n";
}

class ExchangeImportTest : public FileExchangeTest {
 protected:
  Outcome Import(Kind kind, std::string text, files::ImportOptions options = {},
                 const access::Principal* actor = nullptr) {
    options.kind = kind;
    auto source = files::CsvReader::FromString(std::move(text));
    return RunImport(*source, options, actor);
  }
  int64_t Count(const std::string& table) { return testdb_->Query("SELECT COUNT(*) FROM " + table).front().Int(0); }
  std::string Export(Kind kind, files::Lang lang = files::Lang::kEn) { return ExportCsv(kind, lang); }
};

TEST_P(ExchangeImportTest, ImportsPersonsWithOneAuditEntryEachAndASecondRunChangesNothing) {
  const std::string file = std::string(kPersonHeader) + Person("P0000001") + Person("P0000002", "Bounmy", "F");
  auto first = Import(Kind::kPersons, file);
  ASSERT_TRUE(first.result) << first.result.error().message;
  EXPECT_EQ(first.summary.created, 2);
  EXPECT_TRUE(first.summary.committed);
  EXPECT_EQ(Count("persons"), 2);
  EXPECT_EQ(Count("audit_log"), 2);
  auto rows = testdb_->Query("SELECT actor, action FROM audit_log ORDER BY seq");
  EXPECT_EQ(rows[0].Str(0), "clerk");
  EXPECT_EQ(rows[0].Str(1), "person.create");

  auto second = Import(Kind::kPersons, file);
  ASSERT_TRUE(second.result);
  EXPECT_EQ(second.summary.created, 0);
  EXPECT_EQ(second.summary.updated, 0);
  EXPECT_EQ(second.summary.unchanged, 2);
  EXPECT_EQ(Count("persons"), 2);
  EXPECT_EQ(Count("audit_log"), 2);

  // A changed name updates the one record, with one audit entry.
  auto third = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001", "Khamlar"));
  ASSERT_TRUE(third.result);
  EXPECT_EQ(third.summary.updated, 1);
  EXPECT_EQ(testdb_
                ->Query("SELECT given_names FROM persons p JOIN person_documents d ON d.person_id = p.id"
                        " WHERE d.number = 'P0000001'")
                .front()
                .Str(0),
            "Khamlar");
  EXPECT_EQ(Count("audit_log"), 3);
  auto verified = audit::Verify(db(), {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact()) << verified->message;
}

// A large first load with index rebuilding asked for: search finds the imported persons, the
// name index's tables and indexes are exactly as the migrations made them (since V011 it has
// no secondary index to defer), and a rejected file leaves it untouched.
TEST_P(ExchangeImportTest, ALargeLoadRebuildsTheNameIndexesAndSearchFindsEveryone) {
  auto indexes = [&] {
    if (GetParam() != Backend::kSqlite) return std::string("n/a");
    std::string all;
    for (const auto& r : testdb_->Query("SELECT name, sql FROM sqlite_master WHERE tbl_name IN "
                                        "('name_terms', 'person_name_terms') ORDER BY name")) {
      all += r.Str(0) + ": " + r.Str(1) + "\n";
    }
    return all;
  };
  const std::string before = indexes();
  if (GetParam() == Backend::kSqlite) {
    ASSERT_NE(before.find("sqlite_autoindex_name_terms_1"), std::string::npos) << before;
  }
  files::ImportOptions options;
  options.rebuild_indexes_from = 1;
  std::string bad(kPersonHeader);
  for (int i = 0; i < 50; ++i) bad += Person("R" + std::to_string(1000 + i));
  bad += "PHOMMAVONG,Khamla,,M,1990-02-30,LA,LA-VT,,passport,R9999,LA,\n";  // no 30 February: file rejected
  auto rejected = Import(Kind::kPersons, bad, options);
  ASSERT_FALSE(rejected.result);
  EXPECT_EQ(Count("person_name_terms"), 0);
  EXPECT_EQ(indexes(), before);

  std::string csv(kPersonHeader);
  const char* given[] = {"Khamla", "Bounmy", "Somphone", "Vilay", "Keo"};
  for (int i = 0; i < 300; ++i) csv += Person("L" + std::to_string(1000 + i), given[i % 5]);
  csv += "NGUYEN,Thi Thuy,,F,1995-01-01,VN,VN-HN,,passport,V7000001,VN,\n";
  auto o = Import(Kind::kPersons, csv, options);
  ASSERT_TRUE(o.result) << o.result.error().message;
  EXPECT_EQ(o.summary.created, 301);
  EXPECT_EQ(indexes(), before);
  EXPECT_GT(Count("person_name_terms"), 301);
  auto hits = registry_->SearchPersons(clerk_, "Nguyen Thuy", 5);
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().person.given_names, "Thi Thuy");
  for (const char* g : given) {
    hits = registry_->SearchPersons(clerk_, std::string(g) + " Phommavong", 10);
    ASSERT_TRUE(hits);
    ASSERT_EQ(hits->size(), 10u) << g;  // 60 of each in the file
    for (const auto& h : *hits) EXPECT_EQ(h.person.given_names, g);
  }
}

TEST_P(ExchangeImportTest, OneInvalidRowRejectsTheWholeFileAndNamesTheCell) {
  const std::string file = std::string(kPersonHeader) + Person("P0000001") + Person("P0000002", "Bounmy", "Q");
  auto o = Import(Kind::kPersons, file);
  ASSERT_FALSE(o.result);
  EXPECT_EQ(o.result.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(o.summary.invalid, 1);
  EXPECT_FALSE(o.summary.committed);
  EXPECT_TRUE(HasIssue(o, 3, "sex", "invalid_value"));
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
}

TEST_P(ExchangeImportTest, SkipInvalidWritesTheValidRowsAndReportsTheRest) {
  const std::string file = std::string(kPersonHeader) + Person("P0000001") + Person("P0000002", "Bounmy", "Q") +
                           Person("P0000003", "Noy", "F");
  files::ImportOptions options;
  options.skip_invalid = true;
  auto o = Import(Kind::kPersons, file, options);
  ASSERT_TRUE(o.result);
  EXPECT_EQ(o.summary.created, 2);
  EXPECT_EQ(o.summary.invalid, 1);
  EXPECT_EQ(Count("persons"), 2);
  EXPECT_TRUE(HasIssue(o, 3, "sex", "invalid_value"));
}

TEST_P(ExchangeImportTest, DryRunValidatesAndCountsButWritesNothing) {
  const std::string file = std::string(kPersonHeader) + Person("P0000001") + Person("P0000002", "Bounmy", "Q");
  files::ImportOptions options;
  options.dry_run = true;
  auto o = Import(Kind::kPersons, file, options);
  ASSERT_TRUE(o.result);
  EXPECT_EQ(o.summary.created, 1);
  EXPECT_EQ(o.summary.invalid, 1);
  EXPECT_FALSE(o.summary.committed);
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
}

TEST_P(ExchangeImportTest, BadHeadersAreRejectedBeforeAnyRow) {
  auto empty = Import(Kind::kPersons, "");
  ASSERT_FALSE(empty.result);
  EXPECT_TRUE(HasIssue(empty, 1, "", "empty_file"));

  auto header_only = Import(Kind::kPersons, std::string(kPersonHeader));
  ASSERT_TRUE(header_only.result);
  EXPECT_EQ(header_only.summary.rows, 0);

  auto missing = Import(Kind::kPersons, "given_names,sex\nKhamla,M\n");
  ASSERT_FALSE(missing.result);
  EXPECT_TRUE(HasIssue(missing, 1, "nationality", "missing_column"));
  EXPECT_TRUE(HasIssue(missing, 1, "document_number", "missing_column"));

  auto unknown = Import(Kind::kPersons, "nickname," + std::string(kPersonHeader) + "Kham," + Person("P0000001"));
  ASSERT_FALSE(unknown.result);
  EXPECT_TRUE(HasIssue(unknown, 1, "nickname", "unknown_column"));

  auto duplicate = Import(Kind::kPersons, "sex," + std::string(kPersonHeader) + "M," + Person("P0000001"));
  ASSERT_FALSE(duplicate.result);
  EXPECT_TRUE(HasIssue(duplicate, 1, "sex", "duplicate_column"));
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(ExchangeImportTest, VietnameseAndLaoHeadersMapToTheSameFields) {
  const std::string vi =
      "Họ,Tên,Họ tên bản ngữ,Giới tính,Ngày sinh,Quốc tịch,Tỉnh quê quán,Điện thoại,Loại giấy tờ,Số giấy tờ,"
      "Nước cấp giấy tờ,Ngày hết hạn giấy tờ\n";
  auto o = Import(Kind::kPersons, vi + Person("P0000001"));
  ASSERT_TRUE(o.result) << (o.issues.empty() ? "" : o.issues.front().message);
  EXPECT_EQ(o.summary.created, 1);
  const std::string lo = "ຊື່,ເພດ,ສັນຊາດ,ປະເພດເອກະສານ,ເລກທີເອກະສານ,ປະເທດອອກເອກະສານ\nBounmy,F,LA,passport,P0000002,LA\n";
  auto l = Import(Kind::kPersons, lo);
  ASSERT_TRUE(l.result) << (l.issues.empty() ? "" : l.issues.front().message);
  EXPECT_EQ(l.summary.created, 1);
}

TEST_P(ExchangeImportTest, RaggedRowsNulBytesAndInvalidUtf8AreRowErrors) {
  std::string file = std::string(kPersonHeader) + "PHOMMAVONG,Khamla,M\n";  // 3 cells
  file += "PHOMMAVONG,Kham" + std::string(1, '\0') + "la,,M,1990,LA,,,passport,P0000002,LA,\n";
  file += "PHOMMAVONG,Kham\xC3\x28la,,M,1990,LA,,,passport,P0000003,LA,\n";
  file += Person("P0000004");
  files::ImportOptions options;
  options.skip_invalid = true;
  auto o = Import(Kind::kPersons, file, options);
  ASSERT_TRUE(o.result);
  EXPECT_TRUE(HasIssue(o, 2, "", "ragged_row"));
  EXPECT_TRUE(HasIssue(o, 3, "given_names", "nul_byte"));
  EXPECT_TRUE(HasIssue(o, 4, "given_names", "invalid_utf8"));
  EXPECT_EQ(o.summary.created, 1);
  EXPECT_EQ(o.summary.invalid, 3);
}

TEST_P(ExchangeImportTest, AHugeCellIsReportedNotHeld) {
  std::string file = std::string(kPersonHeader) + "PHOMMAVONG,Khamla,\"" + std::string(10 << 20, 'x') +
                     "\",M,1990,LA,,,passport,P0000001,LA,\n" + Person("P0000002");
  files::ImportOptions options;
  options.skip_invalid = true;
  auto o = Import(Kind::kPersons, std::move(file), options);
  ASSERT_TRUE(o.result);
  EXPECT_TRUE(HasIssue(o, 2, "native_name", "cell_too_large"));
  EXPECT_EQ(o.summary.created, 1);
}

TEST_P(ExchangeImportTest, DuplicateRowsInOneFileAreReported) {
  const std::string file = std::string(kPersonHeader) + Person("P0000001") + Person("P0000001");
  auto o = Import(Kind::kPersons, file);
  ASSERT_FALSE(o.result);
  EXPECT_TRUE(HasIssue(o, 3, "document_number", "duplicate_in_file"));
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(ExchangeImportTest, AFormulaIsStoredAsTextAndDefusedOnExport) {
  const std::string formula = "=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")";
  auto o =
      Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001", "Khamla", "M", "\"" + formula + "\""));
  ASSERT_TRUE(o.result) << (o.issues.empty() ? "" : o.issues.front().message);
  EXPECT_EQ(testdb_->Query("SELECT native_name FROM persons").front().Str(0),
            "=HYPERLINK(\"http://evil.example\",\"click\")");
  const std::string csv = Export(Kind::kPersons);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""), std::string::npos) << csv;
  // The formula in a Latin name field is refused by the registry's own rule.
  auto bad = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000002", "\"=HYPERLINK(1)\""));
  EXPECT_TRUE(HasIssue(bad, 2, "given_names", "not_latin"));
}

TEST_P(ExchangeImportTest, ExportedFilesImportBackUnchanged) {
  auto o = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001") + Person("P0000002", "Noy", "F"));
  ASSERT_TRUE(o.result);
  for (auto lang : {files::Lang::kEn, files::Lang::kVi, files::Lang::kLo}) {
    auto again = Import(Kind::kPersons, Export(Kind::kPersons, lang));
    ASSERT_TRUE(again.result) << (again.issues.empty() ? "" : again.issues.front().message);
    EXPECT_EQ(again.summary.unchanged, 2);
  }
}

TEST_P(ExchangeImportTest, EmployersAndPermitsImportByNaturalKeys) {
  auto p = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001"));
  ASSERT_TRUE(p.result);
  const std::string employers =
      "name,registration_number,country,province,sector\nMekong Build Co,0101234567,VN,VN-HN,F\n";
  auto e = Import(Kind::kEmployers, employers);
  ASSERT_TRUE(e.result) << (e.issues.empty() ? "" : e.issues.front().message);
  EXPECT_EQ(e.summary.created, 1);
  const std::string permits =
      "permit_number,host_country,host_province,occupation,valid_from,valid_until,status,person_document_kind,"
      "person_document_number,person_document_country,employer_registration_number,employer_country\n"
      "GP-001,VN,VN-N08,7112,2026-01-01,2027-06-30,issued,passport,P0000001,LA,0101234567,VN\n"
      "GP-002,VN,VN-N08,7112,2026-01-01,2027-06-30,issued,passport,P9999999,LA,0101234567,VN\n";
  files::ImportOptions options;
  options.skip_invalid = true;
  auto w = Import(Kind::kPermits, permits, options);
  ASSERT_TRUE(w.result);
  EXPECT_EQ(w.summary.created, 1);
  EXPECT_TRUE(HasIssue(w, 3, "person_document_number", "person_not_found"));
  EXPECT_EQ(Count("work_permits"), 1);
  auto again = Import(Kind::kPermits, Export(Kind::kPermits));
  ASSERT_TRUE(again.result) << (again.issues.empty() ? "" : again.issues.front().message);
  EXPECT_EQ(again.summary.unchanged, 1);
  auto again_e = Import(Kind::kEmployers, Export(Kind::kEmployers));
  ASSERT_TRUE(again_e.result);
  EXPECT_EQ(again_e.summary.unchanged, 1);
}

TEST_P(ExchangeImportTest, ARoleThatMayNotWriteIsRefusedAndNothingIsRead) {
  access::Principal viewer = clerk_;
  viewer.role = access::Role::kViewer;
  auto o = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001"), {}, &viewer);
  ASSERT_FALSE(o.result);
  EXPECT_EQ(o.result.error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(Count("persons"), 0);
}

// A record the file names by its natural key but that another country's officers registered
// is not the clerk's to change: the row is refused naming the key column, nothing is written.
TEST_P(ExchangeImportTest, ARecordOutsideTheClerksScopeIsARowErrorOnItsKey) {
  access::Principal lao_clerk = clerk_;
  lao_clerk.user_name = "lao.clerk";
  lao_clerk.country = "LA";
  ASSERT_TRUE(Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001"), {}, &lao_clerk).result);
  const int64_t audit_before = Count("audit_log");
  auto o = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001", "Noy", "F"));
  ASSERT_FALSE(o.result);
  EXPECT_TRUE(HasIssue(o, 2, "document_number", "outside_scope")) << (o.issues.empty() ? "" : o.issues[0].code);
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("audit_log"), audit_before);
}

TEST_P(ExchangeImportTest, APersonWhoseDocumentIsNewButWhoLooksRegisteredIsAPossibleDuplicate) {
  auto first = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000001"));
  ASSERT_TRUE(first.result);
  // The same name, native name and birth date with another passport.
  auto again = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000009"));
  ASSERT_FALSE(again.result);
  EXPECT_TRUE(HasIssue(again, 2, "given_names", "possible_duplicate"));
  EXPECT_EQ(Count("persons"), 1);
  files::ImportOptions options;
  options.confirm_new = true;
  auto confirmed = Import(Kind::kPersons, std::string(kPersonHeader) + Person("P0000009"), options);
  ASSERT_TRUE(confirmed.result);
  EXPECT_EQ(confirmed.summary.created, 1);
  EXPECT_EQ(Count("persons"), 2);
}

LB_INSTANTIATE_BACKENDS(ExchangeImportTest);

}  // namespace
}  // namespace lb::testing
