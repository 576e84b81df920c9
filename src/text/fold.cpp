#include "text/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "text/lao.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace lb::text {
namespace {

// Vowel quality marks and tones as Vietnamese uses them.
enum Quality : uint8_t { kNoQuality = 0, kBreve, kCircumflex, kHorn, kStroke, kOtherMark };
enum Tone : uint8_t { kLevel = 0, kAcute, kGrave, kHook, kTilde, kDot };

struct LatinFold {
  char base = 0;  // ASCII lowercase letter, 0 when the code point is not a folded Latin letter
  uint8_t quality = kNoQuality;
  uint8_t tone = kLevel;
};

constexpr char32_t kTableEnd = 0x1F00;

uint8_t ToneOfMark(char32_t m) {
  switch (m) {
    // U+0340, U+0341 and U+0344 are canonically the grave and acute (found by the fuzzer:
    // NFC turns them into U+0300 and U+0301, so they must count alike).
    case 0x0301:
    case 0x0341:
    case 0x0344:
      return kAcute;
    case 0x0300:
    case 0x0340:
      return kGrave;
    case 0x0309:
      return kHook;
    case 0x0303:
      return kTilde;
    case 0x0323:
      return kDot;
    default:
      return kLevel;
  }
}

uint8_t QualityOfMark(char32_t m) {
  switch (m) {
    case 0x0306:
      return kBreve;
    case 0x0302:
      return kCircumflex;
    case 0x031B:
      return kHorn;
    default:
      return ToneOfMark(m) == kLevel ? kOtherMark : kNoQuality;
  }
}

// Built once from ICU's canonical decompositions, so every precomposed Latin letter
// (Latin-1, Extended-A/B, Extended Additional, where Vietnamese lives) folds the same way.
const std::array<LatinFold, kTableEnd>& Table() {
  static const std::array<LatinFold, kTableEnd> table = [] {
    std::array<LatinFold, kTableEnd> t{};
    for (char32_t c = 'A'; c <= 'Z'; ++c) t[c].base = static_cast<char>(c - 'A' + 'a');
    for (char32_t c = 'a'; c <= 'z'; ++c) t[c].base = static_cast<char>(c);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    auto fill = [&](char32_t from, char32_t to) {
      for (char32_t c = from; c <= to; ++c) {
        icu::UnicodeString d;
        if (U_FAILURE(status) || !nfd->getDecomposition(static_cast<UChar32>(c), d) || d.length() == 0) continue;
        const UChar32 first = d.char32At(0);
        if (first >= 0x80 || !u_isalpha(first)) continue;
        LatinFold f;
        f.base = static_cast<char>(u_tolower(first));
        for (int32_t i = U16_LENGTH(first); i < d.length();) {
          const UChar32 m = d.char32At(i);
          i += U16_LENGTH(m);
          if (const uint8_t tone = ToneOfMark(static_cast<char32_t>(m)); tone != kLevel) {
            f.tone = tone;
          } else if (const uint8_t q = QualityOfMark(static_cast<char32_t>(m)); q != kNoQuality) {
            if (f.quality == kNoQuality || f.quality == kOtherMark) f.quality = q;
          }
        }
        t[c] = f;
      }
    };
    fill(0x00C0, 0x024F);
    fill(0x1E00, 0x1EFF);
    t[0x0110] = {'d', kStroke, kLevel};  // Đ
    t[0x0111] = {'d', kStroke, kLevel};  // đ
    // Look-alikes of Đ/đ typed on some keyboards and produced by OCR: Icelandic eth Ð ð
    // (U+00D0, U+00F0) and African D Ɖ ɖ (U+0189, U+0256). They stand for đ in names.
    t[0x00D0] = {'d', kStroke, kLevel};
    t[0x00F0] = {'d', kStroke, kLevel};
    t[0x0189] = {'d', kStroke, kLevel};
    t[0x0256] = {'d', kStroke, kLevel};
    t[0x00D8] = {'o', kOtherMark, kLevel};
    t[0x00F8] = {'o', kOtherMark, kLevel};
    t[0x0141] = {'l', kOtherMark, kLevel};
    t[0x0142] = {'l', kOtherMark, kLevel};
    return t;
  }();
  return table;
}

bool IsCombiningMark(char32_t c) { return c >= 0x0300 && c <= 0x036F; }
bool IsJoiner(char32_t c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018;
}
bool IsLaoCp(char32_t c) { return c >= 0x0E80 && c <= 0x0EFF; }

bool IsWordChar(char32_t c) {
  if (c < kTableEnd && Table()[c].base) return true;
  if (c < 0x80) return (c >= '0' && c <= '9');
  if (IsCombiningMark(c) || IsLaoCp(c)) return true;
  return u_isalnum(static_cast<UChar32>(c)) || u_getCombiningClass(static_cast<UChar32>(c)) != 0 ||
         u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK ||
         u_charType(static_cast<UChar32>(c)) == U_COMBINING_SPACING_MARK;
}

}  // namespace

namespace {

// The common case of a passport name: ASCII only.
std::string FoldAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!word(c)) {
      if ((c == '-' || c == '\'') && i > 0 && i + 1 < s.size() && word(s[i - 1]) && word(s[i + 1])) continue;
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string FoldNameUnchecked(std::string_view s) {
  if (IsAscii(s)) return FoldAscii(s);
  // Composed first, so text of any script folds alike from NFC and NFD.
  const std::u32string cps = DecodeUtf8Lenient(ToNfc(s));
  const auto& table = Table();
  std::u32string out;
  out.reserve(cps.size());
  bool pending_space = false;
  bool lao = false;
  for (size_t i = 0; i < cps.size();) {
    const char32_t c = cps[i];
    if (!IsWordChar(c)) {
      // A hyphen or apostrophe between two letters joins the syllables of one word.
      if (IsJoiner(c) && i > 0 && i + 1 < cps.size() && IsWordChar(cps[i - 1]) && IsWordChar(cps[i + 1])) {
        ++i;
        continue;
      }
      pending_space = true;
      ++i;
      continue;
    }
    if (IsCombiningMark(c)) {
      // Dropped: a decomposed accent (NFD input) folds like its precomposed letter.
      ++i;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (c < kTableEnd && table[c].base) {
      out.push_back(static_cast<char32_t>(table[c].base));
    } else if (c >= 0x0ED0 && c <= 0x0ED9) {
      out.push_back(static_cast<char32_t>('0' + (c - 0x0ED0)));
    } else if (IsLaoCp(c)) {
      out.push_back(c);
      lao = true;
    } else {
      // Case-fold, and fold again if that gives a Latin letter with marks (ẛ → ṡ → s).
      const auto f = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
      out.push_back(f < kTableEnd && table[f].base ? static_cast<char32_t>(table[f].base) : f);
    }
    ++i;
  }
  // Lao is normalised once the Latin marks between its letters are gone, so folding twice
  // changes nothing.
  if (lao) return NormalizeLaoCodePoints(std::move(out));
  // Taking out a joiner or a Latin mark can leave two combining marks of other scripts side by
  // side in an order NFC does not keep (Thai mai ek U+0E48 before Hebrew sheva U+05B0, once the
  // hyphen between them is gone); the next fold would reorder them, so folding would not settle
  // in one call. Such output is put in NFC here (never Latin or Vietnamese names: those fold to
  // ASCII).
  const bool marks = std::any_of(out.begin(), out.end(), [](char32_t c) { return c >= 0x0300; });
  return marks ? ToNfc(EncodeUtf8(out)) : EncodeUtf8(out);
}

std::vector<std::u32string> NameWordsOf(std::string_view s) {
  // The same word boundaries as FoldNameUnchecked, keeping each word's marks.
  const std::u32string cps = DecodeUtf8Lenient(ToNfc(s));
  std::vector<std::u32string> words;
  bool pending_space = true;
  for (size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    if (!IsWordChar(c)) {
      if (IsJoiner(c) && i > 0 && i + 1 < cps.size() && IsWordChar(cps[i - 1]) && IsWordChar(cps[i + 1])) continue;
      pending_space = true;
      continue;
    }
    if (IsCombiningMark(c)) {
      if (!words.empty() && !pending_space) words.back().push_back(c);
      continue;
    }
    if (pending_space || words.empty()) words.emplace_back();
    pending_space = false;
    words.back().push_back(c);
  }
  return words;
}

core::Result<std::string> FoldName(std::string_view s) {
  if (!IsValidUtf8(s)) return core::Fail(InvalidUtf8("name"));
  return FoldNameUnchecked(s);
}

std::string VietDetailUnchecked(std::string_view word) { return VietDetailOf(DecodeUtf8Lenient(word)); }

std::string VietDetailOf(std::u32string_view cps) {
  const auto& table = Table();
  std::string letters;
  std::string tones;
  for (char32_t c : cps) {
    uint8_t quality = kNoQuality, tone = kLevel;
    if (c < kTableEnd && table[c].base) {
      letters.push_back(table[c].base);
      quality = table[c].quality;
      tone = table[c].tone;
    } else if (IsCombiningMark(c)) {
      tone = ToneOfMark(c);
      quality = tone == kLevel ? QualityOfMark(c) : static_cast<uint8_t>(kNoQuality);
    } else if (c >= '0' && c <= '9') {
      letters.push_back(static_cast<char>(c));
    } else {
      continue;
    }
    switch (quality) {
      case kBreve:
        letters.push_back('(');
        break;
      case kCircumflex:
        letters.push_back('^');
        break;
      case kHorn:
        letters.push_back('+');
        break;
      case kStroke:
        letters.push_back('-');
        break;
      default:
        break;
    }
    if (tone != kLevel) tones.push_back(static_cast<char>('0' + tone));
  }
  return letters + (tones.empty() ? std::string("0") : tones);
}

core::Result<std::string> VietDetail(std::string_view word) {
  if (!IsValidUtf8(word)) return core::Fail(InvalidUtf8("name"));
  return VietDetailUnchecked(word);
}

bool HasVietMarks(std::string_view s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return false;
  // Composed first: some marks decompose into others (U+0344 is U+0308 U+0301).
  return HasVietMarksNfc(ToNfc(s));
}

bool HasVietMarksNfc(std::string_view nfc) { return HasVietMarksOf(DecodeUtf8Lenient(nfc)); }

bool HasVietMarksOf(std::u32string_view nfc) {
  const auto& table = Table();
  bool after_latin = false;  // a decomposed mark counts only on a Latin letter, as it would composed
  for (char32_t c : nfc) {
    if (c < kTableEnd && table[c].base &&
        ((table[c].quality != kNoQuality && table[c].quality != kOtherMark) || table[c].tone != kLevel)) {
      return true;
    }
    if (IsCombiningMark(c)) {
      if (after_latin && (ToneOfMark(c) != kLevel || QualityOfMark(c) != kOtherMark)) return true;
      continue;
    }
    after_latin = c < kTableEnd && table[c].base;
  }
  return false;
}

}  // namespace lb::text
