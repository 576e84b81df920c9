#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <thread>

#include "core/local_time.h"

namespace lb::core {

namespace {
constexpr int64_t kMaxWorkers = 1024;
}  // namespace

Status LoadConfigFile(const std::string& path, Config& config) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Fail({ErrorCode::kValidation, "config file " + path + ": " + std::string(e.description()), {}, {}});
  }
  for (auto&& [key, value] : t) {
    const std::string k(key.str());
    auto bad = [&](const std::string& want) {
      return Fail(Error{ErrorCode::kValidation, "config file " + path + ": key '" + k + "' must be " + want, {}, {}});
    };
    if (k == "db") {
      if (!value.is_string()) return bad("a string");
      config.db_url = *value.value<std::string>();
    } else if (k == "listen") {
      if (!value.is_string()) return bad("a string");
      config.listen = *value.value<std::string>();
    } else if (k == "node") {
      if (!value.is_string()) return bad("a string");
      config.node = *value.value<std::string>();
    } else if (k == "time_zone") {
      if (!value.is_string()) return bad("a string");
      config.time_zone = *value.value<std::string>();
    } else if (k == "threads") {
      if (!value.is_integer() || *value.value<int64_t>() < 0) return bad("a non-negative integer");
      config.threads = static_cast<unsigned>(*value.value<int64_t>());
    } else if (k == "workers") {
      if (!value.is_integer() || *value.value<int64_t>() < 0 || *value.value<int64_t>() > kMaxWorkers) {
        return bad("an integer from 0 to " + std::to_string(kMaxWorkers));
      }
      config.workers = static_cast<unsigned>(*value.value<int64_t>());
    } else if (k == "body_limit") {
      if (!value.is_integer() || *value.value<int64_t>() <= 0) return bad("a positive integer");
      config.body_limit = static_cast<size_t>(*value.value<int64_t>());
    } else if (k == "import_body_limit") {
      if (!value.is_integer() || *value.value<int64_t>() <= 0) return bad("a positive integer");
      config.import_body_limit = static_cast<size_t>(*value.value<int64_t>());
    } else if (k == "read_timeout_seconds") {
      if (!value.is_integer() || *value.value<int64_t>() <= 0) return bad("a positive integer");
      config.read_timeout_seconds = static_cast<unsigned>(*value.value<int64_t>());
    } else if (k == "max_uploads") {
      if (!value.is_integer() || *value.value<int64_t>() <= 0) return bad("a positive integer");
      config.max_uploads = static_cast<unsigned>(*value.value<int64_t>());
    } else if (k == "min_upload_rate") {
      if (!value.is_integer() || *value.value<int64_t>() < 0) return bad("a non-negative integer");
      config.min_upload_rate = static_cast<size_t>(*value.value<int64_t>());
    } else if (k == "upload_dir") {
      if (!value.is_string()) return bad("a string");
      config.upload_dir = *value.value<std::string>();
    } else if (k == "log_level") {
      if (!value.is_string()) return bad("a string");
      config.log_level = *value.value<std::string>();
    } else if (k == "node_key_file") {
      if (!value.is_string() || value.value<std::string>()->empty()) return bad("a non-empty string");
      config.node_key_file = *value.value<std::string>();
    } else if (k == "expiry_interval_minutes") {
      if (!value.is_integer() || *value.value<int64_t>() <= 0 || *value.value<int64_t>() > 24 * 60) {
        return bad("an integer from 1 to 1440");
      }
      config.expiry_interval_minutes = static_cast<unsigned>(*value.value<int64_t>());
    } else if (k == "access_log") {
      if (!value.is_boolean()) return bad("true or false");
      config.access_log = *value.value<bool>();
    } else {
      return Fail(Error{ErrorCode::kValidation, "config file " + path + ": unknown key '" + k + "'", {}, {}});
    }
  }
  return {};
}

Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) {
    return Fail(Error::Field("listen", "invalid_address", "--listen must be HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  unsigned port = 0;
  const char* b = listen.data() + colon + 1;
  const char* e = listen.data() + listen.size();
  auto [p, ec] = std::from_chars(b, e, port);
  if (ec != std::errc() || p != e || port > 65535) {
    return Fail(Error::Field("listen", "invalid_port", "--listen port must be a number 0..65535"));
  }
  return std::make_pair(host, static_cast<unsigned short>(port));
}

unsigned IoThreadCount(const Config& config) {
  return config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
}

unsigned WorkerCount(const Config& config) {
  return config.workers ? config.workers : std::max(4u, 2 * std::thread::hardware_concurrency());
}

Status ValidateConfig(const Config& config) {
  if (config.node != "VN" && config.node != "LA") {
    return Fail(Error::Field("node", "invalid_node", "--node must be VN or LA"));
  }
  if (!config.time_zone.empty() && !IsKnownZone(config.time_zone)) {
    return Fail(
        Error::Field("time_zone", "unknown_zone",
                     "--time-zone '" + config.time_zone + "' is not in the IANA database (e.g. Asia/Vientiane)"));
  }
  if (auto l = ParseListen(config.listen); !l) return Fail(l.error());
  if (config.body_limit < 1024) {
    return Fail(Error::Field("body_limit", "too_small", "body limit must be at least 1024 bytes"));
  }
  if (config.import_body_limit < 1024) {
    return Fail(Error::Field("import_body_limit", "too_small", "import body limit must be at least 1024 bytes"));
  }
  if (config.workers > kMaxWorkers) {
    return Fail(Error::Field("workers", "too_large", "--workers must be at most " + std::to_string(kMaxWorkers)));
  }
  if (config.max_uploads == 0) {
    return Fail(Error::Field("max_uploads", "too_small", "--max-uploads must be at least 1"));
  }
  if (config.log_level != "trace" && config.log_level != "debug" && config.log_level != "info" &&
      config.log_level != "warn" && config.log_level != "error" && config.log_level != "off") {
    return Fail(Error::Field("log_level", "invalid_level", "log level must be trace, debug, info, warn, error or off"));
  }
  return {};
}

}  // namespace lb::core
