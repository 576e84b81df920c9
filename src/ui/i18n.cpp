#include "ui/i18n.h"

#include <algorithm>
#include <boost/locale.hpp>
#include <boost/locale/gnu_gettext.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/resources.h"
#include "http/message.h"
#include "ui/dates.h"

namespace lb::ui {
namespace {

constexpr std::string_view kDomain = "labourbridge";

struct LocaleName {
  std::string_view lang, country;
};

// English dates in the British order (21 May 2026), as GOV.UK writes them.
LocaleName LocaleOf(std::string_view lang) {
  if (lang == "vi") return {"vi", "VN"};
  if (lang == "lo") return {"lo", "LA"};
  return {"en", "GB"};
}

// Builds the locale of one language: ICU's formatting for that language, and the messages
// of po/<lang>.mo read from the binary through the gettext loader's file callback.
std::locale BuildLocale(std::string_view lang) {
  const LocaleName name = LocaleOf(lang);
  boost::locale::generator gen;
  gen.use_ansi_encoding(false);
  std::locale base = gen(std::string(name.lang) + "_" + std::string(name.country) + ".UTF-8");

  boost::locale::gnu_gettext::messages_info info;
  info.language = std::string(name.lang);
  info.country = std::string(name.country);
  info.encoding = "UTF-8";
  info.paths.push_back("embedded");
  info.domains.push_back(boost::locale::gnu_gettext::messages_info::domain(std::string(kDomain)));
  const std::string wanted = "embedded/" + std::string(name.lang) + "/LC_MESSAGES/" + std::string(kDomain) + ".mo";
  const std::string resource = "po/" + std::string(name.lang) + ".mo";
  info.callback = [wanted, resource](const std::string& file_name, const std::string&) -> std::vector<char> {
    if (file_name != wanted) return {};
    auto mo = core::FindResource(resource);
    if (!mo) return {};
    return std::vector<char>(mo->begin(), mo->end());
  };
  return std::locale(base, boost::locale::gnu_gettext::create_messages_facet<char>(info));
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

bool IsLanguage(std::string_view lang) {
  return std::find(std::begin(kLanguages), std::end(kLanguages), lang) != std::end(kLanguages);
}

std::optional<std::string> LanguageCookie(std::string_view cookie_header) {
  size_t pos = 0;
  while (pos < cookie_header.size()) {
    size_t end = cookie_header.find(';', pos);
    if (end == std::string_view::npos) end = cookie_header.size();
    const std::string pair = Trim(cookie_header.substr(pos, end - pos));
    if (pair.starts_with("lb_lang=")) {
      std::string v = pair.substr(8);
      if (IsLanguage(v)) return v;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::string PickLanguage(const std::optional<std::string>& user_setting, std::string_view cookie_header,
                         std::string_view accept_language) {
  if (user_setting && IsLanguage(*user_setting)) return *user_setting;
  if (auto c = LanguageCookie(cookie_header)) return *c;
  // Accept-Language: "vi-VN,vi;q=0.9,en;q=0.5": the supported language with the highest q.
  std::string best = "en";
  double best_q = 0;
  size_t pos = 0;
  while (pos < accept_language.size()) {
    size_t end = accept_language.find(',', pos);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string item = Trim(accept_language.substr(pos, end - pos));
    pos = end + 1;
    double q = 1;
    if (size_t semi = item.find(';'); semi != std::string::npos) {
      std::string params = Trim(std::string_view(item).substr(semi + 1));
      item = Trim(std::string_view(item).substr(0, semi));
      if (params.starts_with("q=")) {
        try {
          q = std::stod(params.substr(2));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string primary = http::ToLowerAscii(item.substr(0, item.find('-')));
    if (IsLanguage(primary) && q > best_q) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

Translator::Translator(std::string lang) : lang_(std::move(lang)), locale_(BuildLocale(lang_)) {}

const Translator& Translator::For(std::string_view lang) {
  // Built once per language and never changed, so requests share them without locks.
  static const std::map<std::string, std::unique_ptr<Translator>, std::less<>> kAll = [] {
    std::map<std::string, std::unique_ptr<Translator>, std::less<>> all;
    for (auto l : kLanguages) all.emplace(std::string(l), std::unique_ptr<Translator>(new Translator(std::string(l))));
    return all;
  }();
  auto it = kAll.find(lang);
  if (it == kAll.end()) it = kAll.find("en");
  return *it->second;
}

std::string Translator::T(std::string_view msgid) const {
  return boost::locale::translate(std::string(msgid)).str(locale_);
}

std::string Translator::F(std::string_view msgid, const std::vector<std::string>& args) const {
  boost::locale::format f(T(msgid));
  for (const auto& a : args) f % a;
  return f.str(locale_);
}

std::string Translator::N(std::string_view singular, std::string_view plural, int64_t n) const {
  const std::string text =
      boost::locale::translate(std::string(singular), std::string(plural), static_cast<long long>(n)).str(locale_);
  return (boost::locale::format(text) % Number(n)).str(locale_);
}

std::string Translator::Number(int64_t n) const {
  std::ostringstream out;
  out.imbue(locale_);
  out << boost::locale::as::number << n;
  return out.str();
}

std::string Translator::Date(std::string_view iso) const { return DayFirstDate(iso); }

}  // namespace lb::ui
