#pragma once
// What the file import and export suites share: a registry with its audit log on a fresh test
// database (either backend), a registry officer of Vietnam, an import run that collects its
// issues and summary, and a CSV export.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "features/files/exporter.h"
#include "features/files/importer.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "support/test_support.h"

namespace lb::testing {

class FileExchangeTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    testdb_ = std::make_unique<TestDatabase>(GetParam());
    clock_ = std::make_unique<core::ManualClock>(TestEpoch());
    audit_ = std::make_unique<audit::AuditLog>(db(), *clock_, "VN");
    registry_ = std::make_unique<registry::RegistryService>(db(), *clock_, "VN", audit_.get());
    clerk_.user_name = "clerk";
    clerk_.role = access::Role::kRegistryOfficer;
    clerk_.country = "VN";
  }
  void TearDown() override {
    registry_.reset();
    audit_.reset();
    testdb_.reset();
  }
  storage::Database& db() { return testdb_->db(); }

  struct Outcome {
    core::Result<files::ImportSummary> result;
    files::ImportSummary summary;
    std::vector<files::Issue> issues;
  };
  // Imports `source` with `options` as `actor` (the clerk when none).
  Outcome RunImport(files::TableSource& source, const files::ImportOptions& options,
                    const access::Principal* actor = nullptr) {
    files::Importer importer(db(), *registry_, audit_.get());
    Outcome o{core::Fail(core::Error::Internal("not run")), {}, {}};
    o.result = importer.Run(
        actor ? *actor : clerk_, source, options, [&](const files::Issue& i) { o.issues.push_back(i); }, {},
        &o.summary);
    if (o.result) o.summary = *o.result;
    return o;
  }
  static bool HasIssue(const Outcome& o, int64_t row, const std::string& column, const std::string& code) {
    for (const auto& i : o.issues) {
      if (i.row == row && i.column == column && i.code == code) return true;
    }
    return false;
  }
  // The clerk's CSV export of a kind.
  std::string ExportCsv(files::Kind kind, files::Lang lang = files::Lang::kEn) {
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* f = open_memstream(&buf, &len);
    auto sink = files::MakeCsvSink(f, false);
    files::Exporter exporter(db(), *registry_, audit_.get());
    files::ExportOptions options;
    options.kind = kind;
    options.lang = lang;
    auto n = exporter.Run(clerk_, options, *sink);
    EXPECT_TRUE(n) << n.error().message << " " << n.error().internal;
    std::fclose(f);
    std::string out(buf, len);
    std::free(buf);
    return out;
  }

  std::unique_ptr<TestDatabase> testdb_;
  std::unique_ptr<core::ManualClock> clock_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<registry::RegistryService> registry_;
  access::Principal clerk_;
};

}  // namespace lb::testing
