#pragma once
// The bulk exchange API: uploads that start an import job (/api/v1/imports), the job and its
// issue report, and downloads of the registry as CSV or XLSX (/api/v1/exports/{kind}).
#include "features/files/exporter.h"
#include "features/files/jobs.h"
#include "features/registry/api.h"
#include "http/router.h"

namespace lb::files {

struct ExchangeApi {
  ImportJobs& jobs;
  registry::RegistryService& registry;
  storage::Database& db;
  audit::AuditLog* audit;
  const core::Clock& clock;
  size_t import_body_limit;  // bytes an upload may have (serve --import-body-limit)
};

void RegisterExchangeRoutes(http::Router& router, const ExchangeApi& api, const registry::Authenticate& auth);

// The JSON form of a job (also what the upload page's script reads).
nlohmann::json ToJson(const ImportJob& job);

// Which filters each kind's export takes (the list API's), and the ExportOptions for a query.
// Unknown parameters and bad values are 422 naming the parameter.
core::Result<ExportOptions> ReadExportQuery(Kind kind, const http::Request& req, bool* bom, std::string* format);

// Writes an export to a private temporary file and answers it as a download (the server
// streams the file and removes it).
core::Result<http::Response> ExportDownload(Exporter& exporter, const access::Principal& who,
                                            const ExportOptions& options, const std::string& format, bool bom,
                                            const core::Clock& clock);

}  // namespace lb::files
