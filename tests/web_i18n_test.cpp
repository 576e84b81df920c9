// The web interface's languages: every message the templates and page code use has a
// finished translation in po/vi.po and po/lo.po, and formatting follows each locale.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "ui/i18n.h"

namespace lb::ui {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A C string literal's text with \" and \\ unescaped (the only escapes our messages use).
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      out.push_back(s[i] == 'n' ? '\n' : s[i]);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The messages in use, as scripts/update-pot finds them: {{#t}}..{{/t}} in templates;
// literals given to T(), F(), N_() and the singular of N() in src/**/*.cpp and *.h.
std::set<std::string> MessagesInUse() {
  std::set<std::string> ids;
  const fs::path root = LB_SOURCE_DIR;
  const std::regex in_template(R"(\{\{#t\}\}([\s\S]*?)\{\{/t\}\})");
  for (const auto& e : fs::recursive_directory_iterator(root / "src")) {
    if (e.path().extension() != ".mustache" || e.path().parent_path().filename() != "templates") continue;
    const std::string text = ReadFile(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), in_template), end; it != end; ++it) ids.insert((*it)[1]);
  }
  const std::regex in_code(R"re((?:\bT|\bF|\bN_|\bN)\(\s*"((?:[^"\\]|\\.)*)")re");
  for (const auto& e : fs::recursive_directory_iterator(root / "src")) {
    if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
    const std::string text = ReadFile(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), in_code), end; it != end; ++it) {
      ids.insert(Unescape((*it)[1]));
    }
  }
  return ids;
}

struct PoEntry {
  bool fuzzy = false;
  std::vector<std::string> translations;  // msgstr, or msgstr[0..n]
};

// A small PO reader: comments, msgid / msgid_plural / msgstr[n], continued strings.
std::map<std::string, PoEntry> ReadPo(const fs::path& path) {
  std::map<std::string, PoEntry> out;
  std::istringstream in(ReadFile(path));
  std::string line, msgid, *target = nullptr;
  PoEntry entry;
  bool obsolete = false;
  auto flush = [&] {
    if (!msgid.empty() && !obsolete) out[msgid] = entry;
    msgid.clear();
    entry = PoEntry{};
    target = nullptr;
    obsolete = false;
  };
  auto quoted = [](const std::string& l) {
    const auto a = l.find('"'), b = l.rfind('"');
    return a == std::string::npos || b <= a ? std::string() : Unescape(l.substr(a + 1, b - a - 1));
  };
  std::string pending_id;
  bool in_id = false;
  while (std::getline(in, line)) {
    if (line.empty()) {
      flush();
      continue;
    }
    if (line.starts_with("#~")) obsolete = true;
    if (line.starts_with("#,") && line.find("fuzzy") != std::string::npos) entry.fuzzy = true;
    if (line.starts_with("#")) continue;
    if (line.starts_with("msgid ")) {
      msgid = quoted(line);
      in_id = true;
      target = &msgid;
    } else if (line.starts_with("msgid_plural ")) {
      in_id = false;
      target = nullptr;
    } else if (line.starts_with("msgstr")) {
      in_id = false;
      entry.translations.push_back(quoted(line));
      target = &entry.translations.back();
    } else if (line.starts_with("\"") && target) {
      *target += quoted(line);
    }
    (void)in_id;
  }
  flush();
  return out;
}

TEST(Catalogs, EveryMessageInUseHasAFinishedTranslation) {
  const auto ids = MessagesInUse();
  ASSERT_GT(ids.size(), 100u) << "the extraction found too few messages";
  for (const char* lang : {"vi", "lo"}) {
    const auto po = ReadPo(fs::path(LB_SOURCE_DIR) / "po" / (std::string(lang) + ".po"));
    for (const auto& id : ids) {
      auto it = po.find(id);
      if (it == po.end()) {
        ADD_FAILURE() << lang << ".po lacks \"" << id << "\" (run scripts/update-pot and translate it)";
        continue;
      }
      EXPECT_FALSE(it->second.fuzzy) << lang << ".po: \"" << id << "\" is fuzzy";
      EXPECT_FALSE(it->second.translations.empty()) << lang << ".po: \"" << id << "\" has no msgstr";
      for (const auto& t : it->second.translations)
        EXPECT_FALSE(t.empty()) << lang << ".po: \"" << id << "\" is untranslated";
      if (id.find("{1}") != std::string::npos) {
        for (const auto& t : it->second.translations) {
          EXPECT_NE(t.find("{1}"), std::string::npos) << lang << ".po: \"" << id << "\" lost its {1}";
        }
      }
    }
  }
}

TEST(Catalogs, ReadTheEmbeddedTranslations) {
  EXPECT_EQ(Translator::For("lo").T("Work permit"), "ໃບອະນຸຍາດເຮັດວຽກ");
  EXPECT_EQ(Translator::For("vi").T("Work permit"), "Giấy phép lao động");
  EXPECT_EQ(Translator::For("en").T("Work permit"), "Work permit");
  EXPECT_EQ(Translator::For("xx").lang(), "en");
  EXPECT_EQ(Translator::For("vi").F("{1} is required.", {"Họ"}), "Cần nhập Họ.");
  EXPECT_EQ(Translator::For("lo").T("No such message, kept as it is"), "No such message, kept as it is");
}

TEST(Formatting, NumbersDatesAndPluralsFollowTheLocale) {
  EXPECT_EQ(Translator::For("en").Number(1234567), "1,234,567");
  EXPECT_EQ(Translator::For("vi").Number(1234567), "1.234.567");
  EXPECT_EQ(Translator::For("en").Date("2026-05-21"), "21/05/2026");
  EXPECT_NE(Translator::For("vi").Date("2026-05-21").find("2026"), std::string::npos);
  EXPECT_EQ(Translator::For("vi").Date("2026-05-21"), "21/05/2026");
  EXPECT_EQ(Translator::For("vi").Date("1978-05"), "05/1978") << "partial dates are shown day first too";
  EXPECT_NE(Translator::For("en").Date("2026-05-21T08:30:00.123Z").find("08:30"), std::string::npos);
  // (A plural message in use: the dashboard's old "within {1} days" went with its card.)
  EXPECT_EQ(Translator::For("en").N("in {1} day", "in {1} days", 1), "in 1 day");
  EXPECT_EQ(Translator::For("en").N("in {1} day", "in {1} days", 30), "in 30 days");
  EXPECT_EQ(Translator::For("lo").N("in {1} day", "in {1} days", 30), "ອີກ 30 ມື້");
}

TEST(Language, UserSettingThenCookieThenAcceptLanguageThenEnglish) {
  EXPECT_EQ(PickLanguage("lo", "lb_lang=vi", "vi"), "lo");
  EXPECT_EQ(PickLanguage(std::nullopt, "a=b; lb_lang=vi", "lo"), "vi");
  EXPECT_EQ(PickLanguage(std::nullopt, "lb_lang=xx", "lo-LA,lo;q=0.9"), "lo");
  EXPECT_EQ(PickLanguage(std::nullopt, "", "fr-FR, vi;q=0.8, en;q=0.5"), "vi");
  EXPECT_EQ(PickLanguage(std::nullopt, "", "fr-FR, de"), "en");
  EXPECT_EQ(PickLanguage(std::nullopt, "", ""), "en");
  EXPECT_EQ(PickLanguage(std::string("de"), "", "vi"), "vi") << "an unknown saved value is ignored";
  EXPECT_EQ(PickLanguage(std::nullopt, "", "vi;q=abc, lo;q=0.2"), "lo");
}

}  // namespace
}  // namespace lb::ui
