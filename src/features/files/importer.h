#pragma once
// Bulk import: every row through the registry's own validation, matched to existing records
// by natural key (so a second run changes nothing), all in one write transaction so that a
// failed, rejected or killed import leaves the database as it was.
#include <functional>

#include "core/clock.h"
#include "features/files/table.h"
#include "features/registry/service.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"

namespace lb::files {

struct ImportOptions {
  Kind kind = Kind::kPersons;
  bool dry_run = false;       // validate and match, then roll back
  bool skip_invalid = false;  // write the valid rows, report the rest (default: all or nothing)
  // A person whose document matches nobody is checked against the registry's duplicate
  // scorer (names, birth date, documents); a probable duplicate is reported, not created,
  // unless the clerk confirms these are new persons.
  bool confirm_new = false;
  // From this many rows (estimated from the file's size) a persons import into a registry
  // holding no more persons than that drops the name-search indexes and builds them again at
  // the end, which is several times faster than updating them row by row (SQLite only).
  uint64_t rebuild_indexes_from = 20000;
  // Persons files: new persons are written with multi-row statements and checked for
  // duplicates in batches of rows (registry/bulk.h, registry/matching/bulk_duplicates.h) —
  // the same records, audit entries, issues and outcome as one by one. Off: one by one (the
  // tests compare the two).
  bool bulk = true;
  // The clock the registry and the audit log run on (ids, record times and audit times of the
  // persons the bulk path creates); the system clock when null, as in the server and the CLI.
  const core::Clock* clock = nullptr;
  // Run inside the write transaction just before it commits; a failure rolls the import back.
  // The node's jobs check there that their user was not disabled while the import ran (on
  // PostgreSQL an import blocked at its first write has read all of a small file, so no check
  // before a row follows a disable made while it waited).
  std::function<core::Status()> before_commit;
};

struct ImportSummary {
  int64_t rows = 0;  // data rows read
  int64_t created = 0, updated = 0, unchanged = 0, invalid = 0;
  bool committed = false;  // false for a dry run or a rejected file
};

struct ImportProgress {
  int64_t rows = 0;
  uint64_t done = 0, total = 0;  // input consumed of total (bytes; total 0 when unknown)
  bool finished = false;
  // Every row is written; the name-search indexes are being built (a large first load), which
  // takes a few seconds per 100,000 rows and reads no more input.
  bool building_indexes = false;
};

// Receives every problem as it is found (the CLI prints and writes them; a web page would
// collect them). Called from the importing thread.
using IssueSink = std::function<void(const Issue&)>;
// Called about every 2,000 rows and at the end.
using ProgressSink = std::function<void(const ImportProgress&)>;

// The registry record a kind of file holds (whose write permission an import needs).
registry::RegistryRecord RecordOf(Kind kind);

class Importer {
 public:
  Importer(storage::Database& db, registry::RegistryService& registry, audit::AuditLog* audit)
      : db_(db), registry_(registry), audit_(audit) {}

  // Runs an import as `actor` (whose role must allow writing the kind, and whose scope the
  // new records get). The file is rejected (kValidation, nothing written) when its header is
  // wrong, or when a row is invalid and skip_invalid is off; the summary then still counts
  // the rows (through `summary`, when given). Other errors (database) fail the whole import.
  core::Result<ImportSummary> Run(const access::Principal& actor, TableSource& source, const ImportOptions& options,
                                  const IssueSink& issues, const ProgressSink& progress = {},
                                  ImportSummary* summary = nullptr);

 private:
  storage::Database& db_;
  registry::RegistryService& registry_;
  audit::AuditLog* audit_;
};

}  // namespace lb::files
