// Google Benchmark: a person's create and get through RegistryService on SQLite, each next to
// a baseline measured in the same run: raw SQLite (one connection, the same pragmas, prepared
// statements, the same rows) doing the same reads and writes. The ratio service/raw printed at
// the end is the cost of the layers above SQLite (pool, statement cache, binding by name,
// Row copies, validation, BEGIN/COMMIT through sqlite3_exec).
//
// Each case runs on a database on disk ($LB_BENCH_DB_DIR, else $TMPDIR, else /tmp), where a
// durable commit waits for fdatasync, and, when /dev/shm is writable, on tmpfs, where it does
// not: the difference is what synchronous=FULL costs on this machine's disk.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "features/registry/api.h"
#include "features/registry/demo.h"
#include "features/registry/service.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "storage/sqlite/sqlite_database.h"

namespace {

namespace fs = std::filesystem;
using namespace lb;

constexpr int kSeedPersons = 20000;
constexpr const char* kPragmas =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";

// The acting principal: the node itself where Principal has roles (System), else a plain one.
template <typename P = access::Principal>
P BenchActor() {
  if constexpr (requires { P::System(std::string("VN")); }) {
    return P::System("VN");
  } else {
    return P{};
  }
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "storage_benchmark: %s\n", what.c_str());
  std::exit(3);
}

sqlite3_stmt* PrepareRaw(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    Die(std::string("prepare failed: ") + sqlite3_errmsg(db));
  }
  return stmt;
}

void StepDone(sqlite3* db, sqlite3_stmt* stmt) {
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) Die(std::string("step failed: ") + sqlite3_errmsg(db));
}

// One seeded database with the service on top and a raw connection beside it.
struct Store {
  std::string label;
  fs::path dir;
  core::SystemClock clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<registry::RegistryService> svc;
  access::Principal actor = BenchActor();
  std::vector<std::string> ids;
  std::mt19937 rng{42};
  int service_counter = 0;
  int raw_counter = 0;

  sqlite3* raw = nullptr;
  sqlite3_stmt *begin_read = nullptr, *begin_write = nullptr, *commit = nullptr;
  sqlite3_stmt *get_person = nullptr, *get_docs = nullptr, *insert_person = nullptr, *insert_doc = nullptr;

  Store(std::string name, const fs::path& parent) : label(std::move(name)) {
    std::string tmpl = (parent / "lb-storage-bench.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) Die("cannot create a temp dir under " + parent.string());
    dir = tmpl;
    const std::string path = (dir / "bench.db").string();
    db = storage::OpenSqlite(path, 4);
    if (auto m = storage::Migrate(*db, clock); !m) Die("migrate: " + m.error().message);
    svc = std::make_unique<registry::RegistryService>(*db, clock, "VN");
    if (auto d = registry::LoadDemoData(*svc, *db, clock, actor, kSeedPersons); !d) Die("seed: " + d.error().message);

    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      Die("raw open failed");
    }
    sqlite3_busy_timeout(raw, 5000);
    if (sqlite3_exec(raw, kPragmas, nullptr, nullptr, nullptr) != SQLITE_OK) Die("raw pragmas failed");
    begin_read = PrepareRaw(raw, "BEGIN");
    begin_write = PrepareRaw(raw, "BEGIN IMMEDIATE");
    commit = PrepareRaw(raw, "COMMIT");
    get_person = PrepareRaw(raw,
                            "SELECT id, family_name, given_names, native_name, sex, birth_date, nationality,"
                            " home_province, phone, status, version, owner_node, created_at, updated_at"
                            " FROM persons WHERE id = ?1");
    get_docs = PrepareRaw(raw,
                          "SELECT kind, number, issuing_country, expires FROM person_documents"
                          " WHERE person_id = ?1 ORDER BY seq");
    insert_person = PrepareRaw(raw,
                               "INSERT INTO persons (id, family_name, given_names, native_name, sex, birth_date,"
                               " nationality, home_province, phone, status, version, owner_node, created_at,"
                               " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    insert_doc = PrepareRaw(raw,
                            "INSERT INTO person_documents (person_id, seq, kind, number, issuing_country, expires)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_stmt* list = PrepareRaw(raw, "SELECT id FROM persons");
    while (sqlite3_step(list) == SQLITE_ROW)
      ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    sqlite3_finalize(list);
    if (ids.empty()) Die("no persons seeded");
  }

  ~Store() {
    for (auto* s : {begin_read, begin_write, commit, get_person, get_docs, insert_person, insert_doc})
      sqlite3_finalize(s);
    sqlite3_close_v2(raw);
    svc.reset();
    db.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  const std::string& RandomId() { return ids[std::uniform_int_distribution<size_t>(0, ids.size() - 1)(rng)]; }

  static registry::Person NewPerson(char letter, int n) {
    registry::Person p;
    p.family_name = "NGUYEN";
    p.given_names = "VAN AN";
    p.sex = "M";
    p.birth_date = "1990-05-21";
    p.nationality = "VN";
    p.home_province = "VN-01";
    p.phone = "+84 912 345 678";
    char number[16];
    std::snprintf(number, sizeof number, "%c%07d", letter, n % 10000000);
    p.documents.push_back({"passport", number, "VN", std::nullopt});
    return p;
  }
};

std::vector<std::unique_ptr<Store>> g_stores;

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

// --- get --------------------------------------------------------------------------------------

void GetService(benchmark::State& state, Store* s) {
  for (auto _ : state) {
    auto p = s->svc->GetPerson(s->actor, s->RandomId());
    if (!p) state.SkipWithError(p.error().message.c_str());
    benchmark::DoNotOptimize(p);
  }
}

// The same two reads in one read transaction, columns copied out as strings.
void GetRaw(benchmark::State& state, Store* s) {
  std::vector<std::string> cols;
  for (auto _ : state) {
    const std::string& id = s->RandomId();
    StepDone(s->raw, s->begin_read);
    cols.clear();
    BindText(s->get_person, 1, id);
    while (sqlite3_step(s->get_person) == SQLITE_ROW) {
      for (int i = 0; i < 14; ++i) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s->get_person, i));
        cols.emplace_back(t ? t : "");
      }
    }
    sqlite3_reset(s->get_person);
    BindText(s->get_docs, 1, id);
    while (sqlite3_step(s->get_docs) == SQLITE_ROW) {
      for (int i = 0; i < 4; ++i) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s->get_docs, i));
        cols.emplace_back(t ? t : "");
      }
    }
    sqlite3_reset(s->get_docs);
    StepDone(s->raw, s->commit);
    if (cols.size() < 14) state.SkipWithError("person not found");
    benchmark::DoNotOptimize(cols.data());
  }
}

// --- create -----------------------------------------------------------------------------------

void CreateService(benchmark::State& state, Store* s) {
  for (auto _ : state) {
    auto p = s->svc->CreatePerson(s->actor, Store::NewPerson('A', ++s->service_counter));
    if (!p) state.SkipWithError(p.error().message.c_str());
    benchmark::DoNotOptimize(p);
  }
}

// The same two rows (person, passport) in one durable write transaction.
void CreateRaw(benchmark::State& state, Store* s) {
  core::SystemClock clock;
  for (auto _ : state) {
    registry::Person p = Store::NewPerson('B', ++s->raw_counter);
    const std::string id = "00000000-0000-7000-8000-" + std::string(12 - std::to_string(s->raw_counter).size(), '0') +
                           std::to_string(s->raw_counter);
    const std::string now = core::FormatRfc3339(clock.Now());
    StepDone(s->raw, s->begin_write);
    sqlite3_stmt* ip = s->insert_person;
    BindText(ip, 1, id);
    BindText(ip, 2, p.family_name);
    BindText(ip, 3, p.given_names);
    sqlite3_bind_null(ip, 4);
    BindText(ip, 5, p.sex);
    BindText(ip, 6, *p.birth_date);
    BindText(ip, 7, p.nationality);
    BindText(ip, 8, *p.home_province);
    BindText(ip, 9, *p.phone);
    BindText(ip, 10, "active");
    sqlite3_bind_int64(ip, 11, 1);
    BindText(ip, 12, "VN");
    BindText(ip, 13, now);
    BindText(ip, 14, now);
    StepDone(s->raw, ip);
    sqlite3_stmt* id_ = s->insert_doc;
    BindText(id_, 1, id);
    sqlite3_bind_int64(id_, 2, 1);
    BindText(id_, 3, p.documents[0].kind);
    BindText(id_, 4, p.documents[0].number);
    BindText(id_, 5, p.documents[0].issuing_country);
    sqlite3_bind_null(id_, 6);
    StepDone(s->raw, id_);
    StepDone(s->raw, s->commit);
  }
}

// --- pieces of the HTTP path ------------------------------------------------------------------

void PersonToJson(benchmark::State& state, Store* s) {
  auto p = s->svc->GetPerson(s->actor, s->ids.front());
  if (!p) Die("get failed");
  for (auto _ : state) {
    std::string body = registry::ToJson(*p).dump();
    benchmark::DoNotOptimize(body.data());
  }
}

// Console output plus the mean real time per iteration of every run, for the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.run_type == Run::RT_Iteration && !r.error_occurred && r.iterations > 0) {
        real_[r.benchmark_name()] = r.real_accumulated_time / static_cast<double>(r.iterations);
        cpu_[r.benchmark_name()] = r.cpu_accumulated_time / static_cast<double>(r.iterations);
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void PrintRatios(const std::vector<std::string>& labels) const {
    std::printf(
        "\nservice / raw SQLite, same run (1.00 = no overhead above SQLite); real time includes\n"
        "waiting for fdatasync, CPU time does not (the bench thread's CPU):\n");
    for (const auto& l : labels) {
      for (const char* op : {"GetPerson", "CreatePerson"}) {
        const std::string a = std::string(op) + "/service/" + l, b = std::string(op) + "/raw/" + l;
        if (!real_.count(a) || !real_.count(b) || real_.at(b) <= 0 || cpu_.at(b) <= 0) continue;
        std::printf("  %-13s %-6s real %8.1f us vs %8.1f us ratio %.2f | CPU %7.1f us vs %7.1f us ratio %.2f\n", op,
                    l.c_str(), real_.at(a) * 1e6, real_.at(b) * 1e6, real_.at(a) / real_.at(b), cpu_.at(a) * 1e6,
                    cpu_.at(b) * 1e6, cpu_.at(a) / cpu_.at(b));
      }
    }
  }

 private:
  std::map<std::string, double> real_, cpu_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  spdlog::set_level(spdlog::level::warn);  // no "applied migration" lines

  const char* env_dir = std::getenv("LB_BENCH_DB_DIR");
  const char* tmpdir = std::getenv("TMPDIR");
  const fs::path disk = env_dir ? env_dir : (tmpdir ? tmpdir : "/tmp");
  std::vector<std::string> labels;
  std::fprintf(stderr, "storage_benchmark: seeding %d persons in %s\n", kSeedPersons, disk.c_str());
  g_stores.push_back(std::make_unique<Store>("disk", disk));
  labels.push_back("disk");
  if (::access("/dev/shm", W_OK) == 0 && fs::weakly_canonical(disk) != fs::path("/dev/shm")) {
    std::fprintf(stderr, "storage_benchmark: seeding %d persons in /dev/shm (tmpfs: fdatasync is nearly free)\n",
                 kSeedPersons);
    g_stores.push_back(std::make_unique<Store>("tmpfs", "/dev/shm"));
    labels.push_back("tmpfs");
  }

  for (auto& s : g_stores) {
    Store* p = s.get();
    benchmark::RegisterBenchmark(("GetPerson/service/" + p->label).c_str(), GetService, p)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("GetPerson/raw/" + p->label).c_str(), GetRaw, p)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("CreatePerson/service/" + p->label).c_str(), CreateService, p)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("CreatePerson/raw/" + p->label).c_str(), CreateRaw, p)->Unit(benchmark::kMicrosecond);
  }
  Store* first = g_stores.front().get();
  benchmark::RegisterBenchmark("PersonToJson+dump", PersonToJson, first)->Unit(benchmark::kMicrosecond);

  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios(labels);
  benchmark::Shutdown();
  g_stores.clear();
  return 0;
}
