#pragma once
// What the XLSX and ODS readers share: parts of a zip read in chunks with the bytes inflated
// counted against their declared size, the zip-bomb check, and an expat parser whose handlers
// are std::functions. `what` names the format in messages ("XLSX", "ODS").
#include <expat.h>
#include <zip.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "features/files/xlsx_reader.h"

namespace lb::files::zipxml {

constexpr size_t kChunk = 1 << 16;

core::Error Rejected(std::string code, std::string message);
// "bad_xlsx" / "bad_ods": the file is damaged.
core::Error Damaged(std::string_view what, const std::string& detail);

// An element or attribute name without its namespace prefix.
std::string_view Local(const XML_Char* name);
// The attribute of that local name, or nullptr.
const XML_Char* Attr(const XML_Char** atts, std::string_view local);

// An XML parser whose element handlers are std::functions.
struct Xml {
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(const XML_Char*, int)> text;
  std::string_view what = "XLSX";
  XML_Parser parser = XML_ParserCreate("UTF-8");

  Xml();
  ~Xml();
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;
  core::Status Feed(const char* data, size_t n, bool last);
};

// One part of the zip, read in chunks, with the bytes inflated counted against its limits.
class Part {
 public:
  // nullptr (no error) when the zip has no such part.
  static core::Result<std::unique_ptr<Part>> Open(zip_t* zip, const std::string& name, uint64_t limit,
                                                  std::string_view what = "XLSX");
  ~Part();
  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;
  // Reads the next chunk; 0 at the end.
  core::Result<size_t> Read(char* buf, size_t n);
  uint64_t read() const { return read_; }
  uint64_t size() const { return limit_; }

 private:
  Part(zip_file_t* f, std::string name, uint64_t limit, std::string_view what)
      : file_(f), name_(std::move(name)), limit_(limit), what_(what) {}
  zip_file_t* file_;
  std::string name_;
  uint64_t limit_;
  std::string_view what_;
  uint64_t read_ = 0;
};

// Parses a whole (small) part; a missing part is fine (returns false).
core::Result<bool> ParsePart(zip_t* zip, const std::string& name, uint64_t limit, Xml& xml);

// Refuses a zip whose entries would inflate past the limits (or compress suspiciously well).
core::Status CheckSizes(zip_t* zip, const XlsxLimits& limits, std::string_view what);

// Excel numbers as the text a person typed: integers without ".0" or exponent (below 1e15).
std::string NumberText(const std::string& v);
// A whole number past 15 significant digits as the digits the spreadsheet holds
// (12345678901234600, not 1.23456789012346E+016), for the report; `text` otherwise.
std::string InexactText(double d, const std::string& text);

}  // namespace lb::files::zipxml
