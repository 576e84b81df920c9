#include "features/files/zip_xml.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lb::files::zipxml {

core::Error Rejected(std::string code, std::string message) {
  return core::Error::Field("file", std::move(code), std::move(message));
}

core::Error Damaged(std::string_view what, const std::string& detail) {
  std::string code = what == "ODS" ? "bad_ods" : "bad_xlsx";
  return Rejected(std::move(code), "The " + std::string(what) + " file is damaged (" + detail + ").");
}

std::string_view Local(const XML_Char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* Attr(const XML_Char** atts, std::string_view local) {
  for (int i = 0; atts[i]; i += 2) {
    if (Local(atts[i]) == local) return atts[i + 1];
  }
  return nullptr;
}

Xml::Xml() {
  XML_SetUserData(parser, this);
  XML_SetElementHandler(
      parser,
      [](void* u, const XML_Char* n, const XML_Char** a) {
        auto* x = static_cast<Xml*>(u);
        if (x->start) x->start(Local(n), a);
      },
      [](void* u, const XML_Char* n) {
        auto* x = static_cast<Xml*>(u);
        if (x->end) x->end(Local(n));
      });
  XML_SetCharacterDataHandler(parser, [](void* u, const XML_Char* s, int len) {
    auto* x = static_cast<Xml*>(u);
    if (x->text) x->text(s, len);
  });
}

Xml::~Xml() { XML_ParserFree(parser); }

core::Status Xml::Feed(const char* data, size_t n, bool last) {
  if (XML_Parse(parser, data, static_cast<int>(n), last) == XML_STATUS_ERROR) {
    return core::Fail(Damaged(what, std::string("XML error: ") + XML_ErrorString(XML_GetErrorCode(parser))));
  }
  return {};
}

core::Result<std::unique_ptr<Part>> Part::Open(zip_t* zip, const std::string& name, uint64_t limit,
                                               std::string_view what) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name.c_str(), 0, &st) != 0) return std::unique_ptr<Part>();
  zip_file_t* f = zip_fopen(zip, name.c_str(), 0);
  if (!f) return core::Fail(Damaged(what, "cannot open " + name));
  return std::unique_ptr<Part>(new Part(f, name, std::min<uint64_t>(st.size, limit), what));
}

Part::~Part() { zip_fclose(file_); }

core::Result<size_t> Part::Read(char* buf, size_t n) {
  const zip_int64_t k = zip_fread(file_, buf, n);
  if (k < 0) return core::Fail(Damaged(what_, "cannot inflate " + name_));
  read_ += static_cast<uint64_t>(k);
  if (read_ > limit_) {
    return core::Fail(
        Rejected("zip_bomb", "The " + std::string(what_) + " file inflates beyond its declared size; refused."));
  }
  return static_cast<size_t>(k);
}

core::Result<bool> ParsePart(zip_t* zip, const std::string& name, uint64_t limit, Xml& xml) {
  LB_TRY(part, Part::Open(zip, name, limit, xml.what));
  if (!part) return false;
  char buf[kChunk];
  for (;;) {
    LB_TRY(n, part->Read(buf, sizeof buf));
    LB_CHECK(xml.Feed(buf, n, n == 0));
    if (n == 0) return true;
  }
}

core::Status CheckSizes(zip_t* zip, const XlsxLimits& limits, std::string_view what) {
  const zip_int64_t n = zip_get_num_entries(zip, 0);
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(zip, i, 0, &st) != 0) continue;
    total += st.size;
    const bool big = st.size > (1u << 20);
    if (st.size > limits.max_entry_bytes || total > limits.max_total_bytes ||
        (big && (st.comp_size == 0 || st.size / st.comp_size > limits.max_ratio))) {
      return core::Fail(Rejected("zip_bomb", "The " + std::string(what) +
                                                 " file is too large once uncompressed, or compressed suspiciously "
                                                 "well (a zip bomb?); refused. Split it, or save it as CSV."));
    }
  }
  return {};
}

std::string NumberText(const std::string& v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size()) return v;
  if (std::floor(d) == d && std::fabs(d) < 1e15) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
    return std::string(buf, r.ptr);
  }
  return v;
}

}  // namespace lb::files::zipxml

namespace lb::files::zipxml {

std::string InexactText(double d, const std::string& text) {
  if (std::floor(d) != d || std::fabs(d) >= 1e21) return text;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", d);
  return buf;
}

}  // namespace lb::files::zipxml
