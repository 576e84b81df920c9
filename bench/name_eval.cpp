// Evaluation of the name matcher on hand-checked pairs (tests/data/name_pairs.csv):
// precision, recall and F1 of the duplicate scorer's name comparison at the shipped threshold,
// the best threshold on this set (for information only: the shipped one is not fitted to it),
// the pairs it gets wrong with --verbose; then search: every name of the set is registered as
// a person (Lao script as the native name, Latin as the passport name), each name of a "same"
// pair is searched, and a hit is a result in the top 1 / top 5 that is the same person (pairs
// are joined into people transitively), the searched record itself left out.
//
//   lb_eval_names [--verbose] [FILE]
#include <unicode/unistr.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/csv.h"
#include "core/id.h"
#include "registry/name_index.h"
#include "registry/search.h"
#include "registry/service.h"
#include "registry/store.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "text/lao.h"
#include "text/name_key.h"
#include "text/name_match.h"

namespace {

struct Pair {
  std::string left, right, category;
  bool same = false;
  double score = 0;
};

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 1.0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

Counts CountAt(const std::vector<Pair>& pairs, double threshold) {
  Counts c;
  for (const auto& p : pairs) {
    const bool predicted = p.score >= threshold;
    if (predicted && p.same) ++c.tp;
    if (predicted && !p.same) ++c.fp;
    if (!predicted && p.same) ++c.fn;
    if (!predicted && !p.same) ++c.tn;
  }
  return c;
}

// Search top-1 / top-5 over a registry made of the set's names.
void SearchEvaluation(const std::vector<Pair>& pairs) {
  using namespace lb;
  std::map<std::string, std::string> parent;  // union-find over names: one set per person
  auto find = [&](std::string x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& p : pairs) {
    for (const auto* n : {&p.left, &p.right}) {
      if (!parent.count(*n)) parent[*n] = *n;
    }
  }
  for (const auto& p : pairs) {
    if (p.same) parent[find(p.left)] = find(p.right);
  }
  // The same text written with other bytes (NFD, ຫນ for ໜ) or in other letter case is the
  // same name string.
  std::map<std::string, std::string> by_text;
  for (const auto& [name, unused] : parent) {
    std::string canon = text::NormalizeLaoUnchecked(name);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(canon);
    u.toLower();
    canon.clear();
    u.toUTF8String(canon);
    auto [it, inserted] = by_text.emplace(canon, name);
    if (!inserted) parent[find(name)] = find(it->second);
  }
  // Judged pairs of people: same, or labelled different. Results of unknown relation to the
  // query are left out of its ranking (a condensed list), since the set cannot say whether
  // they are right.
  std::set<std::pair<std::string, std::string>> different;
  for (const auto& p : pairs) {
    if (!p.same) {
      different.insert({find(p.left), find(p.right)});
      different.insert({find(p.right), find(p.left)});
    }
  }
  char dir[] = "/tmp/lb-name-eval.XXXXXX";
  if (!mkdtemp(dir)) return;
  core::SystemClock clock;
  auto db = storage::OpenDatabase(std::string("sqlite:") + dir + "/eval.db", 2);
  if (!db || !storage::Migrate(**db, clock) || !registry::EnsureNameIndex(**db)) {
    std::fprintf(stderr, "lb_eval_names: cannot set up the search database\n");
    return;
  }
  std::map<std::string, std::string> id_of, name_of;
  auto inserted = storage::InTransaction(**db, true, [&](storage::Transaction& tx) -> core::Status {
    for (const auto& [name, unused] : parent) {
      registry::Person p;
      p.id = core::NewUuidV7(clock);
      if (text::IsLaoText(name)) {
        p.native_name = name;
      } else {
        p.given_names = name;
      }
      p.sex = "X";
      p.nationality = "LA";
      p.owner_node = "VN";
      p.created_at = p.updated_at = "2026-01-01T00:00:00Z";
      p.scope.country = "VN";
      LB_CHECK(registry::store::InsertPerson(tx, p));
      id_of[name] = p.id;
      name_of[p.id] = name;
    }
    return {};
  });
  if (!inserted) {
    std::fprintf(stderr, "lb_eval_names: %s\n", inserted.error().message.c_str());
    return;
  }
  registry::RegistryService svc(**db, clock, "VN");
  const auto actor = access::Principal::System("VN");
  size_t queries = 0, top1 = 0, top5 = 0;
  std::vector<std::string> misses;
  std::map<std::string, bool> seen;
  for (const auto& p : pairs) {
    if (!p.same) continue;
    for (const auto* q : {&p.left, &p.right}) {
      if (seen[*q]) continue;
      seen[*q] = true;
      auto hits = svc.SearchPersons(actor, *q, 20);
      if (!hits) continue;
      ++queries;
      size_t rank = 0;
      bool found1 = false, found5 = false;
      for (const auto& h : *hits) {
        if (h.person.id == id_of[*q]) continue;  // the record searched for is not a hit
        const bool same = find(name_of[h.person.id]) == find(*q);
        if (!same && !different.count({find(name_of[h.person.id]), find(*q)})) continue;  // unjudged
        ++rank;
        if (same && rank == 1) found1 = true;
        if (same && rank <= 5) found5 = true;
      }
      top1 += found1;
      top5 += found5;
      if (!found5) {
        std::string line = *q + "  ->";
        for (const auto& h : *hits) {
          char score[16];
          std::snprintf(score, sizeof score, "%.3f", h.score);
          line += "  " + name_of[h.person.id] + " (" + score + ")";
        }
        misses.push_back(line);
      }
    }
  }
  std::printf(
      "search: %zu queries over %zu registered names: top-1 hit %.4f  top-5 hit %.4f   (target top-5 >= 0.99)\n",
      queries, parent.size(), queries ? static_cast<double>(top1) / queries : 0,
      queries ? static_cast<double>(top5) / queries : 0);
  for (const auto& m : misses) std::printf("  search miss: %s\n", m.c_str());
  std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = false;
  std::string path = "tests/data/name_pairs.csv";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (a == "--help" || a == "-h") {
      std::puts("usage: lb_eval_names [--verbose] [FILE]   (default tests/data/name_pairs.csv)");
      return 0;
    } else {
      path = a;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "lb_eval_names: cannot open %s\n", path.c_str());
    return 3;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const auto rows = lb::core::ParseCsv(ss.str());
  std::vector<Pair> pairs;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() < 3) continue;
    Pair p{r[0], r[1], r.size() > 3 ? r[3] : "", r[2] == "1"};
    p.score =
        lb::text::CompareNames(lb::text::NameTokensUnchecked(p.left), lb::text::NameTokensUnchecked(p.right)).score;
    pairs.push_back(std::move(p));
  }
  const double threshold = lb::text::kSameNameThreshold;
  const Counts c = CountAt(pairs, threshold);
  std::printf("name pairs: %zu (%d same, %d different) from %s\n", pairs.size(), c.tp + c.fn, c.fp + c.tn,
              path.c_str());
  std::printf("threshold %.2f: precision %.4f  recall %.4f  F1 %.4f   (target F1 >= 0.97)\n", threshold, c.Precision(),
              c.Recall(), c.F1());
  double best_t = threshold, best_f1 = c.F1();
  for (double t = 0.60; t <= 0.99; t += 0.005) {
    if (const double f = CountAt(pairs, t).F1(); f > best_f1) best_f1 = f, best_t = t;
  }
  std::printf("best threshold on this set: %.3f (F1 %.4f) -- information only\n", best_t, best_f1);
  std::map<std::string, std::pair<int, int>> by_category;  // errors, total
  for (const auto& p : pairs) {
    auto& e = by_category[p.category];
    ++e.second;
    if ((p.score >= threshold) != p.same) ++e.first;
  }
  for (const auto& [cat, e] : by_category) {
    if (e.first) std::printf("  %-26s %3d wrong of %3d\n", cat.c_str(), e.first, e.second);
  }
  // Duplicate scorer on the same pairs (names only: no dates or documents to help).
  {
    Counts d;
    for (const auto& p : pairs) {
      lb::registry::Person a, b;
      auto fill = [](lb::registry::Person& x, const std::string& name) {
        if (lb::text::IsLaoText(name)) {
          x.native_name = name;
        } else {
          x.given_names = name;
        }
      };
      fill(a, p.left);
      fill(b, p.right);
      const bool dup = lb::registry::ScoreDuplicate(a, b).probability >= lb::registry::kDuplicateProbability;
      if (dup && p.same) ++d.tp;
      if (dup && !p.same) ++d.fp;
      if (!dup && p.same) ++d.fn;
      if (!dup && !p.same) ++d.tn;
    }
    std::printf("duplicate scorer (names only): precision %.4f  recall %.4f  F1 %.4f\n", d.Precision(), d.Recall(),
                d.F1());
  }
  SearchEvaluation(pairs);
  if (verbose) {
    for (const auto& p : pairs) {
      if ((p.score >= threshold) == p.same) continue;
      std::printf("%s %.3f  %s | %s  [%s]\n", p.same ? "MISS" : "FALSE", p.score, p.left.c_str(), p.right.c_str(),
                  p.category.c_str());
      for (const auto* side : {&p.left, &p.right}) {
        std::printf("      ");
        for (const auto& t : lb::text::NameTokensUnchecked(*side)) std::printf(" %s", t.key.c_str());
        std::printf("\n");
      }
    }
  }
  return 0;
}
