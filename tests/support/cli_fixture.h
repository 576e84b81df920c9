#pragma once
// Runs the real labourbridge binary (LB_BINARY) as a user would, in a temp directory of its
// own per test, and captures exit code, stdout and stderr.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lb::testing {

struct CliRun {
  int code = -1;
  std::string out, err;
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CliFixture : public ::testing::Test {
 protected:
  // `prefix` names the temp directory ("lbcli-<pid>-<test>").
  explicit CliFixture(std::string prefix = "lbcli") : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / (prefix_ + "-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `labourbridge ARGS` (ARGS as the shell sees them) with `stdin_text` on standard input.
  CliRun Exec(const std::string& args, const std::string& stdin_text = "") {
    const auto out = dir_ / "out.txt", err = dir_ / "err.txt", in = dir_ / "in.txt";
    std::ofstream(in) << stdin_text;
    const std::string cmd =
        std::string(LB_BINARY) + " " + args + " <" + in.string() + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    CliRun r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  // Starts `labourbridge serve --demo --demo-persons N` on `db` (a free port, the node key in the
  // test's directory) with its standard output and error in serve.out and serve.err there, and
  // waits up to `tries` × 50 ms for `ready` in its output. Returns the process id (0 when it could
  // not start) and what it printed.
  pid_t SpawnDemoNode(const std::string& db, int persons, const std::string& ready, int tries, std::string& printed) {
    const auto out = dir_ / "serve.out", err = dir_ / "serve.err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = {LB_BINARY,
                                     "serve",
                                     "--db",
                                     db,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--node-key",
                                     (dir_ / "node.key").string(),
                                     "--demo",
                                     "--demo-persons",
                                     std::to_string(persons)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, LB_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(spawned, 0);
    if (spawned != 0) return 0;
    printed.clear();
    for (int i = 0; i < tries && printed.find(ready) == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      printed = Slurp(out);
    }
    return pid;
  }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
};

}  // namespace lb::testing
