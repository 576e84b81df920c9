// import, export (features/files), backup and restore (storage/backup).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/commands.h"
#include "features/files/columns.h"
#include "features/files/exporter.h"
#include "features/files/importer.h"
#include "features/files/progress.h"
#include "features/files/xlsx_reader.h"
#include "features/registry/service.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "storage/backup.h"

namespace lb::app {
namespace {

constexpr size_t kIssuesOnScreen = 50;

std::optional<files::Kind> ParseKind(const std::string& s) {
  if (s == "persons") return files::Kind::kPersons;
  if (s == "employers") return files::Kind::kEmployers;
  if (s == "permits") return files::Kind::kPermits;
  return std::nullopt;
}

// The user the command acts as: the audit log names them, and their role and scope apply.
core::Result<access::Principal> ActingUser(storage::Database& db, const core::Clock& clock, const std::string& name) {
  audit::AuditLog audit(db, clock, "");  // only looked up here: nothing is appended
  access::UserService users(db, clock, audit);
  LB_TRY(user, users.FindByName(name));
  if (!user || user->status != "active") {
    return core::Fail(core::Error::Field("user", "unknown_user", "--user names no active user ('" + name + "')."));
  }
  return user->AsPrincipal();
}

std::string IssueLine(const files::Issue& i) {
  std::string line = "row " + std::to_string(i.row);
  if (!i.column.empty()) line += ", column " + i.column;
  if (!i.value.empty()) line += " (\"" + i.value + "\")";
  return line + ": " + i.code + ": " + i.message;
}

struct ImportArgs {
  std::string kind, file, user, report;
  std::optional<std::string> sheet;
  bool dry_run = false, skip_invalid = false, quiet = false, confirm_new = false;
};

int RunImport(const ImportArgs& a, storage::Database& db, const core::Clock& clock, const core::Config& config) {
  const auto kind = ParseKind(a.kind);
  if (!kind) return Report(core::Error::Field("kind", "invalid_value", "KIND must be persons, employers or permits."));
  auto actor = ActingUser(db, clock, a.user);
  if (!actor) return Report(actor.error());
  auto source = files::OpenTable(a.file, a.sheet);
  if (!source) return Report(source.error());

  std::FILE* report = nullptr;
  if (!a.report.empty()) {
    report = std::fopen(a.report.c_str(), "wb");
    if (!report) {
      return Report(core::Error::Field("report", "cannot_open", "The report file cannot be written."));
    }
    std::fputs("row,column,value,code,message\r\n", report);
  }
  size_t shown = 0, total_issues = 0;
  auto sink = [&](const files::Issue& i) {
    ++total_issues;
    if (shown < kIssuesOnScreen) {
      std::fprintf(stderr, "%s\n", IssueLine(i).c_str());
      ++shown;
    }
    if (report) {
      std::string line = std::to_string(i.row) + ",";
      files::AppendCsvCell(line, i.column, true);
      line += ',';
      files::AppendCsvCell(line, i.value, true);
      line += ',' + i.code + ',';
      files::AppendCsvCell(line, i.message, true);
      line += "\r\n";
      std::fwrite(line.data(), 1, line.size(), report);
    }
  };
  files::ProgressMeter meter(stderr, "import", isatty(STDERR_FILENO));
  auto progress = [&](const files::ImportProgress& p) {
    if (a.quiet) return;
    if (p.building_indexes) return meter.Note("all rows written; building the name-search indexes");
    meter.Update(p.rows, p.done, p.total, p.finished);
  };

  audit::AuditLog audit(db, clock, config.node);
  registry::RegistryService registry(db, clock, config.node, &audit);
  files::Importer importer(db, registry, &audit);
  files::ImportOptions options{*kind, a.dry_run, a.skip_invalid, a.confirm_new};
  files::ImportSummary summary;
  auto r = importer.Run(*actor, **source, options, sink, progress, &summary);
  if (report) std::fclose(report);
  if (total_issues > shown) {
    std::fprintf(stderr, "... and %zu more problems%s\n", total_issues - shown,
                 report ? " (all are in the report)" : " (write them all with --report FILE)");
  }
  std::printf("%s: %lld rows: %lld created, %lld updated, %lld unchanged, %lld invalid%s\n", a.kind.c_str(),
              static_cast<long long>(summary.rows), static_cast<long long>(summary.created),
              static_cast<long long>(summary.updated), static_cast<long long>(summary.unchanged),
              static_cast<long long>(summary.invalid),
              a.dry_run ? " (dry run: nothing written)" : (summary.committed ? "" : " (nothing written)"));
  if (!r) return Report(r.error());
  if (a.dry_run && summary.invalid > 0 && !a.skip_invalid) {
    // What the real run would do: reject the file (exit 2), so scripts can check first.
    return Report(core::Error::Field(
        "file", "invalid_rows", std::to_string(summary.invalid) + " rows are invalid; the import would be rejected."));
  }
  return kExitOk;
}

struct ExportArgs {
  std::string kind, user, format = "csv", lang = "en", out;
  bool bom = false, quiet = false;
  std::optional<std::string> nationality, province, status, country, host_country, expiring_before;
};

int RunExport(const ExportArgs& a, storage::Database& db, const core::Clock& clock, const core::Config& config) {
  const auto kind = ParseKind(a.kind);
  if (!kind) return Report(core::Error::Field("kind", "invalid_value", "KIND must be persons, employers or permits."));
  const auto lang = files::ParseLang(a.lang);
  if (!lang) return Report(core::Error::Field("lang", "invalid_value", "--lang must be en, vi or lo."));
  if (a.format != "csv" && a.format != "xlsx") {
    return Report(core::Error::Field("format", "invalid_value", "--format must be csv or xlsx."));
  }
  if (a.format == "xlsx" && a.out.empty()) {
    return Report(core::Error::Field("output", "required", "XLSX export needs -o FILE (it cannot go to a pipe)."));
  }
  auto actor = ActingUser(db, clock, a.user);
  if (!actor) return Report(actor.error());

  files::ExportOptions options;
  options.kind = *kind;
  options.lang = *lang;
  options.format = a.format;
  options.persons = {a.nationality, a.province, a.status};
  options.employers = {a.country, a.province, a.status};
  options.permits.status = a.status;
  options.permits.host_country = a.host_country;
  options.permits.province = a.province;
  options.permits.expiring_before = a.expiring_before;

  std::unique_ptr<files::RowSink> sink;
  std::FILE* out = nullptr;
  if (a.format == "xlsx") {
    auto s = files::MakeXlsxSink(a.out, *kind);
    if (!s) return Report(s.error());
    sink = std::move(*s);
  } else {
    out = a.out.empty() ? stdout : std::fopen(a.out.c_str(), "wb");
    if (!out) return Report(core::Error::Field("output", "cannot_open", "The output file cannot be written."));
    sink = files::MakeCsvSink(out, a.bom);
  }
  files::ProgressMeter meter(stderr, "export", isatty(STDERR_FILENO));
  auto progress = [&](int64_t rows) {
    if (!a.quiet && !a.out.empty()) meter.Update(rows, 0, 0, false);
  };
  audit::AuditLog audit(db, clock, config.node);
  registry::RegistryService registry(db, clock, config.node, &audit);
  files::Exporter exporter(db, registry, &audit);
  auto n = exporter.Run(*actor, options, *sink, progress);
  sink.reset();
  if (out && out != stdout) std::fclose(out);
  if (!n) {
    if (!a.out.empty()) std::filesystem::remove(a.out);
    return Report(n.error());
  }
  if (!a.quiet && !a.out.empty()) meter.Update(*n, 0, 0, true);
  std::fprintf(stderr, "%s: %lld rows exported\n", a.kind.c_str(), static_cast<long long>(*n));
  return kExitOk;
}

}  // namespace

void AddExchangeCommands(CLI::App& app, CommandTable& table) {
  auto ia = std::make_shared<ImportArgs>();
  auto* imp = app.add_subcommand("import", "import persons, employers or permits from a CSV, XLSX or ODS file");
  imp->add_option("kind", ia->kind, "persons, employers or permits")->required();
  imp->add_option("file", ia->file, "the CSV (UTF-8 or UTF-16), XLSX or ODS file")->required();
  imp->add_option("--user", ia->user, "the user the import acts as (their role and scope apply; the audit names them)")
      ->required();
  imp->add_flag("--dry-run", ia->dry_run, "validate and match only; write nothing");
  imp->add_flag("--skip-invalid", ia->skip_invalid, "import the valid rows and report the others");
  imp->add_flag("--confirm-new", ia->confirm_new,
                "persons: register rows that look like already registered persons as new ones");
  imp->add_option("--report", ia->report, "write every problem to this CSV file");
  imp->add_option("--sheet", ia->sheet, "the XLSX or ODS sheet to read (default: the first)");
  imp->add_flag("--quiet", ia->quiet, "no progress output");
  table.Add(imp, [ia](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    return RunImport(*ia, db, clock, config);
  });

  auto ea = std::make_shared<ExportArgs>();
  auto* exp = app.add_subcommand("export", "export persons, employers or permits as CSV or XLSX");
  exp->add_option("kind", ea->kind, "persons, employers or permits")->required();
  exp->add_option("--user", ea->user, "the user the export acts as (only what they may see is exported)")->required();
  exp->add_option("--format", ea->format, "csv or xlsx")->capture_default_str();
  exp->add_flag("--bom", ea->bom, "start the CSV with a UTF-8 byte-order mark (for Excel)");
  exp->add_option("--lang", ea->lang, "header language: en, vi or lo")->capture_default_str();
  exp->add_option("-o,--output", ea->out, "output file (CSV default: standard output)");
  exp->add_option("--nationality", ea->nationality, "persons: nationality (ISO 3166-1 alpha-2)");
  exp->add_option("--province", ea->province, "home province, employer province or permit host province");
  exp->add_option("--status", ea->status, "record status");
  exp->add_option("--country", ea->country, "employers: country");
  exp->add_option("--host-country", ea->host_country, "permits: host country");
  exp->add_option("--expiring-before", ea->expiring_before, "permits: valid_until before this date");
  exp->add_flag("--quiet", ea->quiet, "no progress output");
  table.Add(exp, [ea](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    return RunExport(*ea, db, clock, config);
  });

  auto file = std::make_shared<std::string>();
  auto* backup = app.add_subcommand("backup", "write a backup of the database (safe while the server runs)");
  backup->add_option("file", *file, "the backup file to create")->required();
  table.Add(backup, [file](storage::Database&, const core::Clock&, const core::Config& config) {
    auto s = storage::Backup(config.db_url, *file);
    if (!s) return Report(s.error());
    std::fprintf(stderr, "backup written to %s (%lld bytes, %s)\n", file->c_str(), static_cast<long long>(s->bytes),
                 s->method.c_str());
    return kExitOk;
  });

  auto* restore = app.add_subcommand("restore", "restore a backup into an empty database");
  restore->add_option("file", *file, "the backup file")->required();
  table.Add(restore, [file](storage::Database& db, const core::Clock&, const core::Config& config) {
    if (auto r = storage::Restore(db, config.db_url, *file); !r) return Report(r.error());
    std::fprintf(stderr, "restored %s; run 'labourbridge audit verify' to check the audit chain\n", file->c_str());
    return kExitOk;
  });
}

}  // namespace lb::app
