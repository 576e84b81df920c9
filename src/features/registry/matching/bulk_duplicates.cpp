#include "features/registry/matching/bulk_duplicates.h"

#include <algorithm>
#include <set>

#include "features/registry/name_index.h"
#include "features/registry/search.h"
#include "features/registry/store.h"
#include "platform/kinds/kind.h"
#include "text/name_key.h"
#include "text/name_match.h"

namespace lb::registry::matching {
namespace {

using storage::Value;

constexpr size_t kChunk = 250;
// Cache bounds (about 100 MB at most): candidate persons with their tokens, terms' postings.
constexpr size_t kMaxCachedPersons = 50000;
constexpr size_t kMaxCachedTerms = 50000;

// A lookup as the per-person path makes it (registry/search.h NameLookups, no type-ahead):
// the index term and its weight.
struct Lookup {
  std::string term;
  int weight;
};

std::vector<Lookup> LookupsOf(const std::vector<text::NameToken>& q) {
  std::vector<Lookup> out;
  for (auto& l : NameLookups(q, false)) out.push_back({store::NameTerm(l.column, l.value), l.weight});
  return out;
}

std::vector<std::vector<text::NameToken>> FormsOf(const Person& p) {
  std::vector<std::vector<text::NameToken>> forms;
  for (const auto& form : NameForms(p)) forms.push_back(text::NameTokensUnchecked(form));
  return forms;
}

std::string InList(size_t n) { return kinds::Placeholders(1, n); }

// Runs `select` + " IN ($1, …)" over `values` in chunks of kChunk, handing each row to `each`.
template <typename V, typename Each>
core::Status ForRowsIn(storage::Transaction& tx, const std::string& select, const std::vector<V>& values, Each&& each) {
  std::vector<Value> params;
  for (size_t start = 0; start < values.size(); start += kChunk) {
    const size_t n = std::min(kChunk, values.size() - start);
    params.assign(values.begin() + static_cast<std::ptrdiff_t>(start),
                  values.begin() + static_cast<std::ptrdiff_t>(start + n));
    auto rows = tx.conn().Query(select + " IN (" + InList(n) + ")", params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    for (const auto& r : *rows) each(r);
  }
  return {};
}

}  // namespace

struct BulkDuplicateFinder::Cache {
  std::unordered_map<std::string, std::vector<int64_t>> postings;  // term -> first refs (in ref order)
  std::unordered_map<int64_t, std::string> id_of_ref;
  struct Candidate {
    bool visible = false;  // active and within scope
    Person person;
    std::vector<std::vector<text::NameToken>> forms;
  };
  std::unordered_map<std::string, Candidate> persons;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_document;  // (number, country)
};

BulkDuplicateFinder::BulkDuplicateFinder(storage::Database& db, Scope scope)
    : db_(db), scope_(std::move(scope)), cache_(std::make_unique<Cache>()) {}

BulkDuplicateFinder::~BulkDuplicateFinder() = default;

core::Status BulkDuplicateFinder::Prefetch(storage::Transaction& tx, std::span<const Person> inputs) {
  Cache& c = *cache_;
  // What was read for earlier batches is kept for later ones, up to a bound: a file checked
  // against a large registry would otherwise end up holding much of it in memory.
  if (c.persons.size() > kMaxCachedPersons || c.postings.size() > kMaxCachedTerms) *cache_ = Cache{};
  // 1. Blocking keys: every term the batch looks up, sorted; those not read before.
  std::vector<std::string> terms;
  std::set<std::pair<std::string, std::string>> documents;
  for (const auto& p : inputs) {
    for (const auto& form : NameForms(p)) {
      for (auto& l : LookupsOf(LookupTokens(form))) {
        ++stats_.lookups;
        if (!c.postings.contains(l.term)) terms.push_back(std::move(l.term));
      }
    }
    for (const auto& d : p.documents) {
      if (!d.number.empty() && !c.by_document.contains({d.number, d.issuing_country})) {
        documents.insert({d.number, d.issuing_country});
      }
    }
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  // 2. Their ids in sorted chunks, then each term's first postings in ref order (the
  // per-person lookup's rows exactly), walking the postings index in term order.
  std::vector<std::pair<int64_t, std::string>> ids;
  LB_CHECK(ForRowsIn(tx, "SELECT id, term FROM name_terms WHERE term", terms,
                     [&](const storage::Row& r) { ids.emplace_back(r.Int(0), r.Str(1)); }));
  for (const auto& t : terms) c.postings.emplace(t, std::vector<int64_t>{});  // unknown terms find nobody
  std::sort(ids.begin(), ids.end());
  std::vector<int64_t> new_refs;
  for (const auto& [id, term] : ids) {
    LB_TRY(rows, tx.Query("SELECT ref FROM person_name_terms WHERE term_id = $1 ORDER BY ref LIMIT $2",
                          {id, int64_t{kPerLookup}}));
    auto& refs = c.postings[term];
    refs.reserve(rows.size());
    for (const auto& r : rows) {
      refs.push_back(r.Int(0));
      if (!c.id_of_ref.contains(refs.back())) new_refs.push_back(refs.back());
    }
    ++stats_.terms_read;
  }
  // 3. Persons by ref.
  std::sort(new_refs.begin(), new_refs.end());
  new_refs.erase(std::unique(new_refs.begin(), new_refs.end()), new_refs.end());
  std::vector<std::string> new_ids;
  LB_CHECK(ForRowsIn(tx, "SELECT name_ref, id FROM persons WHERE name_ref", new_refs, [&](const storage::Row& r) {
    c.id_of_ref.emplace(r.Int(0), r.Str(1));
    if (!c.persons.contains(r.Str(1))) new_ids.push_back(r.Str(1));
  }));
  // 4. Holders of the batch's document numbers (PersonsByDocument: distinct, in id order, 20).
  std::vector<std::string> numbers;
  for (const auto& [number, country] : documents) numbers.push_back(number);
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  for (const auto& d : documents) c.by_document[d];
  LB_CHECK(ForRowsIn(tx, "SELECT number, issuing_country, person_id FROM person_documents WHERE number", numbers,
                     [&](const storage::Row& r) {
                       auto it = c.by_document.find({r.Str(0), r.Str(1)});
                       if (it == c.by_document.end() || !documents.contains({r.Str(0), r.Str(1)})) return;
                       it->second.push_back(r.Str(2));
                     }));
  for (const auto& d : documents) {
    auto& holders = c.by_document[d];
    std::sort(holders.begin(), holders.end());
    holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
    if (holders.size() > static_cast<size_t>(kHoldersPerDocument)) holders.resize(kHoldersPerDocument);
    for (const auto& id : holders) {
      if (!c.persons.contains(id)) new_ids.push_back(id);
    }
  }
  // 5. The candidates, once each: active and in scope (ActivePersonsAmong), with documents.
  std::sort(new_ids.begin(), new_ids.end());
  new_ids.erase(std::unique(new_ids.begin(), new_ids.end()), new_ids.end());
  for (size_t start = 0; start < new_ids.size(); start += kChunk) {
    const size_t n = std::min(kChunk, new_ids.size() - start);
    std::vector<std::string> chunk(new_ids.begin() + static_cast<std::ptrdiff_t>(start),
                                   new_ids.begin() + static_cast<std::ptrdiff_t>(start + n));
    for (const auto& id : chunk) c.persons.emplace(id, Cache::Candidate{});
    LB_TRY(visible, store::ActivePersonsAmong(tx, chunk, &scope_, false));
    if (visible.empty()) continue;
    std::vector<Value> params;
    for (auto& p : visible) params.emplace_back(p.id);
    auto rows = tx.conn().Query(
        "SELECT person_id, kind, number, issuing_country, expires FROM person_documents WHERE person_id IN (" +
            InList(params.size()) + ") ORDER BY person_id, seq",
        params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    std::unordered_map<std::string, std::vector<Document>> docs;
    for (const auto& r : *rows) docs[r.Str(0)].push_back({r.Str(1), r.Str(2), r.Str(3), r.Opt(4)});
    for (auto& p : visible) {
      auto& slot = c.persons[p.id];
      slot.visible = true;
      p.documents = std::move(docs[p.id]);
      slot.forms = FormsOf(p);
      slot.person = std::move(p);
    }
  }
  return {};
}

std::vector<std::string> BulkDuplicateFinder::CandidatesOf(const Person& input) {
  const Cache& c = *cache_;
  std::vector<std::string> ids;
  std::vector<std::pair<int64_t, int>> hits;
  for (const auto& form : NameForms(input)) {
    hits.clear();
    for (const auto& l : LookupsOf(LookupTokens(form))) {
      const auto it = c.postings.find(l.term);
      if (it == c.postings.end()) continue;
      for (int64_t ref : it->second) hits.emplace_back(ref, l.weight);
    }
    for (int64_t ref : RankRefs(std::move(hits), kDuplicateCandidatesPerForm)) {
      if (auto it = c.id_of_ref.find(ref); it != c.id_of_ref.end()) ids.push_back(it->second);
    }
  }
  for (const auto& d : input.documents) {
    if (d.number.empty()) continue;
    if (auto it = c.by_document.find({d.number, d.issuing_country}); it != c.by_document.end()) {
      ids.insert(ids.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::erase(ids, input.id);
  return ids;
}

core::Result<std::vector<std::vector<DuplicateCandidate>>> BulkDuplicateFinder::Find(
    std::span<const Person> inputs, std::vector<std::vector<std::string>>* blocked) {
  LB_CHECK(storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Result<bool> {
    LB_CHECK(Prefetch(tx, inputs));
    return true;
  }));
  std::vector<std::vector<DuplicateCandidate>> out(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Person& input = inputs[i];
    ++stats_.persons;
    const auto ids = CandidatesOf(input);
    if (blocked) blocked->push_back(ids);
    std::vector<std::vector<text::NameToken>> input_forms;
    bool tokenised = false;
    auto& found = out[i];
    for (const auto& id : ids) {
      const auto it = cache_->persons.find(id);
      if (it == cache_->persons.end() || !it->second.visible) continue;
      ++stats_.candidate_pairs;
      const auto& cand = it->second;
      // A pair can reach the duplicate probability (weight 7) only with a name score of 0.80
      // or more and a birth-date weight that is not negative — unless the documents agree
      // (+26). Others are left out without the name comparison; the rest get the full scorer.
      const bool documents = DocumentsAgree(input, cand.person);
      if (!documents) {
        if (BirthDateWeight(input.birth_date, cand.person.birth_date) < 0) continue;
        if (!tokenised) input_forms = FormsOf(input), tokenised = true;
        double name = 0;
        for (const auto& a : input_forms) {
          for (const auto& b : cand.forms) name = std::max(name, text::CompareNames(a, b).score);
        }
        if (name < 0.80) continue;
      }
      ++stats_.scored_pairs;
      AddIfDuplicate(input, cand.person, found);
    }
    KeepBestDuplicates(found);
  }
  return out;
}

core::Result<std::vector<std::string>> BulkDuplicateFinder::Block(const Person& input) {
  LB_CHECK(storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Result<bool> {
    LB_CHECK(Prefetch(tx, std::span<const Person>(&input, 1)));
    return true;
  }));
  return CandidatesOf(input);
}

}  // namespace lb::registry::matching
