// Name search and duplicate detection for persons (docs/matching.md).
#include "features/registry/search.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "features/registry/name_index.h"
#include "features/registry/service.h"
#include "features/registry/store.h"
#include "text/fold.h"
#include "text/lao.h"
#include "text/name_match.h"
#include "text/unicode.h"

namespace lb::registry {
namespace {

using core::Error;
using text::NameToken;

constexpr size_t kMaxQueryBytes = 200;
constexpr size_t kMaxCandidates = 120;  // persons scored per search

// Candidate persons for a name: the form's index lookups, ranked by how many found them.
core::Result<std::vector<std::string>> CandidateIds(storage::Transaction& tx, const std::vector<NameToken>& q,
                                                    bool type_ahead, size_t max) {
  std::vector<std::pair<int64_t, int>> hits;  // by name_ref: persons are named by id only once ranked
  for (const auto& l : NameLookups(q, type_ahead)) {
    LB_TRY(refs, store::PersonRefsByName(tx, l.column, l.value, l.prefix, kPerLookup));
    for (int64_t ref : refs) hits.emplace_back(ref, l.weight);
  }
  return store::PersonIdsByRef(tx, RankRefs(std::move(hits), max));
}

double Round3(double v) { return std::round(v * 1000.0) / 1000.0; }

// A birth date split into parts (0 = unknown part).
struct DateParts {
  int y = 0, m = 0, d = 0;
};
DateParts Parts(const std::optional<std::string>& s) {
  DateParts p;
  if (!s || s->size() < 4) return p;
  p.y = std::atoi(s->substr(0, 4).c_str());
  if (s->size() >= 7) p.m = std::atoi(s->substr(5, 2).c_str());
  if (s->size() >= 10) p.d = std::atoi(s->substr(8, 2).c_str());
  return p;
}

std::string NormalisedNumber(const std::string& n) {
  std::string out;
  for (char c : n) {
    if (c == ' ' || c == '-' || c == '.') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

std::vector<NameLookup> NameLookups(const std::vector<NameToken>& q, bool type_ahead) {
  using store::NameColumn;
  std::vector<NameLookup> out;
  auto add = [&](NameColumn col, const std::string& value, bool prefix, int weight) {
    if (!value.empty()) out.push_back({col, value, prefix, weight});
  };
  for (size_t i = 0; i < q.size(); ++i) {
    const NameToken& t = q[i];
    add(NameColumn::kKey, t.key, false, 3);
    if (!t.alt_key.empty()) add(NameColumn::kKey, t.alt_key, false, 3);
    add(NameColumn::kWord, t.folded, false, 3);
    const std::string skel = Skeleton(t.key);
    if (skel.size() >= 2) add(NameColumn::kSkeleton, skel, false, 1);
    if (type_ahead && i + 1 == q.size()) {
      if (t.key.size() >= 2) add(NameColumn::kKey, t.key, true, 2);
      if (t.folded.size() >= 2) add(NameColumn::kWord, t.folded, true, 2);
    }
  }
  if (q.size() >= 2) {
    std::string key;
    for (const auto& t : q) key += t.key;
    add(NameColumn::kKey, key, type_ahead, 4);
    // The words run together in the other orders (family name first, split into syllables:
    // "Khat Thi Nha Bay Kham" is indexed as Baykham Khattiya).
    if (q.size() >= 3) {
      for (const auto& k : text::RunTogetherKeys(q)) {
        if (k != key) add(NameColumn::kKey, k, false, 4);
      }
    }
  }
  return out;
}

std::vector<NameToken> LookupTokens(std::string_view form) {
  auto tokens = text::NameTokensUnchecked(form);
  if (tokens.size() > kMaxQueryWords) tokens.resize(kMaxQueryWords);
  return tokens;
}

std::vector<int64_t> RankRefs(std::vector<std::pair<int64_t, int>> hits, size_t max) {
  std::sort(hits.begin(), hits.end());
  size_t w = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (w > 0 && hits[w - 1].first == hits[i].first) {
      hits[w - 1].second += hits[i].second;
    } else {
      hits[w++] = hits[i];
    }
  }
  hits.resize(w);
  const size_t best = std::min(max, hits.size());
  std::partial_sort(
      hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(best), hits.end(),
      [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  std::vector<int64_t> out;
  for (size_t i = 0; i < best; ++i) out.push_back(hits[i].first);
  return out;
}

double BirthDateWeight(const std::optional<std::string>& a, const std::optional<std::string>& b,
                       std::vector<std::string>* reasons) {
  auto agree = [&](double weight, const char* reason) {
    if (reasons) reasons->push_back(reason);
    return weight;
  };
  const DateParts da = Parts(a), db = Parts(b);
  if (!da.y || !db.y) return 0;
  if (da.y != db.y) return -6;
  if (da.d && db.d && da.m && db.m) {
    if (da.m == db.m && da.d == db.d) return agree(5, "birth_date");
    if (da.m == db.d && da.d == db.m) return agree(3, "birth_date_day_month_swapped");
    return -4;
  }
  if (da.m && db.m && da.m != db.m) return -4;
  return agree(2, "birth_year");
}

bool DocumentsAgree(const Person& a, const Person& b) {
  for (const auto& x : a.documents) {
    for (const auto& y : b.documents) {
      if (!x.number.empty() && x.issuing_country == y.issuing_country &&
          NormalisedNumber(x.number) == NormalisedNumber(y.number)) {
        return true;
      }
    }
  }
  return false;
}

void AddIfDuplicate(const Person& input, Person candidate, std::vector<DuplicateCandidate>& out) {
  MatchEvidence e = ScoreDuplicate(input, candidate);
  if (e.probability < kDuplicateProbability) return;
  out.push_back({std::move(candidate), Round3(e.probability), std::move(e.reasons)});
}

void KeepBestDuplicates(std::vector<DuplicateCandidate>& out) {
  std::sort(out.begin(), out.end(), [](const DuplicateCandidate& a, const DuplicateCandidate& b) {
    return a.score != b.score ? a.score > b.score : a.person.id < b.person.id;
  });
  if (out.size() > kMaxDuplicates) out.resize(kMaxDuplicates);
}

MatchEvidence ScoreDuplicate(const Person& a, const Person& b) {
  MatchEvidence e;
  // Names: the best agreement between any written form of one and any of the other.
  double name = 0;
  for (const auto& fa : NameForms(a)) {
    const auto ta = text::NameTokensUnchecked(fa);
    for (const auto& fb : NameForms(b))
      name = std::max(name, text::CompareNames(ta, text::NameTokensUnchecked(fb)).score);
  }
  e.name_score = name;
  if (name >= 0.95) {
    e.weight += 8, e.reasons.push_back("name");
  } else if (name >= 0.91) {
    e.weight += 7.5, e.reasons.push_back("name");
  } else if (name >= text::kSameNameThreshold) {
    e.weight += 7, e.reasons.push_back("name_similar");
  } else if (name >= 0.80) {
    e.weight += 2;
  } else {
    e.weight -= 6;
  }
  // Birth dates: exact, compatible partial dates, day and month swapped, or conflicting.
  e.weight += BirthDateWeight(a.birth_date, b.birth_date, &e.reasons);
  // Documents: the same number from the same country is near proof.
  if (DocumentsAgree(a, b)) e.weight += 26, e.reasons.push_back("document");
  if (!a.nationality.empty() && !b.nationality.empty()) {
    if (a.nationality == b.nationality) {
      e.weight += 0.5, e.reasons.push_back("nationality");
    } else {
      e.weight -= 3;
    }
  }
  const bool sexes_known = (a.sex == "F" || a.sex == "M") && (b.sex == "F" || b.sex == "M");
  if (sexes_known) e.weight += a.sex == b.sex ? 0.3 : -3;
  e.probability = 1.0 / (1.0 + std::exp(-(e.weight - 7.0)));
  return e;
}

core::Result<std::vector<PersonHit>> RegistryService::SearchPersons(const access::Principal& actor,
                                                                    std::string_view query, size_t limit) {
  LB_CHECK(Authorize(actor, RegistryRecord::kPerson, RegistryAction::kRead));
  if (!text::IsValidUtf8(query)) return core::Fail(Error::Field("q", "invalid_utf8", "q is not valid UTF-8."));
  if (query.size() > kMaxQueryBytes) {
    return core::Fail(Error::Field("q", "too_long", "q must be at most 200 bytes."));
  }
  if (text::HasControlChars(query)) {
    return core::Fail(Error::Field("q", "control_chars", "q must not contain control characters."));
  }
  auto tokens = text::NameTokensUnchecked(query);
  if (tokens.empty()) return core::Fail(Error::Field("q", "required", "q must contain at least one letter or digit."));
  if (limit < 1 || limit > 50) return core::Fail(Error::Field("limit", "range", "limit must be between 1 and 50."));
  if (tokens.size() > kMaxQueryWords) tokens.resize(kMaxQueryWords);
  const Scope scope = ScopeOf(actor);
  auto r = storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Result<std::vector<PersonHit>> {
    LB_TRY(ids, CandidateIds(tx, tokens, true, kMaxCandidates));
    LB_TRY(persons, store::ActivePersonsAmong(tx, ids, &scope, false));
    std::vector<PersonHit> hits;
    const bool query_lao = text::IsLaoText(query);
    const bool query_marked = text::HasVietMarks(query);
    for (auto& p : persons) {
      PersonHit h;
      bool same_script = false;
      const auto forms = NameForms(p);
      bool person_marked = false;
      for (const auto& form : forms) person_marked = person_marked || text::HasVietMarks(form);
      for (const auto& form : forms) {
        double s = text::QueryScore(tokens, text::NameTokensUnchecked(form));
        // Typed with Vietnamese marks, a name is compared with the person's marked form first:
        // the unmarked passport form of Thủy must not make her equal to Thúy.
        if (query_marked && person_marked && !text::HasVietMarks(form)) s *= 0.97;
        // Ties go to the form written in the script of the query.
        const bool script = text::IsLaoText(form) == query_lao;
        if (s > h.score || (s == h.score && script && !same_script)) {
          h.score = s, h.matched_form = form, same_script = script;
        }
      }
      if (h.score < kSearchMinScore) continue;
      h.score = Round3(h.score);
      h.person = std::move(p);
      hits.push_back(std::move(h));
    }
    std::sort(hits.begin(), hits.end(), [](const PersonHit& a, const PersonHit& b) {
      return a.score != b.score ? a.score > b.score : a.person.id < b.person.id;
    });
    if (hits.size() > limit) hits.resize(limit);
    // Documents for the hits shown.
    std::vector<std::string> top;
    for (const auto& h : hits) top.push_back(h.person.id);
    LB_TRY(full, store::ActivePersonsAmong(tx, top, &scope, true));
    for (auto& h : hits) {
      for (auto& p : full) {
        if (p.id == h.person.id) h.person = p;
      }
    }
    return hits;
  });
  if (r) {
    // Who found whom: the ids the search returned, as one read entry (not the query).
    std::vector<std::string> ids;
    for (const auto& h : *r) ids.push_back(h.person.id);
    RecordRead(actor, "person.search", "person", ids);
  }
  return r;
}

core::Result<std::vector<DuplicateCandidate>> RegistryService::FindDuplicates(const access::Principal& actor,
                                                                              const Person& input) {
  LB_CHECK(Authorize(actor, RegistryRecord::kPerson, RegistryAction::kRead));
  const Scope scope = ScopeOf(actor);
  return storage::InTransaction(
      db_, false, [&](storage::Transaction& tx) -> core::Result<std::vector<DuplicateCandidate>> {
        std::vector<std::string> ids;
        for (const auto& form : NameForms(input)) {
          LB_TRY(found, CandidateIds(tx, LookupTokens(form), false, kDuplicateCandidatesPerForm));
          ids.insert(ids.end(), found.begin(), found.end());
        }
        for (const auto& d : input.documents) {
          if (d.number.empty()) continue;
          LB_TRY(found, store::PersonsByDocument(tx, d.number, d.issuing_country, kHoldersPerDocument));
          ids.insert(ids.end(), found.begin(), found.end());
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        std::erase(ids, input.id);
        LB_TRY(persons, store::ActivePersonsAmong(tx, ids, &scope, true));
        std::vector<DuplicateCandidate> out;
        for (auto& p : persons) AddIfDuplicate(input, std::move(p), out);
        KeepBestDuplicates(out);
        return out;
      });
}

}  // namespace lb::registry
