// The import/export/backup/restore commands as an operator runs them, including an import
// killed with SIGKILL halfway and a backup restored into a new database.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>

#include "storage/sqlite/sqlite_database.h"
#include "support/cli_fixture.h"

namespace lb::testing {
namespace {

constexpr const char* kPassword = "Mekong-River-Boat-2026!x";
constexpr const char* kHeader =
    "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
    "document_number,document_country,document_expires\n";

class ExchangeCliTest : public CliFixture {
 protected:
  ExchangeCliTest() : CliFixture("lbexchange") {}
  void SetUp() override {
    CliFixture::SetUp();
    auto r = Exec("user add clerk --role registry_officer --country VN --password-stdin " + Db(),
                  std::string(kPassword) + "\n");
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::string Db(const std::string& name = "lb.db") { return "--db sqlite:" + (dir_ / name).string(); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  void WritePersons(const std::string& name, int n) {
    std::ofstream out(dir_ / name);
    out << kHeader;
    for (int i = 0; i < n; ++i) {
      out << "PHOMMAVONG,Khamla,ຄຳຫລ້າ," << (i % 2 ? "F" : "M") << ",1990-04-02,LA,LA-VT,,passport,P" << 10000000 + i
          << ",LA,\n";
    }
  }
  int64_t Count(const std::string& db, const std::string& table) {
    auto d = storage::OpenSqlite(Path(db), 1);
    auto c = d->Acquire();
    auto rows = (*c)->Query("SELECT COUNT(*) FROM " + table, {});
    return rows ? rows->front().Int(0) : -1;
  }
  // Every table's rows, sorted, as text: two databases compare equal when all their data does.
  std::string Dump(const std::string& db) {
    auto d = storage::OpenSqlite(Path(db), 1);
    auto c = d->Acquire();
    auto tables = (*c)->Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", {});
    std::string out;
    for (const auto& t : *tables) {
      out += "== " + t.Str(0) + "\n";
      auto rows = (*c)->Query("SELECT * FROM " + t.Str(0) + " ORDER BY 1", {});
      for (const auto& r : *rows) {
        for (size_t i = 0; i < r.size(); ++i) out += (r.IsNull(i) ? "NULL" : r.Str(i)) + "|";
        out += "\n";
      }
    }
    return out;
  }
};

TEST_F(ExchangeCliTest, ImportReportsEveryBadCellToTheScreenAndTheReportFile) {
  std::ofstream(dir_ / "p.csv") << kHeader << "PHOMMAVONG,Khamla,,M,1990,LA,,,passport,P0000001,LA,\n"
                                << "PHOMMAVONG,Noy,,Q,1990,XX,,,passport,P0000002,LA,\n";
  auto r = Exec("import persons " + Path("p.csv") + " --user clerk --report " + Path("report.csv") + " " + Db());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("row 3, column sex (\"Q\"): invalid_value"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("persons: 2 rows: 1 created, 0 updated, 0 unchanged, 1 invalid (nothing written)"),
            std::string::npos)
      << r.out;
  const std::string report = Slurp(dir_ / "report.csv");
  EXPECT_NE(report.find("row,column,value,code,message\r\n"), std::string::npos);
  EXPECT_NE(report.find("3,sex,Q,invalid_value,"), std::string::npos) << report;
  EXPECT_NE(report.find("3,nationality,XX,invalid_country,"), std::string::npos) << report;
  EXPECT_EQ(Count("lb.db", "persons"), 0);

  auto dry = Exec("import persons " + Path("p.csv") + " --user clerk --dry-run " + Db());
  EXPECT_EQ(dry.code, 2);
  EXPECT_NE(dry.out.find("(dry run: nothing written)"), std::string::npos) << dry.out;
  EXPECT_EQ(Count("lb.db", "persons"), 0);
  auto skip = Exec("import persons " + Path("p.csv") + " --user clerk --skip-invalid " + Db());
  EXPECT_EQ(skip.code, 0) << skip.err;
  auto again = Exec("import persons " + Path("p.csv") + " --user clerk --skip-invalid " + Db());
  EXPECT_NE(again.out.find("0 created, 0 updated, 1 unchanged, 1 invalid"), std::string::npos) << again.out;
  auto nobody = Exec("import persons " + Path("p.csv") + " --user nobody " + Db());
  EXPECT_EQ(nobody.code, 2);
  EXPECT_NE(nobody.err.find("--user names no active user"), std::string::npos);
}

TEST_F(ExchangeCliTest, AnImportKilledMidwayLeavesTheDatabaseUnchangedAndARerunSucceeds) {
  WritePersons("big.csv", 40000);
  // Large enough (over 20,000 rows by the importer's estimate of 160 bytes a row) that the
  // import would defer secondary indexes of the name index (it has none since V011): the kill
  // must leave the name index's tables in place.
  ASSERT_GE(std::filesystem::file_size(dir_ / "big.csv") / 160, 20000u);
  const std::string index_sql =
      "(SELECT name FROM sqlite_master WHERE tbl_name IN ('name_terms', 'person_name_terms'))";
  ASSERT_EQ(Count("lb.db", index_sql), 3);  // the name index: two tables and the terms' unique index
  const int64_t audit_before = Count("lb.db", "audit_log");
  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(err_pipe[1], STDERR_FILENO);
    close(err_pipe[0]);
    const std::string file = Path("big.csv"), db = "sqlite:" + Path("lb.db");
    execl(LB_BINARY, LB_BINARY, "import", "persons", file.c_str(), "--user", "clerk", "--db", db.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(err_pipe[1]);
  // Wait for the first progress line (10% of the file read and written), then kill.
  std::string seen;
  char buf[256];
  while (seen.find("import: 10%") == std::string::npos) {
    const ssize_t n = read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, n);
  }
  ASSERT_NE(seen.find("import: 10%"), std::string::npos) << seen;
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  close(err_pipe[0]);
  ASSERT_TRUE(WIFSIGNALED(status));

  EXPECT_EQ(Count("lb.db", "persons"), 0);
  EXPECT_EQ(Count("lb.db", "person_documents"), 0);
  EXPECT_EQ(Count("lb.db", "audit_log"), audit_before);
  EXPECT_EQ(Count("lb.db", index_sql), 3);
  auto verify = Exec("audit verify " + Db());
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;

  auto rerun = Exec("import persons " + Path("big.csv") + " --user clerk " + Db());
  EXPECT_EQ(rerun.code, 0) << rerun.err;
  EXPECT_NE(rerun.out.find("40000 rows: 40000 created, 0 updated, 0 unchanged, 0 invalid"), std::string::npos)
      << rerun.out;
  EXPECT_EQ(Count("lb.db", "persons"), 40000);
  EXPECT_EQ(Count("lb.db", index_sql), 3);
  EXPECT_GT(Count("lb.db", "person_name_terms"), 40000);
}

TEST_F(ExchangeCliTest, XlsxImportRestoresLeadingZerosOfKnownLengthAndExportRoundTrips) {
  const std::string path = Path("p.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "workers");
  const char* header[] = {"given_names",     "sex", "nationality", "phone", "document_kind", "document_number",
                          "document_country"};
  for (int i = 0; i < 7; ++i) worksheet_write_string(ws, 0, i, header[i], nullptr);
  const char* row[] = {"Van An", "M", "VN", nullptr, "national_id", nullptr, "VN"};
  for (int i = 0; i < 7; ++i) {
    if (row[i]) worksheet_write_string(ws, 1, i, row[i], nullptr);
  }
  worksheet_write_number(ws, 1, 3, 912345678, nullptr);   // 0912345678 typed into a number cell
  worksheet_write_number(ws, 1, 5, 1085012345, nullptr);  // 001085012345 likewise
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  auto r = Exec("import persons " + path + " --user clerk " + Db());
  ASSERT_EQ(r.code, 0) << r.err;
  auto csv = Exec("export persons --user clerk " + Db());
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_NE(csv.out.find(",0912345678,national_id,001085012345,VN,"), std::string::npos) << csv.out;

  auto x = Exec("export persons --user clerk --format xlsx --lang vi -o " + Path("out.xlsx") + " " + Db());
  ASSERT_EQ(x.code, 0) << x.err;
  auto back = Exec("import persons " + Path("out.xlsx") + " --user clerk " + Db());
  EXPECT_EQ(back.code, 0) << back.err;
  EXPECT_NE(back.out.find("0 created, 0 updated, 1 unchanged"), std::string::npos) << back.out;
  auto bom = Exec("export persons --user clerk --bom -o " + Path("bom.csv") + " " + Db());
  ASSERT_EQ(bom.code, 0);
  EXPECT_EQ(Slurp(dir_ / "bom.csv").substr(0, 3), "\xEF\xBB\xBF");
}

TEST_F(ExchangeCliTest, BackupRestoresIntoAnEmptyDatabaseWithEveryTableEqualAndTheAuditChainIntact) {
  WritePersons("p.csv", 50);
  ASSERT_EQ(Exec("import persons " + Path("p.csv") + " --user clerk " + Db()).code, 0);
  ASSERT_EQ(Exec("audit checkpoint " + Db() + " --key " + Path("node.key")).code, 0);
  auto b = Exec("backup " + Path("backup.db") + " " + Db());
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_NE(Exec("backup " + Path("backup.db") + " " + Db()).code, 0);  // never overwrites

  auto r = Exec("restore " + Path("backup.db") + " " + Db("restored.db"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Dump("restored.db"), Dump("lb.db"));
  // The checkpoint's key, named: the default key file in the working directory may be another node's.
  auto v = Exec("audit verify " + Db("restored.db") + " --key " + Path("node.key"));
  EXPECT_EQ(v.code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("intact"), std::string::npos) << v.out;

  auto again = Exec("restore " + Path("backup.db") + " " + Db("restored.db"));
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
  std::ofstream(dir_ / "junk.db") << "not a database";
  EXPECT_NE(Exec("restore " + Path("junk.db") + " " + Db("other.db")).code, 0);
}

}  // namespace
}  // namespace lb::testing
