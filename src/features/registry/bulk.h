#pragma once
// Bulk creation of persons (issue 16): many new persons written in one caller-owned write
// transaction with multi-row statements — the records, their documents and their name-index
// postings — instead of a handful of statements per person. The records and their audit
// events are exactly what RegistryService::InsertPersonIn would write one by one
// (PrepareNewPerson completes them); the caller appends the events in the
// same transaction, so nothing is less durable or less audited.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "features/registry/model.h"
#include "platform/access/principal.h"
#include "platform/audit/encoded.h"
#include "storage/database.h"

namespace lb::registry {

// The canonical JSON (audit::CanonicalJson's bytes) of a person's creation changes: every
// non-null field of the audit form as {"after": value, "before": null}, keys sorted, written
// directly rather than through a JSON tree.
std::string PersonCreationChanges(const Person& p);

// Completes a validated new person exactly as RegistryService::InsertPersonIn does (id, status,
// version, owner node, times, scope; `clock` and `node` are the registry's) without writing
// it, and returns its person.create event with the changes encoded directly (the same bytes).
audit::EncodedEvent PrepareNewPerson(const core::Clock& clock, const std::string& node, const access::Principal& actor,
                                     Person& valid);

// The distinct name-index terms of a person (the store's own: kind letter, then the text).
std::vector<std::string> PersonNameTerms(const Person& p);

class PersonBulkWriter {
 public:
  explicit PersonBulkWriter(storage::Transaction& tx) : tx_(tx) {}

  // Queues a completed new person (PrepareNewPerson) with its name terms
  // (PersonNameTerms; computed by the caller, possibly on another thread).
  void Add(Person p, std::vector<std::string> terms);
  size_t queued() const { return persons_.size(); }
  // Postings kept for Finish.
  size_t kept_postings() const { return postings_.size(); }

  // Writes the queued persons and their documents, and gives them their name_refs and terms;
  // their postings are kept and written sorted by Finish (or once enough have gathered).
  core::Status Flush();
  // Flushes, then writes every posting kept, in (term, ref) order. Call before committing.
  core::Status Finish();

 private:
  core::Status WritePostings();
  core::Result<std::vector<int64_t>> NameRefs(size_t n);
  core::Status ResolveTerms();

  storage::Transaction& tx_;
  std::vector<Person> persons_;
  std::vector<std::vector<std::string>> terms_;
  std::unordered_map<std::string, int64_t> term_ids_;  // every term this writer has met
  std::vector<uint64_t> postings_;                     // term id << 32 | name_ref
  int64_t next_ref_ = 0;                               // SQLite: the next name_ref (0: not read yet)
};

}  // namespace lb::registry
