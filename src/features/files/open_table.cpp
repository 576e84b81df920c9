#include <cerrno>
#include <cstring>
#include <filesystem>

#include "features/files/csv_reader.h"
#include "features/files/xlsx_reader.h"

namespace lb::files {
namespace {

// A CSV reader that owns its file.
class CsvFile final : public TableSource {
 public:
  CsvFile(std::FILE* f, uint64_t size) : file_(f), reader_(f, size) {}
  ~CsvFile() override { std::fclose(file_); }
  core::Result<bool> Next(SourceRow& row) override { return reader_.Next(row); }
  uint64_t Done() const override { return reader_.Done(); }
  uint64_t Total() const override { return reader_.Total(); }

 private:
  std::FILE* file_;
  CsvReader reader_;
};

}  // namespace

core::Result<std::unique_ptr<TableSource>> OpenTable(const std::string& path, const std::optional<std::string>& sheet) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    return core::Fail(core::Error::Field("file", "cannot_open",
                                         "The file cannot be opened: " + std::string(std::strerror(errno)) + "."));
  }
  char magic[4] = {};
  const size_t n = std::fread(magic, 1, sizeof magic, f);
  if (n == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) {
    std::fclose(f);
    return OpenXlsx(path, sheet);
  }
  if (sheet) {
    std::fclose(f);
    return core::Fail(core::Error::Field("sheet", "not_xlsx", "--sheet applies to XLSX files; this is a CSV file."));
  }
  std::rewind(f);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return std::unique_ptr<TableSource>(std::make_unique<CsvFile>(f, ec ? 0 : size));
}

}  // namespace lb::files
