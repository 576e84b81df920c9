#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "app/commands.h"
#include "platform/audit/audit_log.h"
#include "platform/audit/checkpoint.h"
#include "platform/audit/signing.h"
#include "platform/audit/verify.h"

namespace lb::app {
namespace {

struct AuditArgs {
  std::string key;              // --key: overrides the config's node_key_file
  std::string out;              // checkpoint --out
  std::string from_checkpoint;  // verify --from-checkpoint
  std::string entity, actor;    // list filters
  int64_t after = 0;
  int limit = 20;
  bool json = false;
};

std::string KeyPath(const AuditArgs& a, const core::Config& config) {
  return a.key.empty() ? config.node_key_file : a.key;
}

core::Result<audit::Checkpoint> ReadCheckpointFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Fail(core::Error::NotFound("cannot read checkpoint file " + path));
  std::stringstream ss;
  ss << in.rdbuf();
  auto c = audit::Checkpoint::FromText(ss.str());
  if (!c) {
    c.error().message = path + ": " + c.error().message;
    return core::Fail(c.error());
  }
  return c;
}

int RunCheckpoint(const AuditArgs& a, storage::Database& db, const core::Clock& clock, const core::Config& config) {
  auto key = audit::NodeKey::LoadOrCreate(KeyPath(a, config));
  if (!key) return Report(key.error());
  auto c = audit::CreateCheckpoint(db, clock, *key, config.node);
  if (!c) return Report(c.error());
  const std::string doc = c->ToJson().dump(2) + "\n";
  if (a.out.empty()) {
    std::fputs(doc.c_str(), stdout);
  } else {
    std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
    out << doc;
    out.close();
    if (!out) {
      return Report(core::Error{core::ErrorCode::kInternal, "cannot write checkpoint file " + a.out, {}, {}});
    }
  }
  std::fprintf(stderr, "checkpoint signed at entry %lld%s%s\n", static_cast<long long>(c->seq),
               a.out.empty() ? "" : "; written to ", a.out.c_str());
  return kExitOk;
}

int RunVerify(const AuditArgs& a, storage::Database& db, const core::Config& config) {
  audit::VerifyOptions options;
  const std::string key_path = KeyPath(a, config);
  if (auto key = audit::NodeKey::Load(key_path)) {
    options.trusted_public_keys.push_back(key->PublicKeyHex());
  } else if (key.error().code != core::ErrorCode::kNotFound || !a.key.empty()) {
    return Report(key.error());  // a key that is there but unusable, or a --key that is not there
  } else {
    std::fprintf(stderr, "note: no node key at %s; stored checkpoints are checked against the keys stored with them\n",
                 key_path.c_str());
  }
  if (!a.from_checkpoint.empty()) {
    auto c = ReadCheckpointFile(a.from_checkpoint);
    if (!c) return Report(c.error());
    options.checkpoint_file = std::move(*c);
  }
  auto report = audit::Verify(db, options);
  if (!report) return Report(report.error());
  if (!report->intact()) {
    std::fprintf(stderr, "labourbridge: error: audit log does not verify: %s\n", report->message.c_str());
    return kExitRejected;
  }
  std::printf("%s\n", report->message.c_str());
  std::fprintf(stderr, "%lld signed checkpoint%s verified\n", static_cast<long long>(report->checkpoints),
               report->checkpoints == 1 ? "" : "s");
  return kExitOk;
}

int RunList(const AuditArgs& a, storage::Database& db, const core::Clock& clock, const core::Config& config) {
  audit::AuditLog log(db, clock, config.node);
  audit::AuditLog::Filter f;
  if (!a.entity.empty()) {
    const auto colon = a.entity.find(':');
    f.entity_type = a.entity.substr(0, colon);
    if (colon != std::string::npos) f.entity_id = a.entity.substr(colon + 1);
    if (f.entity_type->empty() || (f.entity_id && f.entity_id->empty())) {
      return Report(core::Error::Field("entity", "invalid", "--entity must be TYPE or TYPE:ID"));
    }
  }
  if (!a.actor.empty()) f.actor = a.actor;
  f.limit = a.limit;
  // Without --after, the newest entries (shown oldest first); with it, the entries after it.
  if (a.after > 0) {
    f.after_seq = a.after;
  } else {
    f.newest_first = true;
  }
  auto entries = log.List(f);
  if (!entries) return Report(entries.error());
  if (f.newest_first) std::reverse(entries->begin(), entries->end());
  if (a.json) {
    for (const auto& e : *entries) std::printf("%s\n", audit::ToJson(e).dump().c_str());
    return kExitOk;
  }
  std::printf("%-8s  %-24s  %-4s  %-20s  %-20s  %s\n", "SEQ", "AT", "NODE", "ACTOR", "ACTION", "ENTITY");
  for (const auto& e : *entries) {
    std::printf("%-8lld  %-24s  %-4s  %-20s  %-20s  %s:%s\n", static_cast<long long>(e.seq), e.at.c_str(),
                e.node.c_str(), e.event.actor.c_str(), e.event.action.c_str(), e.event.entity_type.c_str(),
                e.event.entity_id.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddAuditCommands(CLI::App& app, CommandTable& table) {
  auto args = std::make_shared<AuditArgs>();
  auto* audit = app.add_subcommand("audit", "the tamper-evident audit log: list, checkpoint, verify");
  audit->require_subcommand(1);
  auto add_key = [&](CLI::App* sub) {
    sub->add_option("--key", args->key, "node key file (default: the config's node_key_file, labourbridge-node.key)");
  };

  auto* checkpoint = audit->add_subcommand(
      "checkpoint", "sign the head of the audit log with the node key and print the checkpoint (JSON)");
  add_key(checkpoint);
  checkpoint->add_option("--out", args->out, "write the checkpoint file here instead of to stdout");
  table.Add(checkpoint, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    return RunCheckpoint(*args, db, clock, config);
  });

  auto* verify = audit->add_subcommand(
      "verify", "recompute the hash chain and check every signed checkpoint; exit 2 naming the first bad entry");
  add_key(verify);
  verify->add_option("--from-checkpoint", args->from_checkpoint,
                     "a checkpoint file kept off the server: the log must still hold the entry it signed");
  table.Add(verify, [args](storage::Database& db, const core::Clock&, const core::Config& config) {
    return RunVerify(*args, db, config);
  });

  auto* list = audit->add_subcommand("list", "show audit entries, newest last");
  list->add_option("--entity", args->entity, "only entries about TYPE or TYPE:ID (e.g. person:0190...)");
  list->add_option("--actor", args->actor, "only entries by this actor");
  list->add_option("--after", args->after, "entries after this seq (default: the newest)")
      ->check(CLI::NonNegativeNumber);
  list->add_option("--limit", args->limit, "how many entries")->check(CLI::Range(1, 1000))->capture_default_str();
  list->add_flag("--json", args->json, "one JSON object per line, with changes and hashes");
  table.Add(list, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    return RunList(*args, db, clock, config);
  });
}

}  // namespace lb::app
