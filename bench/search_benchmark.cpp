// Name search at scale: p50/p95 latency of RegistryService::SearchPersons over a registry of
// generated persons (the demo generator: Lao and Vietnamese names, native script and passport
// Latin), for queries typed the ways officers type them (native script, passport Latin, the
// first letters of a word, and published spellings of real people from
// tests/data/name_pairs.csv — never the romaniser's output). The baseline, measured in the same run, is one index probe
// for one word's key; the ratio says what the whole search costs over it. Also: name keys computed per second on one
// core, against folding alone.
//
//   lb_bench_search [--persons N] [--queries N] [--db URL]
// Defaults: 1,000,000 persons ($LB_BENCH_SEARCH_PERSONS), 400 queries, a SQLite database
// cached under build/bench-cache (built once per size and key version).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/csv.h"
#include "features/registry/demo.h"
#include "features/registry/name_index.h"
#include "features/registry/service.h"
#include "features/registry/store.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "text/fold.h"
#include "text/lao.h"
#include "text/name_key.h"

namespace {

using namespace lb;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "lb_bench_search: %s\n", what.c_str());
  std::exit(3);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  int64_t persons = 1'000'000;
  if (const char* e = std::getenv("LB_BENCH_SEARCH_PERSONS")) persons = std::atoll(e);
  int queries = 400;
  std::string url;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--persons" && i + 1 < argc) {
      persons = std::atoll(argv[++i]);
    } else if (a == "--queries" && i + 1 < argc) {
      queries = std::atoi(argv[++i]);
    } else if (a == "--db" && i + 1 < argc) {
      url = argv[++i];
    } else if (a == "--help" || a == "-h") {
      std::puts("usage: lb_bench_search [--persons N] [--queries N] [--db URL]");
      return 0;
    }  // other flags (bench/run passes Google Benchmark ones) are ignored
  }
  if (url.empty()) {
    std::filesystem::create_directories("build/bench-cache");
    url = "sqlite:build/bench-cache/search-" + std::to_string(persons) + "-v" +
          std::to_string(registry::kNameKeyVersion) + ".db";
  }
  core::SystemClock clock;
  auto db = storage::OpenDatabase(url, 4);
  if (!db) Die("open " + url + ": " + db.error().message);
  if (auto m = storage::Migrate(**db, clock); !m) Die("migrate: " + m.error().message);
  if (auto n = registry::EnsureNameIndex(**db); !n) Die("index: " + n.error().message);
  registry::RegistryService svc(**db, clock, "VN");
  const auto actor = access::Principal::System("VN");
  const auto t_load = Clock::now();
  auto loaded =
      registry::LoadDemoData(svc, **db, clock, actor, static_cast<int>(persons), 1963, [](int64_t done, int64_t total) {
        if (done % 100000 == 0 || done == total) {
          std::fprintf(stderr, "  generating persons: %lld/%lld\n", static_cast<long long>(done),
                       static_cast<long long>(total));
        }
      });
  if (!loaded) Die("seed: " + loaded.error().message);
  if (!loaded->skipped)
    std::printf("generated %lld persons in %.1f s\n", static_cast<long long>(loaded->persons),
                Ms(Clock::now() - t_load) / 1000);

  // Sample persons and the ways their names get typed.
  auto sample = storage::InTransaction(**db, false, [&](storage::Transaction& tx) {
    return registry::store::ListPersons(tx, registry::PersonFilter{}, std::nullopt, 20000);
  });
  if (!sample || sample->empty()) Die("no persons to query");
  std::mt19937 rng(7);
  // Spellings printed in published sources (tests/data/name_pairs.csv, run from the source tree).
  std::vector<std::string> published;
  if (std::ifstream in("tests/data/name_pairs.csv", std::ios::binary); in) {
    std::stringstream ss;
    ss << in.rdbuf();
    const auto rows = core::ParseCsv(ss.str());
    std::set<std::string> seen;
    for (size_t r = 1; r < rows.size(); ++r) {
      for (size_t c = 0; c < 2 && c < rows[r].size(); ++c) {
        if (!text::IsLaoText(rows[r][c]) && seen.insert(rows[r][c]).second) published.push_back(rows[r][c]);
      }
    }
  }
  std::vector<std::string> qs;
  for (int i = 0; i < queries; ++i) {
    const auto& p = (*sample)[std::uniform_int_distribution<size_t>(0, sample->size() - 1)(rng)];
    const std::string native = p.native_name.value_or(p.given_names);
    const std::string latin = p.given_names + " " + p.family_name;
    const bool lao = text::IsLaoText(native);
    switch (i % 5) {
      case 0:
        qs.push_back(native);
        break;
      case 1:
        qs.push_back(latin);
        break;
      case 2:
        // Published spellings (passport, French-style, Vietnamese press, titles...) of real
        // people from the evaluation set, never the romaniser's output; unaccented Vietnamese
        // when the set is not at hand.
        qs.push_back(!published.empty() ? published[static_cast<size_t>(i / 5) % published.size()]
                                        : text::FoldNameUnchecked(native));
        break;
      case 3:
        qs.push_back(!published.empty()
                         ? published[(published.size() / 2 + static_cast<size_t>(i / 5)) % published.size()]
                         : (lao ? native : p.family_name));
        break;
      default:
        qs.push_back(latin.substr(0, std::min<size_t>(latin.size(), 5)));
        break;
    }
  }

  // Baseline: one index probe for one word's key.
  std::vector<double> probe_ms, search_ms;
  for (const auto& q : qs) {
    const auto tokens = text::NameTokensUnchecked(q);
    if (tokens.empty()) continue;
    const auto t0 = Clock::now();
    auto r = storage::InTransaction(**db, false, [&](storage::Transaction& tx) {
      return registry::store::PersonsByName(tx, registry::store::NameColumn::kKey, tokens[0].key, false, 20);
    });
    probe_ms.push_back(Ms(Clock::now() - t0));
    if (!r) Die("probe: " + r.error().message);
  }
  size_t empty = 0;
  for (const auto& q : qs) {
    const auto t0 = Clock::now();
    auto r = svc.SearchPersons(actor, q, 10);
    search_ms.push_back(Ms(Clock::now() - t0));
    if (!r) Die("search '" + q + "': " + r.error().message);
    if (r->empty()) ++empty;
  }
  const double p50 = Percentile(search_ms, 0.5), p95 = Percentile(search_ms, 0.95);
  const double b50 = Percentile(probe_ms, 0.5), b95 = Percentile(probe_ms, 0.95);
  std::printf("search over %lld persons (%s), %zu queries:\n", static_cast<long long>(persons),
              url.starts_with("sqlite") ? "SQLite" : "PostgreSQL", search_ms.size());
  std::printf("  search       p50 %7.2f ms   p95 %7.2f ms   (target p95 <= 10 ms)\n", p50, p95);
  std::printf("  index probe  p50 %7.2f ms   p95 %7.2f ms   (baseline)\n", b50, b95);
  std::printf("  ratio search/probe: p50 %.1fx  p95 %.1fx;  queries with no hit: %zu\n", p50 / b50, p95 / b95, empty);

  // Key computation on one core.
  std::vector<std::string> names;
  for (const auto& p : *sample) {
    names.push_back(p.given_names + " " + p.family_name);
    if (p.native_name) names.push_back(*p.native_name);
  }
  size_t sink = 0;
  auto t0 = Clock::now();
  size_t n = 0;
  while (Ms(Clock::now() - t0) < 1000) {
    for (const auto& s : names) sink += text::NameTokensUnchecked(s).size(), ++n;
  }
  const double keys_per_s = static_cast<double>(n) / (Ms(Clock::now() - t0) / 1000);
  t0 = Clock::now();
  size_t m = 0;
  while (Ms(Clock::now() - t0) < 1000) {
    for (const auto& s : names) sink += text::FoldNameUnchecked(s).size(), ++m;
  }
  const double folds_per_s = static_cast<double>(m) / (Ms(Clock::now() - t0) / 1000);
  std::printf(
      "name keys: %.0f names/s on one core (target >= 1,000,000); folding alone %.0f names/s; "
      "ratio %.2f  [%zu]\n",
      keys_per_s, folds_per_s, keys_per_s / folds_per_s, sink % 10);
  return 0;
}
