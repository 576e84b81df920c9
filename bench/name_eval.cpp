// Evaluation of the name matcher on published name spellings (tests/data/name_pairs.csv),
// reported separately for the `tune` part (what the rules may be fitted to) and the `heldout`
// part (never looked at while tuning): precision, recall and F1 of the name comparison at the
// shipped threshold and of the duplicate scorer on names alone; then search: every name of the
// whole set is registered as a person (Lao script as the native name, Latin as the passport
// name), each name of a "same" pair of the part is searched, and the query is a top-1 / top-5
// hit when the first / one of the first five results (the searched record itself left out) is
// the same person (pairs joined into people transitively). Every result counts, judged or not,
// and a query whose person is missing from the results (or that fails) is a miss.
//
//   lb_eval_names [--verbose] [--show-heldout] [--margins] [FILE]
//   lb_eval_names --check-romaniser [FILE]   lists the rows where one side is byte-identical to
//                                            the romaniser's output for the other (exit 1 if any)
// --verbose lists the tune part's errors; --show-heldout also lists the held-out part's.
// --margins lists the tune part's different-people pairs that score 0.7 or more (how close the
// rules come to a false duplicate), highest first; never the held-out part's.
#include <spdlog/spdlog.h>
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
#include "features/registry/name_index.h"
#include "features/registry/search.h"
#include "features/registry/service.h"
#include "features/registry/store.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "text/lao.h"
#include "text/name_key.h"
#include "text/name_match.h"
#include "text/romanise.h"

namespace {

struct Pair {
  std::string left, right, category, split;
  bool same = false;
  double score = 0;
  bool duplicate = false;  // the duplicate scorer's verdict on names alone
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

struct SearchResult {
  size_t queries = 0, top1 = 0, top5 = 0;
  std::vector<std::string> misses;
};

// Search top-1 / top-5 over a registry made of all the set's names, per part of the queries.
std::map<std::string, SearchResult> SearchEvaluation(const std::vector<Pair>& pairs) {
  using namespace lb;
  std::map<std::string, SearchResult> out;
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
  char dir[] = "/tmp/lb-name-eval.XXXXXX";
  if (!mkdtemp(dir)) return out;
  core::SystemClock clock;
  auto db = storage::OpenDatabase(std::string("sqlite:") + dir + "/eval.db", 2);
  if (!db || !storage::Migrate(**db, clock) || !registry::EnsureNameIndex(**db)) {
    std::fprintf(stderr, "lb_eval_names: cannot set up the search database\n");
    return out;
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
    return out;
  }
  registry::RegistryService svc(**db, clock, "VN");
  const auto actor = access::Principal::System("VN");
  std::map<std::string, bool> seen;
  for (const auto& p : pairs) {
    if (!p.same) continue;
    for (const auto* q : {&p.left, &p.right}) {
      if (seen[*q]) continue;
      seen[*q] = true;
      SearchResult& r = out[p.split];
      ++r.queries;  // counted before searching: a failed search is a miss
      auto hits = svc.SearchPersons(actor, *q, 20);
      size_t rank = 0;
      bool found1 = false, found5 = false;
      if (hits) {
        for (const auto& h : *hits) {
          if (h.person.id == id_of[*q]) continue;  // the record searched for is not a hit
          ++rank;                                  // every other result counts, judged or not
          const bool same = find(name_of[h.person.id]) == find(*q);
          if (same && rank == 1) found1 = true;
          if (same && rank <= 5) found5 = true;
        }
      }
      r.top1 += found1;
      r.top5 += found5;
      if (!found1) {
        std::string line = std::string(found5 ? "top5" : "MISS") + "  " + *q + "  ->";
        if (!hits) line += "  (error: " + hits.error().message + ")";
        size_t shown = 0;
        for (const auto& h : hits ? *hits : std::vector<registry::PersonHit>{}) {
          if (h.person.id == id_of[*q]) continue;
          if (++shown > 5) break;
          char score[16];
          std::snprintf(score, sizeof score, "%.3f", h.score);
          line += "  " + name_of[h.person.id] + " (" + score + ")";
        }
        r.misses.push_back(line);
      }
    }
  }
  std::printf("search registry: %zu names\n", parent.size());
  std::filesystem::remove_all(dir);
  return out;
}

Counts DuplicateCounts(const std::vector<const Pair*>& pairs) {
  Counts d;
  for (const auto* p : pairs) {
    if (p->duplicate && p->same) ++d.tp;
    if (p->duplicate && !p->same) ++d.fp;
    if (!p->duplicate && p->same) ++d.fn;
    if (!p->duplicate && !p->same) ++d.tn;
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  bool verbose = false, show_heldout = false, check_romaniser = false, margins = false;
  std::string path = "tests/data/name_pairs.csv";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (a == "--margins") {
      margins = true;
    } else if (a == "--check-romaniser") {
      check_romaniser = true;
    } else if (a == "--show-heldout") {
      verbose = show_heldout = true;
    } else if (a == "--help" || a == "-h") {
      std::puts(
          "usage: lb_eval_names [--verbose] [--show-heldout] [--margins] [FILE]   (default "
          "tests/data/name_pairs.csv)");
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
  if (rows.empty()) {
    std::fprintf(stderr, "lb_eval_names: %s is empty\n", path.c_str());
    return 3;
  }
  // Columns by header name; a file without a split column is one part, "all".
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  for (const char* need : {"left", "right", "same"}) {
    if (!col.count(need)) {
      std::fprintf(stderr, "lb_eval_names: %s has no column %s\n", path.c_str(), need);
      return 3;
    }
  }
  auto field = [&](const std::vector<std::string>& r, const char* name) -> std::string {
    const auto it = col.find(name);
    return it != col.end() && it->second < r.size() ? r[it->second] : std::string();
  };
  if (check_romaniser) {
    // A pair graded against the romaniser's own output measures nothing: find such rows.
    int circular = 0, unattested = 0;
    for (size_t i = 1; i < rows.size(); ++i) {
      const std::string l = field(rows[i], "left"), r = field(rows[i], "right");
      for (const auto& [from, to] : {std::pair{l, r}, std::pair{r, l}}) {
        if (!lb::text::IsLaoText(from) || lb::text::IsLaoText(to)) continue;
        for (auto style : {lb::text::RomanStyle::kPassport, lb::text::RomanStyle::kFrench,
                           lb::text::RomanStyle::kVietnamese, lb::text::RomanStyle::kBgnPcgn}) {
          const std::string out = lb::text::RomaniseLaoUnchecked(from, style);
          if (out == to) {
            // A published spelling may coincide with what the romaniser gives (the romaniser
            // was written to give the common ones); only rows not marked attested are suspect.
            const bool attested = field(rows[i], "note").find("attested") != std::string::npos;
            std::printf("romaniser output: line %zu: %s -> %s (style %d)%s\n", i + 1, from.c_str(), to.c_str(),
                        static_cast<int>(style), attested ? "  [attested: printed so in the source]" : "");
            ++circular;
            if (!attested) ++unattested;
            break;
          }
        }
      }
    }
    std::printf("%d of %zu rows have a side that is the romaniser's output of the other (%d not marked attested)\n",
                circular, rows.size() - 1, unattested);
    return unattested ? 1 : 0;
  }
  std::vector<Pair> pairs;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() < 3) continue;
    Pair p{field(r, "left"), field(r, "right"), field(r, "category"), field(r, "split"), field(r, "same") == "1"};
    if (p.split.empty()) p.split = "all";
    p.score =
        lb::text::CompareNames(lb::text::NameTokensUnchecked(p.left), lb::text::NameTokensUnchecked(p.right)).score;
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
    p.duplicate = lb::registry::ScoreDuplicate(a, b).probability >= lb::registry::kDuplicateProbability;
    pairs.push_back(std::move(p));
  }
  std::map<std::string, std::vector<const Pair*>> parts;
  for (const auto& p : pairs) parts[p.split].push_back(&p);
  // tune first, then heldout, then anything else
  std::vector<std::string> order;
  for (const char* k : {"tune", "heldout"}) {
    if (parts.count(k)) order.push_back(k);
  }
  for (const auto& [k, unused] : parts) {
    if (k != "tune" && k != "heldout") order.push_back(k);
  }
  const double threshold = lb::text::kSameNameThreshold;
  std::printf("name pairs: %zu from %s\n", pairs.size(), path.c_str());
  const auto search = SearchEvaluation(pairs);
  for (const auto& part : order) {
    const auto& ps = parts[part];
    Counts c;
    for (const auto* p : ps) {
      const bool predicted = p->score >= threshold;
      c.tp += predicted && p->same, c.fp += predicted && !p->same;
      c.fn += !predicted && p->same, c.tn += !predicted && !p->same;
    }
    const Counts d = DuplicateCounts(ps);
    std::printf("\n== %s: %zu pairs (%d same, %d different)\n", part.c_str(), ps.size(), c.tp + c.fn, c.fp + c.tn);
    std::printf("  name comparison at %.2f:        precision %.4f  recall %.4f  F1 %.4f\n", threshold, c.Precision(),
                c.Recall(), c.F1());
    std::printf("  duplicate scorer (names only):  precision %.4f  recall %.4f  F1 %.4f   (target F1 >= 0.97)\n",
                d.Precision(), d.Recall(), d.F1());
    if (part == "tune") {
      double best_t = threshold, best_f1 = c.F1();
      for (double t = 0.60; t <= 0.99; t += 0.005) {
        Counts x;
        for (const auto* p : ps) {
          const bool predicted = p->score >= t;
          x.tp += predicted && p->same, x.fp += predicted && !p->same, x.fn += !predicted && p->same;
        }
        if (const double f = x.F1(); f > best_f1) best_f1 = f, best_t = t;
      }
      std::printf("  best name threshold on tune:    %.3f (F1 %.4f) -- information only\n", best_t, best_f1);
    }
    if (const auto it = search.find(part); it != search.end()) {
      const auto& r = it->second;
      const double n = r.queries ? static_cast<double>(r.queries) : 1.0;
      std::printf("  search: %zu queries  top-1 %.4f  top-5 %.4f   (targets top-1 >= 0.90, top-5 >= 0.99)\n", r.queries,
                  static_cast<double>(r.top1) / n, static_cast<double>(r.top5) / n);
    }
    std::map<std::string, std::pair<int, int>> by_category;  // duplicate-scorer errors, total
    for (const auto* p : ps) {
      auto& e = by_category[p->category];
      ++e.second;
      if (p->duplicate != p->same) ++e.first;
    }
    for (const auto& [cat, e] : by_category) {
      if (e.first) std::printf("    %-26s %3d wrong of %3d\n", cat.c_str(), e.first, e.second);
    }
    if (margins && part == "tune") {
      std::vector<const Pair*> near;
      for (const auto* p : ps) {
        if (!p->same && p->score >= 0.7) near.push_back(p);
      }
      std::sort(near.begin(), near.end(), [](const Pair* x, const Pair* y) { return x->score > y->score; });
      for (const auto* p : near) {
        std::printf("  near %.3f  %s | %s  [%s]\n", p->score, p->left.c_str(), p->right.c_str(), p->category.c_str());
      }
    }
    if (!verbose || (part == "heldout" && !show_heldout)) continue;
    for (const auto* p : ps) {
      if (p->duplicate == p->same) continue;
      std::printf("  %s %.3f  %s | %s  [%s]\n", p->same ? "MISS" : "FALSE", p->score, p->left.c_str(), p->right.c_str(),
                  p->category.c_str());
      for (const auto* side : {&p->left, &p->right}) {
        std::printf("        ");
        for (const auto& t : lb::text::NameTokensUnchecked(*side)) std::printf(" %s", t.key.c_str());
        std::printf("\n");
      }
    }
    if (const auto it = search.find(part); it != search.end()) {
      for (const auto& m : it->second.misses) std::printf("  search %s\n", m.c_str());
    }
  }
  return 0;
}
