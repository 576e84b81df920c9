// Google Benchmark: the 2024–2025 evaluation report as PDF (Cairo + Pango, Lao and
// Vietnamese shaping, fonts embedded) and as XLSX, and the dashboard's data and SVG charts,
// over 5,000 commitments and 20,000 activities on SQLite. Targets (reported, not asserted):
// PDF ≤ 2 s for about 50 pages; dashboard ≤ 50 ms.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "core/date.h"
#include "core/id.h"
#include "features/cooperation/dashboard.h"
#include "features/cooperation/report/evaluation.h"
#include "features/cooperation/seed.h"
#include "features/cooperation/store.h"
#include "storage/database.h"
#include "storage/migrate.h"

namespace {

namespace fs = std::filesystem;
using namespace lb;

constexpr int kCommitments = 5000;
constexpr int kActivities = 20000;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "cooperation_benchmark: %s\n", what.c_str());
  std::exit(3);
}

struct World {
  fs::path dir;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<core::ManualClock> clock;
  std::unique_ptr<cooperation::CooperationService> svc;
  access::Principal actor = access::Principal::System("VN");
};

// Rows written straight through the store in large transactions: the benchmark measures the
// report, not 25,000 audited creates.
World& Get() {
  static World* w = [] {
    auto* world = new World;
    world->dir = fs::temp_directory_path() / ("lb-bench-coop-" + std::to_string(::getpid()));
    fs::create_directories(world->dir);
    auto db = storage::OpenDatabase("sqlite:" + (world->dir / "coop.db").string(), 4);
    if (!db) Die(db.error().message);
    world->db = std::move(*db);
    world->clock = std::make_unique<core::ManualClock>(core::TimePoint(std::chrono::milliseconds(1795000000000)));
    if (auto m = storage::Migrate(*world->db, *world->clock); !m) Die(m.error().message);
    world->svc = std::make_unique<cooperation::CooperationService>(*world->db, *world->clock);
    if (auto s = cooperation::LoadSeed(*world->svc, world->actor); !s) Die(s.error().message);

    std::mt19937_64 rng(1963);
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    const auto start = *core::ParseDate("2024-01-01");
    const std::string now = core::FormatRfc3339(world->clock->Now());
    std::vector<std::string> ids;
    auto r = storage::InTransaction(*world->db, true, [&](storage::Transaction& tx) -> core::Status {
      for (int i = 0; i < kCommitments; ++i) {
        cooperation::Commitment c;
        c.meta = {core::NewUuidV7(*world->clock), 1, now, now};
        const auto f = cooperation::kFields[pick(std::size(cooperation::kFields))];
        c.field = std::string(f);
        c.text = {
            "Cam kết số " + std::to_string(i) +
                ": trao đổi thông tin về lao động di cư, đào tạo nghề và an toàn lao động.",
            "ຂໍ້ຕົກລົງ " + std::to_string(i) + ": ແລກປ່ຽນຂໍ້ມູນກ່ຽວກັບແຮງງານເຄື່ອນຍ້າຍ ແລະ ການຝຶກວິຊາຊີບ.",
            "Commitment " + std::to_string(i) + ": exchange information on migrant workers and vocational training."};
        c.status = std::string(cooperation::kCommitmentStatuses[pick(4)]);  // not carried_over (needs a conference)
        c.due_on = core::FormatDate(start + std::chrono::days(pick(730)));
        if (auto s = cooperation::store::Records<cooperation::Commitment>::Insert(tx, c); !s) return s;
        cooperation::ProgressUpdate p{
            *c.due_on, c.status, "Reported by the department.", "Report No. " + std::to_string(i) + "/BC",
            "bench",   now};
        if (auto s = cooperation::store::InsertProgress(tx, c.meta.id, p); !s) return s;
        ids.push_back(c.meta.id);
      }
      for (int i = 0; i < kActivities; ++i) {
        cooperation::Activity a;
        a.meta = {core::NewUuidV7(*world->clock), 1, now, now};
        a.kind = std::string(cooperation::kActivityKinds[pick(std::size(cooperation::kActivityKinds))]);
        a.field = std::string(cooperation::kFields[pick(std::size(cooperation::kFields))]);
        a.title = {"Khóa đào tạo nghề " + std::to_string(i), "ຫຼັກສູດຝຶກອົບຮົມ " + std::to_string(i),
                   "Training course " + std::to_string(i)};
        const auto d = start + std::chrono::days(pick(700));
        a.start_on = core::FormatDate(d);
        a.end_on = core::FormatDate(d + std::chrono::days(pick(20)));
        a.place = i % 2 ? "Vientiane" : "Hà Nội";
        a.host_country = i % 2 ? "LA" : "VN";
        a.participants_vn = static_cast<int64_t>(pick(30));
        a.participants_la = static_cast<int64_t>(pick(40));
        a.cost = static_cast<int64_t>(pick(1000)) * 1000000;
        a.currency = "VND";
        a.funding_source = "Vietnamese ODA";
        a.commitment_ids = {ids[pick(ids.size())]};
        if (auto s = cooperation::store::Records<cooperation::Activity>::Insert(tx, a); !s) return s;
      }
      return {};
    });
    if (!r) Die(r.error().message + " " + r.error().internal);
    return world;
  }();
  return *w;
}

int Pages(const std::string& pdf) {
  int n = 0;
  for (size_t pos = 0; (pos = pdf.find("/Type /Page", pos)) != std::string::npos; pos += 11) {
    if (pdf.compare(pos + 11, 1, "s") != 0) ++n;
  }
  return n;
}

void BM_EvaluationPdf(benchmark::State& state) {
  auto& w = Get();
  const char* langs[] = {"vi", "lo", "en"};
  const std::string lang = langs[state.range(0)];
  size_t bytes = 0;
  int pages = 0;
  for (auto _ : state) {
    auto pdf = cooperation::RenderEvaluation(*w.svc, w.actor, {"2024-01-01", "2025-12-31", lang, "pdf"});
    if (!pdf) Die(pdf.error().message + " " + pdf.error().internal);
    bytes = pdf->size();
    pages = Pages(*pdf);
    benchmark::DoNotOptimize(pdf->data());
  }
  state.counters["pages"] = pages;
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetLabel(lang + ", target <= 2000 ms");
}
BENCHMARK(BM_EvaluationPdf)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_EvaluationXlsx(benchmark::State& state) {
  auto& w = Get();
  for (auto _ : state) {
    auto x = cooperation::RenderEvaluation(*w.svc, w.actor, {"2024-01-01", "2025-12-31", "vi", "xlsx"});
    if (!x) Die(x.error().message);
    benchmark::DoNotOptimize(x->data());
  }
}
BENCHMARK(BM_EvaluationXlsx)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_DashboardDataAndSvg(benchmark::State& state) {
  auto& w = Get();
  size_t size = 0;
  for (auto _ : state) {
    auto d = cooperation::BuildDashboard(*w.svc, w.actor, "lo");
    if (!d) Die(d.error().message);
    size = cooperation::ToJson(*d).dump().size();
  }
  state.counters["json_bytes"] = static_cast<double>(size);
  state.SetLabel("target <= 50 ms");
}
BENCHMARK(BM_DashboardDataAndSvg)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  benchmark::Initialize(&argc, argv);
  Get();  // build the data set before timing
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fs::remove_all(Get().dir);
  return 0;
}
