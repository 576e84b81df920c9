#include "features/files/exporter.h"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>

#include "features/files/store.h"

namespace lb::files {
namespace {

constexpr int kPage = 5000;
constexpr lxw_row_t kMaxSheetRows = 1048576;

core::Error WriteFailed(const std::string& what) {
  return core::Error{core::ErrorCode::kUnavailable, "The output could not be written.", {}, what};
}

class CsvSink final : public RowSink {
 public:
  CsvSink(std::FILE* out, bool bom) : out_(out), bom_(bom) {}
  core::Status Header(const std::vector<std::string>& names) override {
    if (bom_) line_ = "\xEF\xBB\xBF";
    return Row(names);
  }
  core::Status Row(const std::vector<std::string>& cells) override {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) line_.push_back(',');
      AppendCsvCell(line_, cells[i], true);
    }
    line_ += "\r\n";
    if (line_.size() >= (1 << 16)) return Drain();
    return {};
  }
  core::Status Finish() override {
    LB_CHECK(Drain());
    if (std::fflush(out_) != 0) return core::Fail(WriteFailed(std::strerror(errno)));
    return {};
  }

 private:
  core::Status Drain() {
    if (!line_.empty() && std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size()) {
      return core::Fail(WriteFailed(std::strerror(errno)));
    }
    line_.clear();
    return {};
  }
  std::FILE* out_;
  bool bom_;
  std::string line_;
};

class XlsxSink final : public RowSink {
 public:
  XlsxSink(lxw_workbook* wb, Kind kind) : wb_(wb), kind_(kind) {
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
  }
  ~XlsxSink() override {
    if (wb_) workbook_close(wb_);
  }
  core::Status Header(const std::vector<std::string>& names) override {
    header_ = names;
    return NewSheet();
  }
  core::Status Row(const std::vector<std::string>& cells) override {
    if (row_ >= kMaxSheetRows) LB_CHECK(NewSheet());
    for (size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].empty()) continue;
      if (auto e = worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(i), cells[i].c_str(), nullptr);
          e != LXW_NO_ERROR) {
        return core::Fail(WriteFailed(lxw_strerror(e)));
      }
    }
    ++row_;
    return {};
  }
  core::Status Finish() override {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    if (auto e = workbook_close(wb); e != LXW_NO_ERROR) return core::Fail(WriteFailed(lxw_strerror(e)));
    return {};
  }

 private:
  core::Status NewSheet() {
    ++sheets_;
    std::string name = std::string(KindName(kind_)) + (sheets_ > 1 ? " " + std::to_string(sheets_) : "");
    ws_ = workbook_add_worksheet(wb_, name.c_str());
    if (!ws_) return core::Fail(WriteFailed("cannot add a worksheet"));
    const auto columns = ColumnsOf(kind_);
    for (size_t i = 0; i < header_.size(); ++i) {
      const double width = i < columns.size() ? std::max<double>(columns[i].width, header_[i].size() * 0.8) : 12;
      worksheet_set_column(ws_, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), width, nullptr);
      worksheet_write_string(ws_, 0, static_cast<lxw_col_t>(i), header_[i].c_str(), bold_);
    }
    worksheet_freeze_panes(ws_, 1, 0);
    row_ = 1;
    return {};
  }
  lxw_workbook* wb_;
  Kind kind_;
  lxw_format* bold_ = nullptr;
  lxw_worksheet* ws_ = nullptr;
  lxw_row_t row_ = 0;
  int sheets_ = 0;
  std::vector<std::string> header_;
};

// Every page of a kind's rows (FilePage from the registry), in id order.
template <typename Fetch>
core::Result<int64_t> Pages(RowSink& sink, const std::function<void(int64_t)>& progress, Fetch&& fetch) {
  std::optional<std::string> after;
  int64_t n = 0;
  for (;;) {
    LB_TRY(page, fetch(after));
    for (const auto& cells : page.rows) LB_CHECK(sink.Row(cells));
    n += static_cast<int64_t>(page.rows.size());
    if (progress) progress(n);
    if (page.rows.size() < static_cast<size_t>(kPage)) return n;
    after = page.last_id;
  }
}

}  // namespace

void AppendCsvCell(std::string& out, std::string_view cell, bool guard_formulas) {
  const bool guard =
      guard_formulas && !cell.empty() &&
      (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
  const bool quote = guard || cell.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) {
    out.append(cell);
    return;
  }
  out.push_back('"');
  if (guard) out.push_back('\'');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::unique_ptr<RowSink> MakeCsvSink(std::FILE* out, bool bom) { return std::make_unique<CsvSink>(out, bom); }

core::Result<std::unique_ptr<RowSink>> MakeXlsxSink(const std::string& path, Kind kind) {
  lxw_workbook_options opts{};
  opts.constant_memory = LXW_TRUE;
  opts.use_zip64 = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
  if (!wb) return core::Fail(WriteFailed("cannot create " + path));
  return std::unique_ptr<RowSink>(std::make_unique<XlsxSink>(wb, kind));
}

core::Result<int64_t> Exporter::Run(const access::Principal& actor, const ExportOptions& options, RowSink& sink,
                                    const std::function<void(int64_t)>& progress) {
  LB_CHECK(registry_.Authorize(actor, RecordOf(options.kind), registry::RegistryAction::kRead));
  const registry::Scope scope = registry_.ScopeOf(actor);
  std::vector<std::string> header;
  for (const auto& c : ColumnsOf(options.kind)) header.emplace_back(HeaderName(c, options.lang));
  LB_CHECK(sink.Header(header));
  // One read transaction: the file is one consistent snapshot however long it takes.
  auto n = storage::InTransaction(db_, false, [&](storage::Transaction& tx) -> core::Result<int64_t> {
    store::BulkSettings bulk(tx.conn());
    return Pages(sink, progress, [&](const std::optional<std::string>& after) {
      switch (options.kind) {
        case Kind::kPersons:
          return registry_.FileRowsIn(tx, scope, options.persons, after, kPage);
        case Kind::kEmployers:
          return registry_.FileRowsIn(tx, scope, options.employers, after, kPage);
        case Kind::kPermits:
          break;
      }
      return registry_.FileRowsIn(tx, scope, options.permits, after, kPage);
    });
  });
  if (!n) return core::Fail(n.error());
  LB_CHECK(sink.Finish());
  if (audit_) {
    // Who took which list out of the system: one entry per export (no personal data in it).
    const std::string kind = options.kind == Kind::kPersons     ? "person"
                             : options.kind == Kind::kEmployers ? "employer"
                                                                : "permit";
    audit::Event e{actor.user_name, kind + ".export", kind, "", {{"rows", *n}, {"format", options.format}}};
    auto w = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<bool> {
      LB_CHECK(audit_->Append(tx, e));
      return true;
    });
    if (!w) return core::Fail(w.error());
  }
  return *n;
}

}  // namespace lb::files
