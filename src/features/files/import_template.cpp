#include "features/files/import_template.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>

#include "features/files/exporter.h"

namespace lb::files {
namespace {

std::string_view LangName(Lang lang) {
  switch (lang) {
    case Lang::kVi:
      return "vi";
    case Lang::kLo:
      return "lo";
    case Lang::kEn:
      break;
  }
  return "en";
}

core::Result<std::string> XlsxTemplate(Kind kind, Lang lang) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string path = (fs::temp_directory_path(ec) / "labourbridge-template-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return core::Fail(core::Error::Internal("cannot create the template file"));
  ::close(fd);
  struct Cleanup {
    std::string path;
    ~Cleanup() { ::unlink(path.c_str()); }
  } cleanup{path};
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return core::Fail(core::Error::Internal("cannot start the template workbook"));
  lxw_worksheet* ws = workbook_add_worksheet(wb, std::string(KindName(kind)).c_str());
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");  // Text: what is typed is kept as typed
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_num_format(bold, "@");
  lxw_col_t col = 0;
  for (const auto& c : ColumnsOf(kind)) {
    const std::string name(HeaderName(c, lang));
    worksheet_set_column(ws, col, col, std::max<double>(c.width, static_cast<double>(name.size()) * 0.8), text);
    worksheet_write_string(ws, 0, col, name.c_str(), bold);
    ++col;
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (auto e = workbook_close(wb); e != LXW_NO_ERROR) {
    return core::Fail(core::Error::Internal(std::string("cannot write the template: ") + lxw_strerror(e)));
  }
  std::string bytes;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[16 * 1024];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
    std::fclose(f);
  }
  if (bytes.empty()) return core::Fail(core::Error::Internal("the template file is empty"));
  return bytes;
}

}  // namespace

core::Result<ImportTemplate> MakeImportTemplate(Kind kind, Lang lang, std::string_view format) {
  ImportTemplate t;
  t.file_name = std::string(KindName(kind)) + "-template-" + std::string(LangName(lang)) + ".";
  if (format == "csv") {
    t.bytes = "\xEF\xBB\xBF";  // Excel reads UTF-8 only with the mark
    bool first = true;
    for (const auto& c : ColumnsOf(kind)) {
      if (!first) t.bytes += ',';
      first = false;
      AppendCsvCell(t.bytes, HeaderName(c, lang), true);
    }
    t.bytes += "\r\n";
    t.content_type = "text/csv; charset=utf-8";
    t.file_name += "csv";
    return t;
  }
  if (format == "xlsx") {
    LB_TRY(bytes, XlsxTemplate(kind, lang));
    t.bytes = std::move(bytes);
    t.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    t.file_name += "xlsx";
    return t;
  }
  return core::Fail(core::Error::Field("format", "invalid_value", "format must be csv or xlsx."));
}

}  // namespace lb::files
