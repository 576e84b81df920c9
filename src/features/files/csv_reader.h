#pragma once
// A streaming RFC 4180 reader: quoted fields with doubled quotes, embedded commas and line
// breaks, CRLF or LF (or CR) record ends. Reads UTF-8 with or without a byte-order mark and
// UTF-16 LE/BE with a byte-order mark (Excel's "Unicode text"), converting to UTF-8. Memory
// stays bounded: a cell over the limit is reported, not held.
#include <cstdio>
#include <memory>
#include <string>

#include "features/files/table.h"

namespace lb::files {

inline constexpr size_t kMaxCellBytes = 1 << 20;  // 1 MiB: far over any field's limit

class CsvReader final : public TableSource {
 public:
  // Reads from `file` (not closed); `total_bytes` (the file's size, 0 when unknown) for progress.
  CsvReader(std::FILE* file, uint64_t total_bytes, size_t max_cell = kMaxCellBytes);
  // Reads from a string (tests, uploads held in memory).
  static std::unique_ptr<CsvReader> FromString(std::string text, size_t max_cell = kMaxCellBytes);
  ~CsvReader() override;

  core::Result<bool> Next(SourceRow& row) override;
  uint64_t Done() const override { return consumed_; }
  uint64_t Total() const override { return total_; }

 private:
  enum class Encoding { kUnknown, kUtf8, kUtf16Le, kUtf16Be };
  // Refills buf_ with UTF-8; false at the end of input.
  core::Result<bool> Fill();
  core::Result<size_t> ReadRaw(char* out, size_t n);

  std::FILE* file_ = nullptr;
  std::string text_;  // FromString input
  size_t text_pos_ = 0;
  uint64_t total_ = 0, consumed_ = 0;
  size_t max_cell_;
  Encoding encoding_ = Encoding::kUnknown;
  std::string raw_;  // undecoded bytes carried over (UTF-16 halves)
  std::string buf_;  // decoded UTF-8
  size_t pos_ = 0;
  bool eof_ = false;
  int64_t rows_ = 0;
  char16_t pending_high_ = 0;  // a UTF-16 high surrogate waiting for its pair
};

}  // namespace lb::files
