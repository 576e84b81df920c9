#pragma once
// Server configuration: defaults, then a TOML file, then command-line flags.
#include <cstddef>
#include <string>

#include "core/error.h"

namespace lb::core {

struct Config {
  std::string db_url = "sqlite:labourbridge.db";
  std::string listen = "127.0.0.1:8080";
  std::string node = "VN";          // VN or LA: the sovereign node this server is
  std::string time_zone;            // IANA zone for the dates people see and "today" ("" = DefaultZoneFor(node))
  unsigned threads = 0;             // I/O threads; 0 = number of cores
  unsigned workers = 0;             // handler threads for reads; 0 = WorkerCount's default
  size_t body_limit = 1024 * 1024;  // bytes
  size_t import_body_limit = 128ull << 20;  // bytes a file uploaded for import may have
  unsigned read_timeout_seconds = 30;
  unsigned max_uploads = 2;            // uploads over body_limit received or handled at once
  size_t min_upload_rate = 64 * 1024;  // bytes a body must bring in every 10-second window
  std::string upload_dir;              // where large uploads are spooled ("" = the system temp dir)
  unsigned shutdown_grace_seconds = 10;
  std::string log_level = "info";
  std::string node_key_file = "labourbridge-node.key";  // Ed25519 key that signs audit checkpoints
  bool access_log = true;
  unsigned expiry_interval_minutes = 60;  // how often lapsed work permits are recorded as expired
};

// Reads keys from a TOML file into `config` (unknown keys are an error).
Status LoadConfigFile(const std::string& path, Config& config);

// Checks values (node, listen address, limits).
Status ValidateConfig(const Config& config);

// The I/O threads and the read workers a config asks for, a 0 resolved from the core count:
// one I/O thread per core; twice the cores in workers, at least 4, since a handler also waits
// (on PostgreSQL's answers, on a commit it reads behind) and another can use the core meanwhile.
unsigned IoThreadCount(const Config& config);
unsigned WorkerCount(const Config& config);

// Splits "host:port" (or "[v6]:port").
Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen);

}  // namespace lb::core
