#include "features/files/progress.h"

namespace lb::files {

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

namespace {

std::string Duration(double seconds) {
  const auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  }
  return buf;
}

}  // namespace

ProgressMeter::ProgressMeter(std::FILE* out, std::string verb, bool tty)
    : out_(out), verb_(std::move(verb)), tty_(tty), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

std::string ProgressMeter::BarLine(int64_t rows, uint64_t done, uint64_t total, double seconds) {
  const double rate = seconds > 0 ? rows / seconds : 0;
  std::string line;
  if (total > 0) {
    const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int filled = static_cast<int>(frac * 30);
    line = "[" + std::string(filled, '#') + std::string(30 - filled, '-') + "] ";
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(frac * 100));
    line += pct;
    line += "  " + Thousands(rows) + " rows  " + Thousands(static_cast<int64_t>(rate)) + " rows/s";
    if (frac > 0.01 && frac < 1) line += "  ETA " + Duration(seconds * (1 - frac) / frac);
  } else {
    line = Thousands(rows) + " rows  " + Thousands(static_cast<int64_t>(rate)) + " rows/s";
  }
  return line;
}

void ProgressMeter::Update(int64_t rows, uint64_t done, uint64_t total, bool finished) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - start_).count();
  if (tty_) {
    if (!finished && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    std::fprintf(out_, "\r%s %s\x1b[K", verb_.c_str(), BarLine(rows, finished ? total : done, total, seconds).c_str());
    if (finished) std::fprintf(out_, "\n");
    std::fflush(out_);
    return;
  }
  const int decile = total > 0 ? static_cast<int>(10.0 * static_cast<double>(done) / static_cast<double>(total)) : 0;
  if (finished || (decile > last_decile_ && decile < 10)) {
    if (!finished) last_decile_ = decile;
    const int pct = finished ? 100 : decile * 10;
    std::fprintf(out_, "%s: %d%% %s rows, %s rows/s\n", verb_.c_str(), pct, Thousands(rows).c_str(),
                 Thousands(static_cast<int64_t>(seconds > 0 ? rows / seconds : 0)).c_str());
    std::fflush(out_);
  }
}

void ProgressMeter::Note(const std::string& text) {
  if (tty_) {
    std::fprintf(out_, "\r%s: %s\x1b[K", verb_.c_str(), text.c_str());
  } else {
    std::fprintf(out_, "%s: %s\n", verb_.c_str(), text.c_str());
  }
  std::fflush(out_);
}

}  // namespace lb::files
