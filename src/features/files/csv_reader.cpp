#include "features/files/csv_reader.h"

#include <cerrno>
#include <cstring>

#include "text/utf8.h"

namespace lb::files {
namespace {

constexpr size_t kChunk = 1 << 16;

using text::AppendUtf8;

}  // namespace

CsvReader::CsvReader(std::FILE* file, uint64_t total_bytes, size_t max_cell)
    : file_(file), total_(total_bytes), max_cell_(max_cell) {}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string text, size_t max_cell) {
  auto r = std::make_unique<CsvReader>(nullptr, text.size(), max_cell);
  r->text_ = std::move(text);
  return r;
}

CsvReader::~CsvReader() = default;

core::Result<size_t> CsvReader::ReadRaw(char* out, size_t n) {
  if (!file_) {
    const size_t k = std::min(n, text_.size() - text_pos_);
    std::memcpy(out, text_.data() + text_pos_, k);
    text_pos_ += k;
    return k;
  }
  const size_t k = std::fread(out, 1, n, file_);
  if (k < n && std::ferror(file_)) {
    return core::Fail(core::Error{core::ErrorCode::kUnavailable,
                                  "The file could not be read.",
                                  {},
                                  std::string("read failed: ") + std::strerror(errno)});
  }
  return k;
}

core::Result<bool> CsvReader::Fill() {
  // Keep what the parser has not consumed yet.
  buf_.erase(0, pos_);
  pos_ = 0;
  if (eof_) return false;
  char chunk[kChunk];
  LB_TRY(n, ReadRaw(chunk, sizeof chunk));
  consumed_ += n;
  if (n == 0) {
    eof_ = true;
    if (!raw_.empty() || pending_high_) {
      AppendUtf8(buf_, 0xFFFD);  // a dangling half of a UTF-16 unit
      raw_.clear();
      pending_high_ = 0;
      return true;
    }
    return false;
  }
  std::string_view in(chunk, n);
  std::string joined;
  if (!raw_.empty()) {
    joined = raw_ + std::string(in);
    raw_.clear();
    in = joined;
  }
  if (encoding_ == Encoding::kUnknown) {
    if (in.starts_with("\xEF\xBB\xBF")) {
      encoding_ = Encoding::kUtf8;
      in.remove_prefix(3);
    } else if (in.starts_with("\xFF\xFE")) {
      encoding_ = Encoding::kUtf16Le;
      in.remove_prefix(2);
    } else if (in.starts_with("\xFE\xFF")) {
      encoding_ = Encoding::kUtf16Be;
      in.remove_prefix(2);
    } else {
      encoding_ = Encoding::kUtf8;
    }
  }
  if (encoding_ == Encoding::kUtf8) {
    buf_.append(in);
    return true;
  }
  const bool le = encoding_ == Encoding::kUtf16Le;
  size_t i = 0;
  for (; i + 1 < in.size(); i += 2) {
    const auto b0 = static_cast<unsigned char>(in[i]), b1 = static_cast<unsigned char>(in[i + 1]);
    const char16_t u = le ? static_cast<char16_t>(b0 | (b1 << 8)) : static_cast<char16_t>((b0 << 8) | b1);
    if (pending_high_) {
      if (u >= 0xDC00 && u <= 0xDFFF) {
        AppendUtf8(buf_, 0x10000 + ((static_cast<char32_t>(pending_high_) - 0xD800) << 10) + (u - 0xDC00));
        pending_high_ = 0;
        continue;
      }
      AppendUtf8(buf_, 0xFFFD);
      pending_high_ = 0;
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
      pending_high_ = u;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      AppendUtf8(buf_, 0xFFFD);
    } else {
      AppendUtf8(buf_, u);
    }
  }
  if (i < in.size()) raw_.assign(in.substr(i));
  return true;
}

core::Result<bool> CsvReader::Next(SourceRow& row) {
  for (;;) {
    row.problems.clear();
    size_t ncells = 0;
    auto cell = [&]() -> std::string& {
      if (ncells == row.cells.size()) row.cells.emplace_back();
      std::string& c = row.cells[ncells];
      c.clear();
      return c;
    };
    // Make sure there is at least one character or the input has ended.
    if (pos_ >= buf_.size()) {
      LB_TRY(more, Fill());
      if (!more && pos_ >= buf_.size()) return false;
    }
    ++rows_;
    bool record_done = false, any_content = false;
    while (!record_done) {
      std::string* field = &cell();
      const size_t index = ncells++;
      bool oversize = false;
      auto append = [&](const char* p, size_t n) {
        if (oversize) return;
        if (field->size() + n > max_cell_) {
          oversize = true;
          field->clear();
          row.problems.push_back(
              {index, "cell_too_large", "The cell is larger than " + std::to_string(max_cell_ >> 20) + " MiB."});
          return;
        }
        field->append(p, n);
      };
      if (pos_ >= buf_.size()) {
        LB_TRY(more, Fill());
        (void)more;
      }
      if (pos_ < buf_.size() && buf_[pos_] == '"') {
        // Quoted field: up to the closing quote; "" is a quote.
        any_content = true;
        ++pos_;
        bool closed = false;
        while (!closed) {
          if (pos_ >= buf_.size()) {
            LB_TRY(more, Fill());
            if (!more) break;
          }
          const char* start = buf_.data() + pos_;
          const char* end = buf_.data() + buf_.size();
          const char* q = static_cast<const char*>(std::memchr(start, '"', end - start));
          if (!q) {
            append(start, end - start);
            pos_ = buf_.size();
            continue;
          }
          append(start, q - start);
          pos_ = q - buf_.data() + 1;
          if (pos_ >= buf_.size()) {
            LB_TRY(more, Fill());
            (void)more;
          }
          if (pos_ < buf_.size() && buf_[pos_] == '"') {
            append("\"", 1);
            ++pos_;
          } else {
            closed = true;
          }
        }
        if (!closed) {
          row.problems.push_back({index, "unterminated_quote", "A quoted cell has no closing quote."});
          record_done = true;
          break;
        }
      }
      // Unquoted part (or what follows a closing quote, kept as written): up to , or a line end.
      for (;;) {
        if (pos_ >= buf_.size()) {
          LB_TRY(more, Fill());
          if (!more) {
            record_done = true;
            break;
          }
        }
        const char* start = buf_.data() + pos_;
        const char* end = buf_.data() + buf_.size();
        const char* p = start;
        while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
        if (p > start) any_content = true;
        append(start, p - start);
        pos_ = p - buf_.data();
        if (p == end) continue;
        ++pos_;
        if (*p == ',') {
          any_content = true;
          break;
        }
        if (*p == '\r') {
          if (pos_ >= buf_.size()) {
            LB_TRY(more, Fill());
            (void)more;
          }
          if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
        }
        record_done = true;
        break;
      }
    }
    row.cells.resize(ncells);
    row.number = rows_;
    if (!any_content && ncells == 1 && row.problems.empty()) continue;  // a blank line
    return true;
  }
}

}  // namespace lb::files
