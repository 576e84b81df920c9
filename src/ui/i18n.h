#pragma once
// The web interface's languages: gettext catalogs (po/*.po, compiled into the binary) loaded
// through Boost.Locale with ICU, one immutable std::locale per language built once and
// shared by every request (never the process-global locale).
#include <cstdint>
#include <locale>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lb::ui {

// The languages of the interface, English first (the source language of the catalogs).
inline constexpr std::string_view kLanguages[] = {"en", "vi", "lo"};

bool IsLanguage(std::string_view lang);

// The language for a request: the user's saved setting, else the `lb_lang` cookie (set by the
// switcher before signing in), else the best of Accept-Language, else English.
std::string PickLanguage(const std::optional<std::string>& user_setting, std::string_view cookie_header,
                         std::string_view accept_language);

// The `lb_lang` cookie's value in a Cookie header, if it names a language.
std::optional<std::string> LanguageCookie(std::string_view cookie_header);

// Translations and locale-aware formatting in one language.
class Translator {
 public:
  // The translator for `lang` (English for anything unknown); built on first use, then shared.
  static const Translator& For(std::string_view lang);

  const std::string& lang() const { return lang_; }
  const std::locale& locale() const { return locale_; }

  // The translation of `msgid` (itself when the catalog has none).
  std::string T(std::string_view msgid) const;
  // Translation with {1}, {2}... replaced by `args` (Boost.Locale format, ICU underneath).
  std::string F(std::string_view msgid, const std::vector<std::string>& args) const;
  // Plural-aware translation; {1} in the result is the number, formatted for the locale.
  std::string N(std::string_view singular, std::string_view plural, int64_t n) const;
  // A whole number with the locale's grouping (1,234 / 1.234).
  std::string Number(int64_t n) const;
  // A date day first, as both countries and en-GB write it: "21/05/2026", a partial date
  // "05/1978" or "1978", an RFC 3339 time as its date and time in the node's zone
  // ("21/05/2026 15:30"); the same in every language (ui/dates.h DayFirstDate).
  std::string Date(std::string_view iso) const;

 private:
  explicit Translator(std::string lang);
  std::string lang_;
  std::locale locale_;
};

}  // namespace lb::ui
