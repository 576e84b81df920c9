#include "platform/access/revocation_journal.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace lb::access {
namespace {

constexpr std::string_view kKindNames[] = {"session", "token", "user"};
constexpr auto kCheckEvery = std::chrono::seconds(1);

bool WriteAllAndSync(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return ::fsync(fd) == 0;
}

// One open journal: its file, the revocations in it not yet seen in the database, and the
// thread that looks for them there (once a second) and empties the file when all are in.
class Journal final : public RevocationJournal {
 public:
  Journal(storage::Database& db, int fd, std::map<std::string, RevocationType> types)
      : db_(db), fd_(fd), types_(std::move(types)) {
    worker_ = std::thread([this] { Run(); });
  }
  ~Journal() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
    ::close(fd_);
  }

  core::Status Append(const std::string& type, const std::vector<Revocations::Key>& keys,
                      const nlohmann::json& data) override {
    nlohmann::json line = {{"type", type}, {"keys", nlohmann::json::array()}, {"data", data}};
    for (const auto& k : keys) line["keys"].push_back({kKindNames[static_cast<int>(k.kind)], k.id});
    std::lock_guard lock(mu_);
    if (!WriteAllAndSync(fd_, line.dump() + "\n")) {
      return core::Fail(core::Error{core::ErrorCode::kUnavailable,
                                    "The revocation could not be recorded in the node's journal; nothing changed. "
                                    "Try again.",
                                    {},
                                    "revocation journal write failed"});
    }
    pending_.emplace(next_++, std::make_pair(type, data));
    cv_.notify_all();
    return {};
  }

  // Reads the file's revocations, marks them and queues their writes.
  void Replay(Revocations& revocations, const std::string& path) {
    std::string text;
    char buf[64 * 1024];
    for (ssize_t n; (n = ::pread(fd_, buf, sizeof buf, static_cast<off_t>(text.size()))) > 0;) {
      text.append(buf, static_cast<size_t>(n));
    }
    size_t replayed = 0;
    for (size_t start = 0; start < text.size();) {
      const size_t end = text.find('\n', start);
      if (end == std::string::npos) break;  // a line cut short by the kill was never answered
      const auto line = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
      start = end + 1;
      if (!line.is_object() || !line.contains("keys") || !line["keys"].is_array()) continue;
      const std::string type = line.value("type", "");
      auto t = types_.find(type);
      if (t == types_.end()) {
        spdlog::warn("revocation journal {}: cannot replay a revocation of type '{}'", path, type);
        continue;
      }
      std::vector<Revocations::Key> keys;
      for (const auto& k : line["keys"]) {
        if (!k.is_array() || k.size() != 2 || !k[0].is_string() || !k[1].is_string()) continue;
        for (size_t i = 0; i < std::size(kKindNames); ++i) {
          if (k[0].get<std::string>() == kKindNames[i]) keys.push_back({static_cast<Revocations::Kind>(i), k[1]});
        }
      }
      const nlohmann::json data = line.value("data", nlohmann::json::object());
      // Marked at once; written now or, when the writer is busy, in the background.
      auto queued =
          revocations.Persist("the " + type + " replayed from the revocation journal", std::move(keys),
                              [write = t->second.write, data](storage::Transaction& tx) { return write(tx, data); });
      if (!queued) spdlog::error("revocation journal {}: replaying a {}: {}", path, type, queued.error().message);
      std::lock_guard lock(mu_);
      pending_.emplace(next_++, std::make_pair(type, data));
      ++replayed;
    }
    if (replayed > 0) {
      spdlog::warn(
          "revocation journal {}: {} revocation(s) answered before the node stopped are in force again and "
          "written when the database writer is free",
          path, replayed);
    }
    std::lock_guard lock(mu_);
    if (pending_.empty() && !text.empty()) Empty();
    cv_.notify_all();
  }

 private:
  void Empty() {  // mu_ held
    if (::ftruncate(fd_, 0) != 0 || ::fsync(fd_) != 0) {
      spdlog::warn("revocation journal: cannot empty it; it is replayed (harmlessly) at the next start");
    }
  }

  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait_for(lock, kCheckEvery, [&] { return stop_; });
      if (stop_) return;
      if (pending_.empty()) continue;
      const auto pending = pending_;
      lock.unlock();
      // Read (never waits for the writer): which of them the database has.
      std::vector<uint64_t> done;
      auto checked = storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Status {
        for (const auto& [seq, entry] : pending) {
          auto t = types_.find(entry.first);
          if (t == types_.end()) continue;
          LB_TRY(written, t->second.written(tx, entry.second));
          if (written) done.push_back(seq);
        }
        return {};
      });
      lock.lock();
      if (!checked) continue;
      for (uint64_t seq : done) pending_.erase(seq);
      if (pending_.empty()) Empty();
    }
  }

  storage::Database& db_;
  const int fd_;
  const std::map<std::string, RevocationType> types_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, std::pair<std::string, nlohmann::json>> pending_;  // by order of appending
  uint64_t next_ = 0;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace

core::Status OpenRevocationJournal(Revocations& revocations, storage::Database& db, const std::string& path,
                                   std::map<std::string, RevocationType> types) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return core::Fail(core::Error::Internal("cannot open the revocation journal " + path));
  // The file's name is durable too.
  const auto dir = std::filesystem::path(path).parent_path();
  if (const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  auto journal = std::make_shared<Journal>(db, fd, std::move(types));
  journal->Replay(revocations, path);
  revocations.SetJournal(std::move(journal));
  return {};
}

void CloseRevocationJournal(Revocations& revocations) { revocations.SetJournal(nullptr); }

}  // namespace lb::access
