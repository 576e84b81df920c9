#pragma once
// Bulk export: the records an actor may see, streamed page by page in one read snapshot to a
// CSV or XLSX writer, in constant memory. One audit entry records who exported how many rows.
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "features/files/columns.h"
#include "features/registry/service.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"

namespace lb::files {

// Receives the header and then the rows.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual core::Status Header(const std::vector<std::string>& names) = 0;
  virtual core::Status Row(const std::vector<std::string>& cells) = 0;
  virtual core::Status Finish() = 0;
};

// RFC 4180 CSV (CRLF line ends, quotes where needed), UTF-8 with an optional byte-order mark
// (Excel needs it to read UTF-8). A cell starting with = + - @ tab or CR gets a leading
// apostrophe so no spreadsheet runs it as a formula (OWASP "CSV injection"); the importer
// removes exactly that apostrophe again.
std::unique_ptr<RowSink> MakeCsvSink(std::FILE* out, bool bom);
// XLSX through libxlsxwriter in constant-memory mode: bold frozen header, column widths; cells
// are text cells (never formulas). Over 1,048,575 rows continue on another sheet.
core::Result<std::unique_ptr<RowSink>> MakeXlsxSink(const std::string& path, Kind kind);

// Quotes one CSV cell as MakeCsvSink does (for the import report too).
void AppendCsvCell(std::string& out, std::string_view cell, bool guard_formulas);

struct ExportOptions {
  Kind kind = Kind::kPersons;
  Lang lang = Lang::kEn;
  std::string format = "csv";  // for the audit entry
  registry::PersonFilter persons;
  registry::EmployerFilter employers;
  registry::PermitFilter permits;
};

class Exporter {
 public:
  Exporter(storage::Database& db, registry::RegistryService& registry, audit::AuditLog* audit)
      : db_(db), registry_(registry), audit_(audit) {}
  // Writes every visible record; returns the number of rows. `progress` gets the rows so far.
  core::Result<int64_t> Run(const access::Principal& actor, const ExportOptions& options, RowSink& sink,
                            const std::function<void(int64_t)>& progress = {});

 private:
  storage::Database& db_;
  registry::RegistryService& registry_;
  audit::AuditLog* audit_;
};

}  // namespace lb::files
