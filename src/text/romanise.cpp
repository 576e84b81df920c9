#include "text/romanise.h"

#include <unicode/uchar.h>

#include <cctype>

#include "text/lao.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace lb::text {
namespace {

using V = LaoVowel;

bool IsLaoCp(char32_t c) { return c >= 0x0E80 && c <= 0x0EFF; }

// Initial consonants. Vietnamese press spells /k/ as k before front vowels and c elsewhere,
// and /ŋ/ as ngh before front vowels, as Vietnamese orthography does.
std::string Onset(char32_t c, RomanStyle style, bool word_start, bool after_open) {
  const bool vn = style == RomanStyle::kVietnamese;
  switch (c) {
    case 0x0E81:
      return "k";  // ກ (c/k decided by the caller for Vietnamese)
    case 0x0E82:
    case 0x0E84:
      return "kh";  // ຂ ຄ
    case 0x0E87:
      return "ng";  // ງ
    case 0x0E88:
      return "ch";  // ຈ
    case 0x0EAA:
      return vn ? "x" : "s";  // ສ
    case 0x0E8A:              // ຊ
      if (vn || style == RomanStyle::kBgnPcgn) return "x";
      if (style == RomanStyle::kFrench) return "s";
      return word_start ? "s" : "x";
    case 0x0E8D:  // ຍ
      if (style == RomanStyle::kBgnPcgn) return "gn";
      if (style != RomanStyle::kVietnamese && !word_start && after_open) return "y";
      return "nh";
    case 0x0E94:
      return vn ? "đ" : "d";  // ດ
    case 0x0E95:
      return "t";  // ຕ
    case 0x0E96:
    case 0x0E97:
      return "th";  // ຖ ທ
    case 0x0E99:
      return "n";  // ນ
    case 0x0E9A:
      return "b";  // ບ
    case 0x0E9B:
      return "p";  // ປ
    case 0x0E9C:
    case 0x0E9E:
      return "ph";  // ຜ ພ
    case 0x0E9D:
    case 0x0E9F:
      return vn ? "ph" : "f";  // ຝ ຟ
    case 0x0EA1:
      return "m";  // ມ
    case 0x0EA2:
      return "y";  // ຢ
    case 0x0EA3:
      return "r";  // ຣ
    case 0x0EA5:
      return "l";  // ລ
    case 0x0EA7:
      return "v";  // ວ
    case 0x0EAB:
    case 0x0EAE:
      return "h";  // ຫ ຮ
    case 0x0EAD:
      return "";  // ອ carries a vowel
    default:
      return "";  // Pali/Sanskrit letters outside everyday names
  }
}

struct Rendered {
  std::string onset, nucleus, coda;
  size_t tone_at = 0;  // index in nucleus (in code points) of the vowel that takes a Vietnamese tone mark
};

std::string Coda(char32_t f, RomanStyle style, V v, bool word_end) {
  const bool vn = style == RomanStyle::kVietnamese;
  switch (f) {
    case 0:
      return "";
    case 0x0E81:
      return vn && (v == V::kI || v == V::kE) ? "ch" : (vn ? "c" : "k");  // ກ
    case 0x0E87:
      // ງ; the Vietnamese press writes it nh after i and ê, as Vietnamese does (Xinh, Xênh).
      return vn && (v == V::kI || v == V::kE) ? "nh" : "ng";
    case 0x0E94:  // ດ
    case 0x0E95:
    case 0x0E97:
      // Passports write th at the end of a word only (Sisoulith; Attapeu, not Athtapeu).
      if (style == RomanStyle::kPassport && word_end && (v == V::kI || v == V::kU || v == V::kA)) return "th";
      return "t";
    case 0x0E99:
      return "n";  // ນ
    case 0x0E9A:
      return "p";  // ບ
    case 0x0EA1:
      return "m";  // ມ
    case 0x0E8D:
      return vn ? "i" : "y";  // ຍ
    case 0x0EA7:
      return (v == V::kI || v == V::kE || v == V::kUe) ? "u" : "o";  // ວ
    default:
      return Onset(f, style, false, false);
  }
}

Rendered Nucleus(const LaoSyllable& s, RomanStyle style, bool word_end, std::string_view onset) {
  const bool vn = style == RomanStyle::kVietnamese;
  const bool fr = style == RomanStyle::kFrench;
  const bool bgn = style == RomanStyle::kBgnPcgn;
  const bool closed = s.final != 0;
  Rendered r;
  switch (s.vowel) {
    case V::kNone:
      r.nucleus = closed ? (vn || bgn ? "ô" : "o") : "";
      break;
    case V::kA:
      r.nucleus = vn && closed && !s.long_vowel ? "ă" : "a";
      break;
    case V::kI:
      // A word's last open i is y in passports (Pany, Choummaly) and in the press after the
      // consonants Vietnamese writes y after (Pa-ny, Phông-xa-lỳ; but Đi, not Đy); i in BGN/PCGN.
      r.nucleus = "i";
      if (word_end && !closed && !bgn) {
        const bool y_after = onset.empty() || onset == "h" || onset == "k" || onset == "l" || onset == "m" ||
                             onset == "n" || onset == "s" || onset == "t";
        if (!vn || y_after) r.nucleus = "y";
      }
      break;
    case V::kUe:
      r.nucleus = vn ? "ư" : (bgn ? "u" : "eu");  // Attapeu (passport), Attapu (BGN/PCGN)
      break;
    case V::kU:
      r.nucleus = vn ? "u" : "ou";
      break;
    case V::kE:
      r.nucleus = vn ? "ê" : (bgn ? "é" : "e");
      break;
    case V::kAe:
      r.nucleus = vn ? "e" : (fr || bgn ? "è" : "e");  // Keo, Seng in passports
      break;
    case V::kO:
      r.nucleus = vn || bgn ? "ô" : "o";
      break;
    case V::kOr:
      // The press writes the long open o before ng and k as oo (Thoong-lun), as Vietnamese does.
      if (vn && (s.final == 0x0E87 || s.final == 0x0E81))
        r.nucleus = "oo", r.tone_at = 1;
      else
        r.nucleus = "o";
      break;
    case V::kOe:
      r.nucleus = vn ? "ơ" : "eu";  // Saleumsay
      break;
    case V::kIa:
      r.nucleus = vn ? (closed ? "iê" : "ia") : (bgn || !closed ? "ia" : "ie");  // Vieng; Viang (BGN)
      r.tone_at = vn && closed ? 1 : 0;
      break;
    case V::kUea:
      r.nucleus = vn ? (closed ? "ươ" : "ưa") : (bgn ? "ua" : "eua");  // Samneua; Xamnua (BGN)
      r.tone_at = vn && closed ? 1 : 0;
      break;
    case V::kUa:
      r.nucleus = vn ? (closed ? "uô" : "ua") : "oua";
      r.tone_at = vn && closed ? 1 : 0;
      break;
    case V::kAi:
      r.nucleus = fr || bgn ? "ai" : "ay";
      break;
    case V::kAo:
      r.nucleus = "ao";
      break;
    case V::kAm:
      r.nucleus = vn ? "ăm" : "am";
      break;
  }
  return r;
}

// Vietnamese tone mark (combining) for a Lao syllable: an approximation of the press habit.
// Short syllables closed by a stop take sắc (chít, lít); high-class syllables closed by a
// sonorant take hỏi (Xỏn, hản); mai ek reads as huyền and mai tho as nặng; the rest are level.
char32_t VietTone(const LaoSyllable& s) {
  const bool stop = s.final == 0x0E81 || s.final == 0x0E94 || s.final == 0x0E9A || s.final == 0x0E95;
  if (s.tone_mark == 1) return 0x0300;
  if (s.tone_mark == 2) return 0x0323;
  if (stop) return s.long_vowel ? 0x0323 : 0x0301;
  const bool sonorant_final = s.final != 0 && !stop;
  if (s.high_class && sonorant_final) return 0x0309;
  return 0;
}

std::string RenderWord(const std::vector<LaoSyllable>& syls, RomanStyle style) {
  const bool vn = style == RomanStyle::kVietnamese;
  std::string out;
  bool prev_open = false;
  for (size_t k = 0; k < syls.size(); ++k) {
    const LaoSyllable& s = syls[k];
    if (s.other) {
      std::string t;
      for (char32_t c : s.text) {
        if (c >= 0x0ED0 && c <= 0x0ED9) {
          t.push_back(static_cast<char>('0' + (c - 0x0ED0)));
        } else if (!IsLaoCp(c)) {
          AppendUtf8(t, c);
        }
      }
      out += t;
      prev_open = false;
      continue;
    }
    const bool word_end = k + 1 == syls.size() || syls[k + 1].other;
    std::string onset = Onset(s.initial, style, k == 0 || syls[k - 1].other, prev_open);
    Rendered r = Nucleus(s, style, word_end, onset);
    // The glide of ay runs into a following y: ໄຊຍະ is Saya-, not Sayya-.
    if (onset == "y" && !out.empty() && out.back() == 'y') onset.clear();
    if (s.medial == 0x0EA5) onset += "l";
    if (s.medial == 0x0EA7) onset += vn ? "o" : "ou";  // Xiengkhouang
    if (vn) {
      const char first = r.nucleus.empty() ? 'a' : r.nucleus[0];
      const bool front = first == 'i' || first == 'e' || first == 'y' || r.nucleus.rfind("ê", 0) == 0;
      if (onset == "k" && !front) onset = "c";
      if (onset == "ng" && front) onset = "ngh";
    }
    std::string coda = Coda(s.final, style, s.vowel, word_end);
    if (style == RomanStyle::kPassport || style == RomanStyle::kFrench) {
      // A short a closed by n at the end of a word is written "anh" (Viphavanh, Phommachanh);
      // a long a, ɔ or i closed by n takes the French silent e (Phomvihane, Sone, Siphandone).
      // Inside a word only o + n takes it (Sonexay, Phonesavanh), not m or a (Samneua).
      if (s.final == 0x0E99 && word_end && s.vowel == V::kA && !s.long_vowel) coda = "nh";
      const bool o_n = s.final == 0x0E99 && (s.vowel == V::kOr || s.vowel == V::kNone);
      if ((s.final == 0x0E99 || s.final == 0x0EA1) &&
          ((s.vowel == V::kA && s.long_vowel) || s.vowel == V::kOr || s.vowel == V::kNone) && (word_end || o_n)) {
        coda += "e";
      }
    }
    if (vn && !out.empty()) out.push_back('-');
    std::string syl = onset;
    if (vn) {
      // Place the tone mark on the nucleus vowel, then compose (NFC).
      std::u32string nuc = DecodeUtf8Lenient(r.nucleus);
      if (const char32_t tone = VietTone(s); tone && !nuc.empty()) {
        nuc.insert(nuc.begin() + static_cast<std::ptrdiff_t>(std::min(r.tone_at, nuc.size() - 1) + 1), tone);
      }
      syl += EncodeUtf8(nuc);
    } else {
      syl += r.nucleus;
    }
    syl += coda;
    out += syl;
    prev_open = s.final == 0;
  }
  return vn ? ToNfc(out) : out;
}

// A capital on the first letter, whatever its marks (Ắt-ta-pư, Ủ-đôm-xay, Đôn, Èo).
void Capitalise(std::string& word) {
  if (word.empty()) return;
  if (static_cast<unsigned char>(word[0]) < 0x80) {
    word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    return;
  }
  std::u32string u = DecodeUtf8Lenient(word);
  u[0] = static_cast<char32_t>(u_toupper(static_cast<UChar32>(u[0])));
  word = EncodeUtf8(u);
}

}  // namespace

std::string RomaniseLaoUnchecked(std::string_view text, RomanStyle style) {
  const std::u32string cps = DecodeUtf8Lenient(NormalizeLaoUnchecked(text));
  std::string out;
  for (size_t i = 0; i < cps.size();) {
    if (!IsLaoCp(cps[i])) {
      AppendUtf8(out, cps[i]);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && IsLaoCp(cps[j])) ++j;
    std::string word = RenderWord(ParseLaoSyllablesUnchecked(std::u32string_view(cps).substr(i, j - i)), style);
    Capitalise(word);
    out += word;
    i = j;
  }
  return out;
}

std::string_view RomanStyleLabel(RomanStyle style) {
  switch (style) {
    case RomanStyle::kPassport:
      return "passport";
    case RomanStyle::kFrench:
      return "French";
    case RomanStyle::kVietnamese:
      return "Vietnamese press";
    case RomanStyle::kBgnPcgn:
      return "BGN/PCGN";
  }
  return "";
}

core::Result<std::string> RomaniseLao(std::string_view text, RomanStyle style) {
  if (!IsValidUtf8(text)) return core::Fail(InvalidUtf8("text"));
  return RomaniseLaoUnchecked(text, style);
}

}  // namespace lb::text
