#include "features/registry/bulk.h"

#include <algorithm>
#include <cstdio>

#include "core/id.h"
#include "features/registry/name_index.h"
#include "platform/audit/chain.h"
#include "text/unicode.h"

namespace lb::registry {
namespace {

using storage::Value;

// Rows per multi-row statement: persons have 18 columns (1,800 parameters), documents 6,
// postings 2; well under SQLite's 32,766 and PostgreSQL's 65,535.
constexpr size_t kPersonsPerStatement = 100;
constexpr size_t kDocumentsPerStatement = 250;
constexpr size_t kTermsPerStatement = 250;
constexpr size_t kPostingsPerStatement = 500;
// Postings kept before they are written (8 bytes each: 64 MB).
constexpr size_t kMaxKeptPostings = 8'000'000;

constexpr std::string_view kPersonInsertHead =
    "INSERT INTO persons (id, family_name, given_names, native_name, sex, birth_date, nationality,"
    " home_province, phone, status, version, owner_node, created_at, updated_at, scope_country, scope_province,"
    " scope_org, name_ref) VALUES ";
constexpr std::string_view kDocumentInsertHead =
    "INSERT INTO person_documents (person_id, seq, kind, number, issuing_country, expires) VALUES ";

// A JSON string as nlohmann::json's dump writes it (ensure_ascii off): quote, backslash and
// the control characters escaped, everything else as it is (the text is valid UTF-8).
void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void AppendOptJson(std::string& out, const std::optional<std::string>& v) {
  if (v) {
    AppendJsonString(out, *v);
  } else {
    out += "null";
  }
}

bool AllUtf8(const Person& p) {
  auto ok = [](const std::optional<std::string>& v) { return !v || text::IsValidUtf8(*v); };
  if (!text::IsValidUtf8(p.family_name) || !text::IsValidUtf8(p.given_names) || !ok(p.native_name) ||
      !text::IsValidUtf8(p.sex) || !ok(p.birth_date) || !text::IsValidUtf8(p.nationality) || !ok(p.home_province) ||
      !ok(p.phone) || !text::IsValidUtf8(p.status)) {
    return false;
  }
  for (const auto& d : p.documents) {
    if (!text::IsValidUtf8(d.kind) || !text::IsValidUtf8(d.number) || !text::IsValidUtf8(d.issuing_country) ||
        !ok(d.expires)) {
      return false;
    }
  }
  return true;
}

// The slow way, for text that is not valid UTF-8 (validation refuses it; kept for safety):
// exactly what the one-by-one path hashes.
std::string CreationChangesThroughJson(const Person& p) {
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : p.documents) {
    docs.push_back({{"kind", d.kind},
                    {"number", d.number},
                    {"issuing_country", d.issuing_country},
                    {"expires", d.expires ? nlohmann::json(*d.expires) : nlohmann::json(nullptr)}});
  }
  nlohmann::json changes = nlohmann::json::object();
  auto put = [&](const char* key, nlohmann::json v) {
    if (!v.is_null()) changes[key] = {{"before", nullptr}, {"after", std::move(v)}};
  };
  auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  put("family_name", p.family_name);
  put("given_names", p.given_names);
  put("native_name", opt(p.native_name));
  put("sex", p.sex);
  put("birth_date", opt(p.birth_date));
  put("nationality", p.nationality);
  put("home_province", opt(p.home_province));
  put("documents", std::move(docs));
  put("phone", opt(p.phone));
  put("status", p.status);
  return audit::CanonicalJson(changes);
}

// "$first, ..., $first+n-1" grouped as VALUES rows of `columns`.
std::string Values(size_t columns, size_t rows) { return storage::ValuesList(columns, rows); }

}  // namespace

std::string PersonCreationChanges(const Person& p) {
  if (!AllUtf8(p)) return CreationChangesThroughJson(p);
  std::string out;
  out.reserve(512);
  bool first = true;
  // Keys in byte order, as CanonicalJson sorts them; null members are left out (a creation).
  auto member = [&](std::string_view key) {
    out += first ? "{\"" : ",\"";
    first = false;
    out += key;
    out += "\":{\"after\":";
  };
  auto end = [&] { out += ",\"before\":null}"; };
  auto text_member = [&](std::string_view key, const std::string& v) {
    member(key);
    AppendJsonString(out, v);
    end();
  };
  auto opt_member = [&](std::string_view key, const std::optional<std::string>& v) {
    if (v) text_member(key, *v);
  };
  opt_member("birth_date", p.birth_date);
  member("documents");
  out.push_back('[');
  for (size_t i = 0; i < p.documents.size(); ++i) {
    const auto& d = p.documents[i];
    if (i) out.push_back(',');
    out += "{\"expires\":";
    AppendOptJson(out, d.expires);
    out += ",\"issuing_country\":";
    AppendJsonString(out, d.issuing_country);
    out += ",\"kind\":";
    AppendJsonString(out, d.kind);
    out += ",\"number\":";
    AppendJsonString(out, d.number);
    out.push_back('}');
  }
  out.push_back(']');
  end();
  text_member("family_name", p.family_name);
  text_member("given_names", p.given_names);
  opt_member("home_province", p.home_province);
  text_member("nationality", p.nationality);
  opt_member("native_name", p.native_name);
  opt_member("phone", p.phone);
  text_member("sex", p.sex);
  text_member("status", p.status);
  out.push_back('}');
  return out;
}

std::vector<std::string> PersonNameTerms(const Person& p) {
  std::vector<std::string> terms;
  const auto rows = NameKeyRows(p);
  terms.reserve(rows.size() * 3);
  auto add = [&](char kind, const std::string& text) {
    if (text.empty()) return;
    std::string t(1, kind);
    t += text;
    terms.push_back(std::move(t));
  };
  for (const auto& r : rows) {
    add('k', r.key);
    add('w', r.word);
    add('s', r.skeleton);
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

audit::EncodedEvent PrepareNewPerson(const core::Clock& clock, const std::string& node, const access::Principal& actor,
                                     Person& p) {
  // As RegistryService::InsertPersonIn.
  p.id = core::NewUuidV7(clock);
  p.status = "active";
  p.version = 1;
  p.owner_node = node;
  p.created_at = p.updated_at = core::FormatRfc3339(clock.Now());
  p.scope = RecordScope{actor.country, actor.province, actor.org};
  return {actor.user_name, "person.create", "person", p.id, PersonCreationChanges(p)};
}

void PersonBulkWriter::Add(Person p, std::vector<std::string> terms) {
  persons_.push_back(std::move(p));
  terms_.push_back(std::move(terms));
}

core::Result<std::vector<int64_t>> PersonBulkWriter::NameRefs(size_t n) {
  std::vector<int64_t> refs;
  refs.reserve(n);
  if (tx_.conn().dialect() == storage::Dialect::kSqlite) {
    // One writer at a time holds this transaction: the highest ref plus one, counted on here
    // (the store's one-by-one rule).
    if (next_ref_ == 0) {
      LB_TRY(rows, tx_.Query("SELECT COALESCE(MAX(name_ref), 0) + 1 FROM persons", {}));
      next_ref_ = rows.front().Int(0);
    }
    for (size_t i = 0; i < n; ++i) refs.push_back(next_ref_++);
    return refs;
  }
  // PostgreSQL: concurrent writers share the sequence.
  LB_TRY(rows,
         tx_.Query("SELECT nextval('person_name_ref_seq') FROM generate_series(1, CAST($1 AS INTEGER))", {int64_t(n)}));
  for (const auto& r : rows) refs.push_back(r.Int(0));
  if (refs.size() != n) return core::Fail(core::Error::Internal("name_ref sequence gave too few values"));
  return refs;
}

core::Status PersonBulkWriter::ResolveTerms() {
  std::vector<std::string> missing;
  for (const auto& terms : terms_) {
    for (const auto& t : terms) {
      if (!term_ids_.contains(t)) missing.push_back(t);
    }
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  std::vector<Value> params;
  for (size_t start = 0; start < missing.size(); start += kTermsPerStatement) {
    const size_t n = std::min(kTermsPerStatement, missing.size() - start);
    params.assign(missing.begin() + static_cast<std::ptrdiff_t>(start),
                  missing.begin() + static_cast<std::ptrdiff_t>(start + n));
    const std::string insert =
        "INSERT INTO name_terms (term) VALUES " + Values(1, n) + " ON CONFLICT (term) DO NOTHING";
    LB_TRY(added, tx_.Exec(insert, std::span<const Value>(params)));
    (void)added;
    std::string select = "SELECT id, term FROM name_terms WHERE term IN (";
    for (size_t i = 0; i < n; ++i) select += (i ? ", $" : "$") + std::to_string(i + 1);
    select += ")";
    auto rows = tx_.conn().Query(select, params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    for (const auto& r : *rows) term_ids_.emplace(r.Str(1), r.Int(0));
  }
  return {};
}

core::Status PersonBulkWriter::Flush() {
  if (persons_.empty()) return {};
  LB_TRY(refs, NameRefs(persons_.size()));
  std::vector<Value> params;
  for (size_t start = 0; start < persons_.size(); start += kPersonsPerStatement) {
    const size_t n = std::min(kPersonsPerStatement, persons_.size() - start);
    params.clear();
    params.reserve(n * 18);
    for (size_t i = start; i < start + n; ++i) {
      const Person& p = persons_[i];
      params.insert(params.end(),
                    {p.id, p.family_name, p.given_names, storage::Opt(p.native_name), p.sex, storage::Opt(p.birth_date),
                     p.nationality, storage::Opt(p.home_province), storage::Opt(p.phone), p.status, p.version,
                     p.owner_node, p.created_at, p.updated_at, storage::Opt(p.scope.country),
                     storage::Opt(p.scope.province), storage::Opt(p.scope.org), refs[i]});
    }
    LB_TRY(written, tx_.Exec(std::string(kPersonInsertHead) + Values(18, n), std::span<const Value>(params)));
    (void)written;
  }
  params.clear();
  size_t rows = 0;
  auto write_documents = [&]() -> core::Status {
    if (rows == 0) return {};
    LB_TRY(written, tx_.Exec(std::string(kDocumentInsertHead) + Values(6, rows), std::span<const Value>(params)));
    (void)written;
    params.clear();
    rows = 0;
    return {};
  };
  for (const Person& p : persons_) {
    int64_t seq = 0;
    for (const auto& d : p.documents) {
      params.insert(params.end(), {p.id, ++seq, d.kind, d.number, d.issuing_country, storage::Opt(d.expires)});
      if (++rows == kDocumentsPerStatement) LB_CHECK(write_documents());
    }
  }
  LB_CHECK(write_documents());
  LB_CHECK(ResolveTerms());
  for (size_t i = 0; i < persons_.size(); ++i) {
    for (const auto& t : terms_[i]) {
      const auto it = term_ids_.find(t);
      if (it == term_ids_.end()) return core::Fail(core::Error::Internal("name term missing after insert"));
      if (it->second < 0 || it->second > UINT32_MAX || refs[i] < 0 || refs[i] > UINT32_MAX) {
        return core::Fail(core::Error::Internal("name term id or name_ref out of range"));
      }
      postings_.push_back(static_cast<uint64_t>(it->second) << 32 | static_cast<uint64_t>(refs[i]));
    }
  }
  persons_.clear();
  terms_.clear();
  if (postings_.size() >= kMaxKeptPostings) LB_CHECK(WritePostings());
  return {};
}

core::Status PersonBulkWriter::WritePostings() {
  // Sorted, so each statement walks the (term, ref) B-tree forward: a first load appends.
  std::sort(postings_.begin(), postings_.end());
  postings_.erase(std::unique(postings_.begin(), postings_.end()), postings_.end());
  std::vector<Value> params;
  for (size_t start = 0; start < postings_.size(); start += kPostingsPerStatement) {
    const size_t n = std::min(kPostingsPerStatement, postings_.size() - start);
    params.clear();
    params.reserve(n * 2);
    for (size_t i = start; i < start + n; ++i) {
      params.emplace_back(static_cast<int64_t>(postings_[i] >> 32));
      params.emplace_back(static_cast<int64_t>(postings_[i] & 0xFFFFFFFFu));
    }
    LB_TRY(added, tx_.Exec("INSERT INTO person_name_terms (term_id, ref) VALUES " + Values(2, n),
                           std::span<const Value>(params)));
    (void)added;
  }
  postings_.clear();
  postings_.shrink_to_fit();
  return {};
}

core::Status PersonBulkWriter::Finish() {
  LB_CHECK(Flush());
  return WritePostings();
}

}  // namespace lb::registry
