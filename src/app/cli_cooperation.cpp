// Cooperation commands: load the real history, attach a signed file, produce the period
// evaluation report.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "features/cooperation/report/evaluation.h"
#include "features/cooperation/seed.h"
#include "features/cooperation/service.h"
#include "platform/audit/audit_log.h"
#include "server/node.h"

namespace lb::app {

void AddCooperationCommands(CLI::App& app, CommandTable& table) {
  struct Args {
    cooperation::EvaluationRequest report;
    std::string output;
    std::string agreement, file;
  };
  auto args = std::make_shared<Args>();

  auto* seed = app.add_subcommand("seed", "load reference data into the database");
  seed->require_subcommand(1);
  auto* seed_coop = seed->add_subcommand(
      "cooperation", "load the real history of the cooperation (ministries, conferences, agreements, commitments)");
  table.Add(seed_coop, [](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    audit::AuditLog audit(db, clock, config.node);
    cooperation::CooperationService svc(db, clock, &audit);
    auto s = cooperation::LoadSeed(svc, access::Principal::System(config.node));
    if (!s) return Report(s.error());
    std::printf(
        "cooperation seed: %d organisations, %d successions, %d conferences, %d agreements, %d commitments "
        "(%d progress updates), %d twinnings loaded; %d already present\n",
        s->organisations, s->successions, s->conferences, s->agreements, s->commitments, s->progress, s->twinnings,
        s->skipped);
    return kExitOk;
  });

  auto* report = app.add_subcommand("report", "produce reports");
  report->require_subcommand(1);
  auto* evaluation = report->add_subcommand("evaluation", "the period evaluation report (PDF or XLSX)");
  evaluation->add_option("--from", args->report.from, "first day of the period, YYYY-MM-DD")->required();
  evaluation->add_option("--to", args->report.to, "last day of the period, YYYY-MM-DD")->required();
  evaluation->add_option("--lang", args->report.lang, "language: vi, lo or en")->capture_default_str();
  evaluation->add_option("--format", args->report.format, "pdf or xlsx")->capture_default_str();
  evaluation->add_option("-o,--output", args->output, "file to write (default: evaluation-FROM-TO-LANG.FORMAT)");
  table.Add(evaluation, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    if (auto errors = cooperation::ValidateRequest(args->report); !errors.empty()) {
      return Report(core::Error::Validation(std::move(errors)));
    }
    cooperation::CooperationService svc(db, clock);
    registry::RegistryService registry(db, clock, config.node);
    svc.SetRegistryFigures(server::RegistryFiguresOf(registry));
    auto bytes = cooperation::RenderEvaluation(svc, access::Principal::System(config.node), args->report);
    if (!bytes) return Report(bytes.error());
    const std::string out = args->output.empty() ? "evaluation-" + args->report.from + "-" + args->report.to + "-" +
                                                       args->report.lang + "." + args->report.format
                                                 : args->output;
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    f.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    f.close();
    if (!f) return Report(core::Error::Internal("cannot write " + out));
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", out.c_str(), bytes->size());
    return kExitOk;
  });

  auto* coop = app.add_subcommand("cooperation", "cooperation records");
  coop->require_subcommand(1);
  auto* attach = coop->add_subcommand("attach", "attach a signed PDF to an agreement");
  attach->add_option("--agreement", args->agreement, "the agreement's id")->required();
  attach->add_option("--file", args->file, "the signed PDF")->required();
  table.Add(attach, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(args->file, ec);
    if (ec) return Report(core::Error::Field("file", "unreadable", "cannot read " + args->file + ": " + ec.message()));
    std::ifstream in(args->file, std::ios::binary);
    audit::AuditLog audit(db, clock, config.node);
    cooperation::CooperationService svc(db, clock, &audit);
    // The size from the file system is checked before a byte is read.
    cooperation::Upload up{std::filesystem::path(args->file).filename().string(), static_cast<int64_t>(size), &in};
    auto a = svc.AddAttachment(access::Principal::System(config.node), args->agreement, up);
    if (!a) return Report(a.error());
    std::printf("%s\n", a->id.c_str());
    std::fprintf(stderr, "attached %s (%lld bytes, sha256 %s)\n", a->file_name.c_str(), static_cast<long long>(a->size),
                 a->sha256.c_str());
    return kExitOk;
  });
}

}  // namespace lb::app
