#include "features/registry/name_index.h"

#include <spdlog/spdlog.h>

#include "text/name_key.h"
#include "text/name_match.h"

namespace lb::registry {

std::vector<std::string> NameForms(const Person& p) {
  std::vector<std::string> forms;
  std::string latin = p.given_names;
  if (!p.family_name.empty()) latin += (latin.empty() ? "" : " ") + p.family_name;
  if (!latin.empty()) forms.push_back(std::move(latin));
  if (p.native_name && !p.native_name->empty()) forms.push_back(*p.native_name);
  return forms;
}

std::string Skeleton(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u') out.push_back(c);
  }
  return out.empty() ? key : out;
}

std::vector<store::NameKeyRow> NameKeyRows(const Person& p) {
  std::vector<store::NameKeyRow> rows;
  int64_t seq = 0;
  auto add = [&](std::string key, std::string word) {
    if (key.empty() && word.empty()) return;
    for (const auto& r : rows) {
      if (r.key == key && r.word == word) return;
    }
    std::string skeleton = Skeleton(key);
    rows.push_back({++seq, std::move(key), std::move(word), std::move(skeleton)});
  };
  for (const auto& form : NameForms(p)) {
    const auto tokens = text::NameTokensUnchecked(form);
    for (const auto& t : tokens) {
      add(t.key, t.folded);
      if (!t.alt_key.empty()) add(t.alt_key, t.folded);  // the word's other reading (nh as n + h)
    }
    if (tokens.size() >= 2) {
      // The words run together, in written order and reversed (a name typed without spaces,
      // or family name first).
      std::string key, word, rkey, rword;
      for (const auto& t : tokens) key += t.key, word += t.folded;
      for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) rkey += it->key, rword += it->folded;
      add(std::move(key), word);
      add(std::move(rkey), std::move(rword));
      // And in every rotation, as one word would key them (a letter doubled across a word
      // boundary written once, a stop pair as one onset): the Lao script writes a Vietnamese
      // name family first as one word (ຟ້າມມິງຈິງ, Phạm Minh Chính, whose record holds the
      // given names first).
      for (auto& k : text::RunTogetherKeys(tokens)) add(std::move(k), word);
    }
  }
  return rows;
}

core::Status EnsureNameIndex(storage::Database& db) {
  LB_TRY(version,
         storage::InTransaction(db, false, [](storage::Transaction& tx) { return store::NameIndexVersion(tx); }));
  if (version && *version == kNameKeyVersion) return {};
  LB_TRY(total, storage::InTransaction(db, false, [](storage::Transaction& tx) { return store::CountPersons(tx); }));
  spdlog::info("building the name search index for {} persons (key version {})", total, kNameKeyVersion);
  // Postings of other keys cannot be taken out one by one (their terms are not known): start
  // from nothing. The version is written last, so an interrupted build starts over.
  LB_CHECK(storage::InTransaction(db, true, [](storage::Transaction& tx) { return store::ClearNameIndex(tx); }));
  std::optional<std::string> after;
  int64_t done = 0, next_report = total / 10;
  for (;;) {
    LB_TRY(last,
           storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Result<std::optional<std::string>> {
             LB_TRY(batch, store::ListNameSources(tx, after, 5000));
             LB_CHECK(store::AddNamePostings(tx, batch));
             done += static_cast<int64_t>(batch.size());
             if (batch.empty()) {
               LB_CHECK(store::SetNameIndexVersion(tx, kNameKeyVersion));
               return std::optional<std::string>();
             }
             return std::optional<std::string>(batch.back().id);
           }));
    if (!last) break;
    after = last;
    if (done >= next_report && total > 0) {
      spdlog::info("name search index: {}/{} persons ({}%)", done, total, done * 100 / total);
      next_report += std::max<int64_t>(total / 10, 1);
    }
  }
  spdlog::info("name search index ready");
  return {};
}

}  // namespace lb::registry
