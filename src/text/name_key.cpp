#include "text/name_key.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "text/fold.h"
#include "text/lao.h"
#include "text/name_match.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace lb::text {
namespace {

bool IsVowelLetter(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }

// The last step of every key: doubled classes collapse ("souvanna" and "Xu-văn-na" meet),
// and a glide i before the consonant y goes ("Xay-nha" meets "Saya").
std::string Finish(const std::string& raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (!out.empty() && out.back() == c) continue;
    if (c == 'y' && !out.empty() && out.back() == 'i' && out.size() >= 2 && IsVowelLetter(out[out.size() - 2])) {
      out.back() = 'y';
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// A final stop before an onset of the same place is written once in passports: ວັດທະນາ is
// "Vathana", ບຸບຜາວັນ "Bouphavanh", ບຸດຕະນະວົງ "Bouttanavong". `onset`: keep the onset (th, ph,
// kh: the usual passport reading); otherwise keep the final (Khattiya for ຂັດທິຍະ).
bool SamePlacePair(char fin, char onset) {
  switch (fin) {
    case 't':
      return onset == 'T' || onset == 'd';
    case 'p':
      return onset == 'f' || onset == 'b';
    case 'k':
      return onset == 'K';
    default:
      return false;
  }
}

}  // namespace

std::string CollapseStopPairs(std::string_view key, bool onset) {
  std::string out;
  out.reserve(key.size());
  for (size_t i = 0; i < key.size(); ++i) {
    if (i + 1 < key.size() && SamePlacePair(key[i], key[i + 1])) {
      out.push_back(onset ? key[i + 1] : key[i]);
      ++i;
      continue;
    }
    out.push_back(key[i]);
  }
  return out;
}

namespace {

bool HasStopPair(std::string_view key) {
  for (size_t i = 0; i + 1 < key.size(); ++i) {
    if (SamePlacePair(key[i], key[i + 1])) return true;
  }
  return false;
}

constexpr uint32_t Pair(char a, char b) {
  return static_cast<uint32_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
}

std::string_view OnsetKey(std::string_view s) {
  if (s.size() == 1) {
    switch (s[0]) {
      case 'b':
        return "b";
      case 'c':
      case 'g':
      case 'k':
      case 'q':
        return "k";
      case 'd':
        return "d";
      case 'f':
        return "f";
      case 'h':
        return "h";
      case 'j':
        return "c";
      case 'l':
      case 'r':
        return "l";
      case 'm':
        return "m";
      case 'n':
        return "n";
      case 'p':
        return "p";
      case 's':
      case 'x':
      case 'z':
        return "s";
      case 't':
        return "t";
      case 'v':
      case 'w':
        return "v";
      case 'y':
        return "y";
      default:
        return {};
    }
  }
  if (s.size() == 2) {
    switch (Pair(s[0], s[1])) {
      case Pair('n', 'g'):
        return "G";
      case Pair('n', 'h'):
      case Pair('n', 'y'):
      case Pair('g', 'n'):
        return "y";
      case Pair('p', 'h'):
      case Pair('b', 'h'):
        return "f";
      case Pair('t', 'h'):
        return "T";
      case Pair('k', 'h'):
        return "K";
      case Pair('c', 'h'):
      case Pair('d', 'j'):
        return "c";
      case Pair('g', 'h'):
        return "k";
      case Pair('s', 'h'):
        return "s";
      case Pair('d', 'h'):
        return "d";
      case Pair('r', 'h'):
        return "l";
      case Pair('k', 'w'):
        return "ku";
      default:
        return {};
    }
  }
  if (s == "ngh") return "G";
  if (s == "tch") return "c";
  return {};
}

// The key of a final consonant spelling, or nothing when `s` is not one final.
bool FinalKey(std::string_view s, std::string& out, char vowel_before = 0) {
  if (s.empty()) return true;
  if (s == "ng") return out += "G", true;
  // Final nh: Lao passports write ັນ as "anh" (Viphavanh); the Vietnamese press writes the
  // ng after i and ê as "nh" (ສິງ → xinh, ເລັ່ງ → lềnh), as Vietnamese spelling does.
  if (s == "nh" && (vowel_before == 'i' || vowel_before == 'e')) return out += "G", true;
  if (s == "nh" || s == "n") return out += "n", true;
  if (s == "m") return out += "m", true;
  if (s == "t" || s == "th" || s == "d" || s == "dh" || s == "tt") return out += "t", true;
  if (s == "k" || s == "c" || s == "ch" || s == "g" || s == "ck" || s == "q" || s == "kh") return out += "k", true;
  if (s == "p" || s == "b" || s == "ph") return out += "p", true;
  if (s == "h") return true;
  if (s == "s" || s == "x" || s == "z") return out += "s", true;
  if (s == "l" || s == "r") return out += "l", true;
  return false;
}

// Vowel clusters: the spellings of the three styles mapped to one class.
// Longest spelling first at each position.
std::string VowelKey(std::string_view v) {
  std::string out;
  size_t i = 0;
  while (i < v.size()) {
    const std::string_view rest = v.substr(i);
    if (rest.starts_with("ouai")) {
      out += "uai", i += 4;
      continue;
    }
    if (rest.size() >= 3) {
      const std::string_view three = rest.substr(0, 3);
      if (three == "oua" || three == "uea" || three == "eua") {
        out += "ua", i += 3;
        continue;
      }
      if (three == "uye") {
        out += "uia", i += 3;
        continue;
      }
      if (three == "iea") {
        out += "ia", i += 3;
        continue;
      }
      if (three == "aou") {
        out += "ao", i += 3;
        continue;
      }
    }
    if (rest.size() >= 2) {
      std::string_view key;
      switch (Pair(rest[0], rest[1])) {
        case Pair('a', 'i'):
        case Pair('a', 'y'):
          key = "ai";
          break;
        case Pair('a', 'e'):
          key = "e";
          break;
        case Pair('a', 'o'):
        case Pair('a', 'u'):
          key = "ao";
          break;
        case Pair('a', 'w'):
        case Pair('o', 'w'):
        case Pair('o', 'o'):
          key = "o";
          break;
        case Pair('e', 'e'):
          key = "i";
          break;
        case Pair('e', 'u'):
        case Pair('o', 'e'):
        case Pair('o', 'u'):
        case Pair('u', 'e'):
          key = "u";
          break;
        case Pair('i', 'a'):
        case Pair('i', 'e'):
          key = "ia";
          break;
        case Pair('i', 'u'):
        case Pair('i', 'w'):
          key = "io";
          break;
        case Pair('o', 'a'):
        case Pair('u', 'a'):
        case Pair('u', 'o'):
          key = "ua";
          break;
        case Pair('u', 'i'):
        case Pair('u', 'y'):
          key = "ui";
          break;
        case Pair('e', 'w'):
          key = "eo";
          break;
        case Pair('e', 'y'):
          key = "ei";
          break;
        default:
          break;
      }
      if (!key.empty()) {
        out += key, i += 2;
        continue;
      }
    }
    const char c = v[i++];
    out.push_back(c == 'y' ? 'i' : (c == 'w' ? 'o' : c));
  }
  return out;
}

// Splits a consonant run between two vowels into the previous syllable's final and the next
// syllable's onset: the longest onset spelling that ends the run, the rest a final.
void SplitRun(std::string_view run, bool vowel_before, bool vowel_after, std::string& out) {
  const char last_vowel = vowel_before && !out.empty() ? out.back() : 0;
  if (!vowel_after) {
    // The run ends the word: all of it is final (or, with no vowel at all, onsets).
    if (vowel_before && FinalKey(run, out, last_vowel)) return;
  } else {
    for (size_t len = std::min<size_t>(3, run.size()); len >= 1; --len) {
      const std::string_view onset = run.substr(run.size() - len);
      const std::string_view key = OnsetKey(onset);
      if (key.empty()) continue;
      std::string fin;
      if (!vowel_before && len < run.size()) break;
      if (FinalKey(run.substr(0, run.size() - len), fin, last_vowel)) {
        out += fin;
        out += key;
        return;
      }
    }
  }
  // Anything else: letter by letter.
  for (size_t i = 0; i < run.size();) {
    std::string_view key;
    size_t len = std::min<size_t>(3, run.size() - i);
    for (; len >= 1; --len) {
      key = OnsetKey(run.substr(i, len));
      if (!key.empty()) break;
    }
    if (len == 0) {
      out.push_back(run[i]);
      ++i;
      continue;
    }
    out += key;
    i += len;
  }
}

// Whether y or w at position i of a word acts as a vowel (glide or i) rather than a consonant.
bool ActsAsVowel(std::string_view w, size_t i) {
  const char c = w[i];
  if (IsVowelLetter(c)) return true;
  if (c != 'y' && c != 'w') return false;
  const bool next_vowel = i + 1 < w.size() && IsVowelLetter(w[i + 1]);
  if (c == 'y') {
    // Vietnamese uyê is one vowel, the ວຽ of Lao (Nguyễn, ຫງວຽນ).
    if (i > 0 && w[i - 1] == 'u' && i + 1 < w.size() && w[i + 1] == 'e') return true;
    if (next_vowel) return false;  // Yathotou, Saya
    // ny/nh/gn before it are an onset, and "ny" at a word end reads as n + i (Pany).
    return true;
  }
  return i > 0 && IsVowelLetter(w[i - 1]) && !next_vowel;  // Kaew, Keow
}

// Silent French e after n or m that closes a long vowel: Sone, Phomvihane, Sonexay.
bool SilentE(std::string_view w, size_t i) {
  if (w[i] != 'e' || i < 2) return false;
  const char prev = w[i - 1];
  if (prev != 'n' && prev != 'm') return false;
  if (!IsVowelLetter(w[i - 2]) || w[i - 2] == 'e') return false;
  if (i + 1 == w.size()) return true;
  const char next = w[i + 1];
  return IsAsciiLetter(next) && !IsVowelLetter(next) && next != 'y' && next != 'w';
}

// The letters of a VietDetail form for keying: ươ → ua, ơ → eu, other marks dropped.
std::string VietKeyLetters(const std::string& detail) {
  std::string out;
  for (size_t i = 0; i < detail.size(); ++i) {
    const char c = detail[i];
    if (c >= '0' && c <= '9' && i + 1 >= detail.size()) break;
    if (detail.compare(i, 4, "u+o+") == 0) {
      out += "ua";
      i += 3;
      continue;
    }
    if (detail.compare(i, 2, "o+") == 0) {
      out += "eu";
      ++i;
      continue;
    }
    if (c == '(' || c == '^' || c == '+' || c == '-') continue;
    if (c >= 'a' && c <= 'z') out.push_back(c);
  }
  return out;
}

}  // namespace

namespace {

// An r after a vowel and not before one is not sounded in Lao (and Thai) Latin spellings: it
// marks a long vowel (Anoupharb for Anouphab, Lorvanxay for ລໍວັນໄຊ), and "er" writes the vowel
// ɤ of ເ-ີ (Yiapaoher for ເຢຍປາວເຮີ, as Thai "Chalerm"). Vietnamese has no final r.
std::string SilentR(const std::string& w) {
  std::string out;
  out.reserve(w.size() + 2);
  for (size_t i = 0; i < w.size(); ++i) {
    const bool silent = w[i] == 'r' && i > 0 && IsVowelLetter(w[i - 1]) &&
                        (i + 1 == w.size() || (IsAsciiLetter(w[i + 1]) && !IsVowelLetter(w[i + 1]) && w[i + 1] != 'y' &&
                                               w[i + 1] != 'w' && w[i + 1] != 'r'));
    if (!silent) {
      out.push_back(w[i]);
      continue;
    }
    if (w[i - 1] == 'e' && (i < 2 || !IsVowelLetter(w[i - 2]))) {
      out.back() = 'o';
      out.push_back('e');
    }
  }
  return out;
}

std::string LatinKeyOnce(std::string_view word) {
  std::string w;
  w.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    if (!SilentE(word, i)) w.push_back(word[i]);
  }
  if (w.find('r') != std::string::npos) w = SilentR(w);
  std::string raw;
  raw.reserve(w.size());
  size_t i = 0;
  bool vowel_before = false;
  while (i < w.size()) {
    const char c = w[i];
    if (!IsAsciiLetter(c)) {
      raw.push_back(c);  // digits and anything unfolded stay as they are
      ++i;
      vowel_before = false;
      continue;
    }
    if (ActsAsVowel(w, i)) {
      size_t j = i;
      while (j < w.size() && IsAsciiLetter(w[j]) && ActsAsVowel(w, j)) ++j;
      raw += VowelKey(std::string_view(w).substr(i, j - i));
      vowel_before = true;
      i = j;
      continue;
    }
    size_t j = i;
    while (j < w.size() && IsAsciiLetter(w[j]) && !ActsAsVowel(w, j)) ++j;
    const bool vowel_after = j < w.size() && IsAsciiLetter(w[j]);
    SplitRun(std::string_view(w).substr(i, j - i), vowel_before, vowel_after, raw);
    vowel_before = false;
    i = j;
  }
  return Finish(CollapseStopPairs(raw, true));
}

// Where a word has "nh" or "ny" between vowels, the other reading of it: n closing one syllable
// and h or y opening the next (Bounheuang is ບຸນເຮືອງ, not ບຸເຍືອງ). Empty when there is none.
std::string LatinBoundaryKey(std::string_view w) {
  std::string out;
  size_t start = 0;
  bool split = false;
  for (size_t i = 1; i + 2 < w.size(); ++i) {
    if (w[i] == 'n' && (w[i + 1] == 'h' || w[i + 1] == 'y') && IsVowelLetter(w[i - 1]) && IsVowelLetter(w[i + 2])) {
      out += LatinKeyOnce(w.substr(start, i + 1 - start));
      start = i + 1;
      split = true;
    }
  }
  if (!split) return {};
  out += LatinKeyOnce(w.substr(start));
  return Finish(out);
}

}  // namespace

std::string LatinKey(std::string_view word) { return LatinKeyOnce(word); }

namespace {

std::string_view LaoOnsetKey(char32_t c) {
  switch (c) {
    case 0x0E81:
      return "k";
    case 0x0E82:
    case 0x0E84:
      return "K";
    case 0x0E87:
      return "G";
    case 0x0E88:
      return "c";
    case 0x0EAA:
    case 0x0E8A:
      return "s";
    case 0x0E8D:
    case 0x0EA2:
      return "y";
    case 0x0E94:
      return "d";
    case 0x0E95:
      return "t";
    case 0x0E96:
    case 0x0E97:
      return "T";
    case 0x0E99:
      return "n";
    case 0x0E9A:
      return "b";
    case 0x0E9B:
      return "p";
    case 0x0E9C:
    case 0x0E9D:
    case 0x0E9E:
    case 0x0E9F:
      return "f";
    case 0x0EA1:
      return "m";
    case 0x0EA3:
    case 0x0EA5:
      return "l";
    case 0x0EA7:
      return "v";
    case 0x0EAB:
    case 0x0EAE:
      return "h";
    default:
      return "";
  }
}

std::string_view LaoFinalKey(char32_t c) {
  switch (c) {
    case 0:
      return "";
    case 0x0E81:
      return "k";
    case 0x0E87:
      return "G";
    case 0x0E94:
    case 0x0E95:
    case 0x0E97:
      return "t";
    case 0x0E99:
      return "n";
    case 0x0E9A:
      return "p";
    case 0x0EA1:
      return "m";
    case 0x0E8D:
      return "i";
    case 0x0EA7:
      return "o";
    default:
      return LaoOnsetKey(c);
  }
}

std::string_view LaoVowelKey(LaoVowel v, bool closed) {
  switch (v) {
    case LaoVowel::kNone:
      return closed ? "o" : "";
    case LaoVowel::kA:
      return "a";
    case LaoVowel::kI:
      return "i";
    case LaoVowel::kUe:
    case LaoVowel::kU:
    case LaoVowel::kOe:
      return "u";
    case LaoVowel::kE:
    case LaoVowel::kAe:
      return "e";
    case LaoVowel::kO:
    case LaoVowel::kOr:
      return "o";
    case LaoVowel::kIa:
      return "ia";
    case LaoVowel::kUea:
    case LaoVowel::kUa:
      return "ua";
    case LaoVowel::kAi:
      return "ai";
    case LaoVowel::kAo:
      return "ao";
    case LaoVowel::kAm:
      return "am";
  }
  return "";
}

}  // namespace

namespace {

std::string LaoKeyRaw(std::string_view lao_word) {
  const std::u32string cps = DecodeUtf8Lenient(lao_word);
  std::string raw;
  for (const LaoSyllable& s : ParseLaoSyllablesUnchecked(cps)) {
    if (s.other) {
      for (char32_t c : s.text) {
        if (c >= 0x0ED0 && c <= 0x0ED9) raw.push_back(static_cast<char>('0' + (c - 0x0ED0)));
      }
      continue;
    }
    raw += LaoOnsetKey(s.initial);
    if (s.medial == 0x0EA5) raw += "l";
    if (s.medial == 0x0EA7) raw += "u";
    raw += LaoVowelKey(s.vowel, s.final != 0);
    raw += LaoFinalKey(s.final);
  }
  return raw;
}

}  // namespace

std::string LaoKey(std::string_view lao_word) { return Finish(CollapseStopPairs(LaoKeyRaw(lao_word), true)); }

std::string KeyWithAlternative(std::string_view folded_word, std::string* alt) {
  for (size_t i = 0; i < folded_word.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded_word[i]);
    if (c < 0x80) continue;
    // U+0E80..U+0EFF is E0 BA xx / E0 BB xx in UTF-8.
    const bool lao = c == 0xE0 && i + 1 < folded_word.size() &&
                     (static_cast<unsigned char>(folded_word[i + 1]) == 0xBA ||
                      static_cast<unsigned char>(folded_word[i + 1]) == 0xBB);
    if (!lao && !IsLaoText(folded_word)) return std::string(folded_word);
    const std::string raw = LaoKeyRaw(folded_word);
    std::string key = Finish(CollapseStopPairs(raw, true));
    if (alt && HasStopPair(raw)) {
      *alt = Finish(CollapseStopPairs(raw, false));
      if (*alt == key) alt->clear();
    }
    return key;
  }
  std::string key = LatinKeyOnce(folded_word);
  if (alt) {
    *alt = LatinBoundaryKey(folded_word);
    if (*alt == key) alt->clear();
  }
  return key;
}

std::string PhoneticKey(std::string_view folded_word) { return KeyWithAlternative(folded_word, nullptr); }

namespace {

// Titles written before a name (docs/matching.md, "Titles"). Only a whole leading word is a
// title, never a syllable inside a name, and the last word of a name is never taken.
// Lao titles in Lao script (also glued to the name, as lists often write them: ທ້າວສອນໄຊ).
const std::vector<std::string>& LaoTitles() {
  static const std::vector<std::string> titles = [] {
    std::vector<std::string> t;
    // Longest first, so ທ່ານນາງ is taken whole before ທ່ານ.
    for (const char* s : {"ທ່ານນາຍົກລັດຖະມົນຕີ", "ພະນະທ່ານ", "ທ່ານນາງ", "ທ່ານ", "ທ້າວ", "ສະຫາຍ", "ປະທານ", "ພົນເອກ", "ພົນໂທ", "ພົນຕີ",
                          "ນາງ", "ສາວ", "ປອ"}) {
      t.push_back(NormalizeLaoUnchecked(s));
    }
    return t;
  }();
  return titles;
}
// Of these, the ones also found glued to the name that follows (never ນາງ or ສາວ, which begin
// given names too, nor the short ones).
bool GluedLaoTitle(std::string_view t) {
  return t == LaoTitles()[0] || t == LaoTitles()[1] || t == LaoTitles()[2] || t == LaoTitles()[3] ||
         t == LaoTitles()[4] || t == LaoTitles()[5];
}

// Latin titles, folded: English and French forms seen on lists and in the press.
constexpr std::array<std::string_view, 17> kLatinTitles{"mr",    "mrs",     "ms",   "miss", "dr",      "madame",
                                                        "mme",   "mdm",     "prof", "gen",  "general", "lt",
                                                        "major", "colonel", "col",  "capt", "captain"};
// Lao titles written in Latin letters (ທ້າວ, ນາງ, ສາວ); "Thào" is also a H'Mông family name.
constexpr std::array<std::string_view, 3> kLaoLatinTitles{"thao", "nang", "sao"};
// Vietnamese forms of address, with the marks they must have when written with marks.
struct VietTitle {
  std::string_view folded, detail;
};
constexpr std::array<VietTitle, 4> kVietTitles{{{"ong", "o^ng0"}, {"ba", "ba2"}, {"anh", "anh0"}, {"chi", "chi5"}}};
// Vietnamese military ranks, two words, that the press sets before the names of officers of
// both countries ("Thượng tướng Suvon Luongbunmi"): general, colonel and their grades.
struct VietRank {
  std::string_view first, second;  // as written with their marks
};
constexpr std::array<VietRank, 8> kVietRanks{{{"Đại", "tướng"},
                                              {"Thượng", "tướng"},
                                              {"Trung", "tướng"},
                                              {"Thiếu", "tướng"},
                                              {"Đại", "tá"},
                                              {"Thượng", "tá"},
                                              {"Trung", "tá"},
                                              {"Thiếu", "tá"}}};

// A written Vietnamese word as the tokens hold it: folded letters and marks.
struct VietWordForm {
  std::string folded, detail;
};
VietWordForm FormOf(std::string_view written) { return {FoldNameUnchecked(written), VietDetailUnchecked(written)}; }

// The token is the word: the same letters, and the same marks when it is written with marks.
bool Is(const NameToken& t, const VietWordForm& w) {
  return !t.lao_script && t.folded == w.folded && (t.viet.empty() || t.viet == w.detail);
}

// A two-word Vietnamese title at `at`: a military rank, or Đồng chí (comrade) written with its
// marks. The press sets both before Lao and Vietnamese names alike ("Đồng chí Bun-nhăng
// Vo-la-chít", "đồng chí Pany Yathotou"). Unmarked, "Dong Chi" could be a name and is taken
// only before a Vietnamese name (StripTitles). At least one word must carry its marks.
bool IsVietTwoWordTitle(const std::vector<NameToken>& tokens, size_t at) {
  static const auto titles = [] {
    std::vector<std::pair<VietWordForm, VietWordForm>> t;
    for (const auto& r : kVietRanks) t.emplace_back(FormOf(r.first), FormOf(r.second));
    t.emplace_back(FormOf("Đồng"), FormOf("chí"));
    return t;
  }();
  const NameToken& a = tokens[at];
  const NameToken& b = tokens[at + 1];
  if (a.viet.empty() && b.viet.empty()) return false;
  for (const auto& [first, second] : titles) {
    if (Is(a, first) && Is(b, second)) return first.folded != "dong" || (!a.viet.empty() && !b.viet.empty());
  }
  return false;
}

// Key of a Lao word with a glued title taken off, or nothing when it has none.
bool StripGluedLaoTitle(NameToken& t) {
  for (const std::string& title : LaoTitles()) {
    if (!GluedLaoTitle(title) || t.folded.size() <= title.size() || !t.folded.starts_with(title)) continue;
    std::string rest = t.folded.substr(title.size());
    // What remains must be a name: at least two syllables, starting with a consonant or a leading vowel.
    const auto syl = ParseLaoSyllablesUnchecked(DecodeUtf8Lenient(rest));
    size_t real = 0;
    for (const auto& x : syl) real += !x.other;
    if (real < 2 || syl.front().other) return false;
    t.folded = std::move(rest);
    t.alt_key.clear();
    t.key = KeyWithAlternative(t.folded, &t.alt_key);
    return true;
  }
  return false;
}

void StripTitles(std::vector<NameToken>& tokens) {
  size_t drop = 0;
  auto rest_vietnamese = [&](size_t from) {
    return LooksVietnamese(std::vector<NameToken>(tokens.begin() + static_cast<std::ptrdiff_t>(from), tokens.end()));
  };
  while (tokens.size() - drop >= 2) {
    const NameToken& t = tokens[drop];
    bool title = false;
    if (t.lao_script) {
      title = std::find(LaoTitles().begin(), LaoTitles().end(), t.folded) != LaoTitles().end();
    } else if (std::find(kLatinTitles.begin(), kLatinTitles.end(), t.folded) != kLatinTitles.end()) {
      title = t.viet.empty();
    } else if (std::find(kLaoLatinTitles.begin(), kLaoLatinTitles.end(), t.folded) != kLaoLatinTitles.end()) {
      title = t.viet.empty() && !rest_vietnamese(drop + 1);
    } else if (tokens.size() - drop >= 3 && IsVietTwoWordTitle(tokens, drop)) {
      drop += 2;  // a rank, or Đồng chí (comrade), before any name
      continue;
    } else if (t.folded == "dong" && tokens[drop + 1].folded == "chi" && tokens.size() - drop >= 3) {
      // Đồng chí (comrade) without marks, before a Vietnamese name
      if ((t.viet.empty() || t.viet == "d-o^ng2") && rest_vietnamese(drop + 2)) {
        drop += 2;
        continue;
      }
    } else if (t.folded == "hoang" && tokens[drop + 1].folded == "than" && tokens.size() - drop >= 3 &&
               !rest_vietnamese(drop + 2)) {
      drop += 2;  // Hoàng thân (prince), before a Lao name
      continue;
    } else {
      for (const auto& v : kVietTitles) {
        if (t.folded == v.folded && (t.viet.empty() || t.viet == v.detail) && tokens.size() - drop >= 3 &&
            rest_vietnamese(drop + 1)) {
          title = true;
        }
      }
    }
    if (!title) break;
    ++drop;
  }
  if (drop) tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(drop));
  if (!tokens.empty() && tokens.front().lao_script) StripGluedLaoTitle(tokens.front());
}

// Readings of Vietnamese letters that the Vietnamese press and the Lao services use for each
// other's names, as a word's second key (when it has none), in a name written with Vietnamese
// marks or reading as Vietnamese: "anh" is the vowel of ແ-ງ (the press writes ຄຳແພງ
// "Khăm-phanh"), â the vowel ɤ of ເ-ິ (VNA's Lao service writes Tô Lâm ໂຕເລິມ), and a closing
// "inh" is also ິນ. Vietnamese names compare by their letters
// (name_match.cpp), so these readings only meet Lao script and Lao Latin spellings.
void AddVietnameseReadings(std::vector<NameToken>& tokens) {
  bool marked = false, candidate = false;
  for (const auto& t : tokens) {
    marked = marked || !t.viet.empty();
    candidate = candidate || (!t.lao_script && t.alt_key.empty() &&
                              (t.folded.find("anh") != std::string::npos || t.folded.ends_with("inh") ||
                               t.viet.find("a^") != std::string::npos));
  }
  if (!candidate || (!marked && !LooksVietnamese(tokens))) return;
  for (auto& t : tokens) {
    if (t.lao_script || !t.alt_key.empty()) continue;
    std::string letters = t.viet.find("o+") != std::string::npos ? VietKeyLetters(t.viet) : t.folded;
    if (const size_t at = t.viet.find("a^"); at != std::string::npos) {
      std::string detail = t.viet;
      detail.replace(at, 2, "o+");
      letters = VietKeyLetters(detail);
    } else {
      bool changed = false;
      for (size_t i = letters.find("anh"); i != std::string::npos; i = letters.find("anh", i + 3)) {
        if (i > 0 && IsVowelLetter(letters[i - 1])) continue;
        if (i + 3 < letters.size() && (IsVowelLetter(letters[i + 3]) || letters[i + 3] == 'y')) continue;
        letters.replace(i, 3, "eng");
        changed = true;
      }
      // A closing "inh" is written ິນ as often as ິງ (ຟ້າມມິນຈິງ and ຟ້າມມິງຈິງ for Phạm Minh Chính).
      if (!changed && letters.size() >= 4 && letters.ends_with("inh") && !IsVowelLetter(letters[letters.size() - 4])) {
        letters.pop_back();
        changed = true;
      }
      if (!changed) continue;
    }
    std::string alt = LatinKey(letters);
    if (alt != t.key) t.alt_key = std::move(alt);
  }
}

}  // namespace

std::vector<NameToken> NameTokensUnchecked(std::string_view name) {
  std::vector<NameToken> tokens;
  tokens.reserve(4);
  const std::string folded = FoldNameUnchecked(name);
  // Vietnamese detail per word of the original, split exactly as FoldName splits it.
  std::vector<std::u32string> originals;
  // Vietnamese marks live in Latin-1 (C3), Latin Extended-A/B (C4–C6), the combining marks
  // (CC, CD) and Latin Extended Additional (E1 B8–BB); without any of these bytes there is
  // no mark to keep, and the per-word detail is skipped.
  bool maybe_marked = false;
  for (size_t i = 0; i < name.size() && !maybe_marked; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    maybe_marked = (c >= 0xC3 && c <= 0xC6) || c == 0xCC || c == 0xCD ||
                   (c == 0xE1 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) >= 0xB8 &&
                    static_cast<unsigned char>(name[i + 1]) <= 0xBB);
  }
  if (maybe_marked) originals = NameWordsOf(name);
  size_t start = 0;
  size_t index = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    NameToken t;
    t.folded = folded.substr(start, end - start);
    t.lao_script = static_cast<unsigned char>(t.folded[0]) >= 0x80 && t.folded.size() >= 3 &&
                   static_cast<unsigned char>(t.folded[0]) == 0xE0 &&
                   (static_cast<unsigned char>(t.folded[1]) == 0xBA || static_cast<unsigned char>(t.folded[1]) == 0xBB);
    if (!t.lao_script && static_cast<unsigned char>(t.folded[0]) >= 0x80) t.lao_script = IsLaoText(t.folded);
    t.key = KeyWithAlternative(t.folded, &t.alt_key);
    if (index < originals.size() && !t.lao_script && HasVietMarksOf(originals[index])) {
      t.viet = VietDetailOf(originals[index]);
      // Vietnamese letters that folding merges but Lao names keep apart: ơ is the vowel of
      // ເ-ີ (written "eu" in passports) and ươ the one of ເ-ືອ.
      if (t.viet.find("o+") != std::string::npos) t.key = LatinKey(VietKeyLetters(t.viet)), t.alt_key.clear();
    }
    tokens.push_back(std::move(t));
    start = end + 1;
    ++index;
  }
  StripTitles(tokens);
  AddVietnameseReadings(tokens);
  return tokens;
}

core::Result<std::vector<NameToken>> NameTokens(std::string_view name) {
  if (!IsValidUtf8(name)) return core::Fail(InvalidUtf8("name"));
  return NameTokensUnchecked(name);
}

}  // namespace lb::text
