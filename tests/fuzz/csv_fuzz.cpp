// libFuzzer target: the streaming CSV reader (files::CsvReader) on arbitrary bytes (UTF-8,
// UTF-16 with a byte-order mark, broken quotes). With a small cell limit: no cell is ever
// longer than the limit (a longer one is a problem, not held), row numbers only grow, every
// problem names a cell of its row, and progress never passes the input's size.
#include <cstdint>
#include <string>

#include "features/files/csv_reader.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr size_t kMaxCell = 64;
  auto reader = lb::files::CsvReader::FromString(std::string(reinterpret_cast<const char*>(data), size), kMaxCell);
  lb::files::SourceRow row;
  int64_t last = 0;
  for (int guard = 0; guard <= static_cast<int>(size) + 1; ++guard) {
    auto more = reader->Next(row);
    if (!more) {
      Check(!more.error().message.empty());
      return 0;
    }
    if (!*more) break;
    Check(row.number > last);
    last = row.number;
    for (const auto& cell : row.cells) Check(cell.size() <= kMaxCell);
    for (const auto& p : row.problems) {
      Check(p.cell < row.cells.size());
      Check(!p.code.empty());
    }
    Check(reader->Done() <= reader->Total());
  }
  Check(reader->Done() <= reader->Total());
  return 0;
}
