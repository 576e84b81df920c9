#pragma once
// Progress of a long import or export for a terminal: a bar with rows/s and ETA redrawn in
// place on a TTY, or one plain line per 10% when the output is a file or a pipe.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace lb::files {

class ProgressMeter {
 public:
  // `verb` starts each line ("import", "export"); `tty` picks the bar.
  ProgressMeter(std::FILE* out, std::string verb, bool tty);
  // rows so far; done/total in input units (0 total: unknown, no bar or ETA).
  void Update(int64_t rows, uint64_t done, uint64_t total, bool finished);
  // A step after the rows that shows no bar ("building the name-search indexes"); the next
  // Update draws over it on a terminal.
  void Note(const std::string& text);

  // The bar line for a state (tests): "[#####-----]  50%  1,000 rows  2,000 rows/s  ETA 0:01".
  static std::string BarLine(int64_t rows, uint64_t done, uint64_t total, double seconds);

 private:
  std::FILE* out_;
  std::string verb_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  int last_decile_ = 0;
  bool drawn_ = false;
};

// 1234567 -> "1,234,567"
std::string Thousands(int64_t n);

}  // namespace lb::files
