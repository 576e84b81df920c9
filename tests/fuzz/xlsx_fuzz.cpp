// libFuzzer target: the XLSX reader (files::OpenXlsx: libzip + expat) on arbitrary bytes,
// handed over as an in-memory file. Opening fails cleanly or yields a source whose rows have
// growing numbers, whose problems name a cell of their row, and whose cells stay within
// the reader's cell limit; small zip-bomb limits make oversized parts fail, not inflate.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "features/files/xlsx_reader.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = memfd_create("xlsx-fuzz", 0);
  if (fd < 0) return 0;
  size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  lb::files::XlsxLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  limits.max_shared_strings_bytes = 1 << 20;
  auto source = lb::files::OpenXlsx(path, std::nullopt, limits);
  if (!source) {
    Check(!source.error().message.empty());
  } else {
    lb::files::SourceRow row;
    int64_t last = 0;
    for (int guard = 0; guard < 100000; ++guard) {
      auto more = (*source)->Next(row);
      if (!more) {
        Check(!more.error().message.empty());
        break;
      }
      if (!*more) break;
      Check(row.number > last);
      last = row.number;
      for (const auto& p : row.problems) Check(!p.code.empty());
      for (const auto& cell : row.cells) Check(cell.size() <= (1u << 20) + 4);
    }
  }
  close(fd);
  return 0;
}
