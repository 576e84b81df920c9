#pragma once
// Runs the real labourbridge binary (LB_BINARY) as a user would, in a temp directory of its
// own per test, and captures exit code, stdout and stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

  std::filesystem::path dir_;

 private:
  std::string prefix_;
};

}  // namespace lb::testing
