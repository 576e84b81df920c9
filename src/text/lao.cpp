#include "text/lao.h"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "text/unicode.h"
#include "text/utf8.h"

namespace lb::text {
namespace {

// Code points named for readability (Unicode Lao block, U+0E80–U+0EFF).
constexpr char32_t kKo = 0x0E81, kKhoSung = 0x0E82, kNgo = 0x0E87, kCo = 0x0E88, kSoTam = 0x0E8A, kNyo = 0x0E8D,
                   kDo = 0x0E94, kTo = 0x0E95, kThoSung = 0x0E96, kNo = 0x0E99, kBo = 0x0E9A, kPo = 0x0E9B,
                   kPhoSung = 0x0E9C, kFoSung = 0x0E9D, kMo = 0x0EA1, kYo = 0x0EA2, kRo = 0x0EA3, kLo = 0x0EA5,
                   kWo = 0x0EA7, kSoSung = 0x0EAA, kHoSung = 0x0EAB, kO = 0x0EAD, kHoNo = 0x0EDC, kHoMo = 0x0EDD;
constexpr char32_t kSignA = 0x0EB0, kMaiKan = 0x0EB1, kSignAa = 0x0EB2, kSignAm = 0x0EB3, kSignI = 0x0EB4,
                   kSignIi = 0x0EB5, kSignY = 0x0EB6, kSignYy = 0x0EB7, kSignU = 0x0EB8, kSignUu = 0x0EB9,
                   kMaiKon = 0x0EBB, kSemivowelLo = 0x0EBC, kSemivowelNyo = 0x0EBD, kSignE = 0x0EC0, kSignEi = 0x0EC1,
                   kSignO = 0x0EC2, kSignAy = 0x0EC3, kSignAi = 0x0EC4, kCancel = 0x0ECC, kNiggahita = 0x0ECD;

bool IsLeadingVowel(char32_t c) { return c >= kSignE && c <= kSignAi; }
bool IsToneMark(char32_t c) { return c >= 0x0EC8 && c <= 0x0ECB; }
bool IsVowelMark(char32_t c) {
  return c == kMaiKan || (c >= kSignI && c <= kSignUu) || c == kMaiKon || c == kNiggahita || c == 0x0EBA;
}
bool IsCombining(char32_t c) {
  return IsVowelMark(c) || IsToneMark(c) || c == kSemivowelLo || c == kCancel || c == 0x0ECE;
}
bool IsFollowingVowel(char32_t c) { return c == kSignA || c == kSignAa || c == kSignAm || c == kSemivowelNyo; }

int MarkRank(char32_t c) {
  if (c == kSemivowelLo) return 0;
  if (IsVowelMark(c)) return 1;
  if (IsToneMark(c)) return 2;
  return 3;
}

bool IsHighClass(char32_t c) {
  return c == kKhoSung || c == kSoSung || c == kThoSung || c == kPhoSung || c == kFoSung || c == kHoSung ||
         c == kHoNo || c == kHoMo;
}
bool IsMidClass(char32_t c) {
  return c == kKo || c == kCo || c == kDo || c == kTo || c == kBo || c == kPo || c == kYo || c == kO;
}
bool IsSonorant(char32_t c) {
  return c == kNgo || c == kNyo || c == kNo || c == kMo || c == kLo || c == kWo || c == kRo;
}

// A tone mark typed on the first letter of a ວ cluster (ຮ່ວາ for ຮວ່າ, as in ຫງວຽນຮ່ວາບິ່ງ,
// VNA's Lao spelling of Nguyễn Hòa Bình): the mark belongs on the ວ, before the vowel.
bool ToneBeforeClusterWo(const std::u32string& cps, size_t i) {
  return i + 3 < cps.size() && IsLaoConsonant(cps[i]) && cps[i] != kWo && IsToneMark(cps[i + 1]) && cps[i + 2] == kWo &&
         (IsFollowingVowel(cps[i + 3]) || IsVowelMark(cps[i + 3]));
}

// Whether NormalizeCodePoints would change anything: two or more marks in a row, ຫ before
// ນ ມ ລ, ໍ before າ, or a tone mark before a cluster ວ. Most names have none, and skip the work.
bool NeedsNormalizing(const std::u32string& cps) {
  for (size_t i = 0; i + 1 < cps.size(); ++i) {
    const char32_t a = cps[i], b = cps[i + 1];
    if (IsCombining(a) && IsCombining(b)) return true;
    if (a == kHoSung && (b == kNo || b == kMo || b == kLo)) return true;
    if (a == kNiggahita && b == kSignAa) return true;
    if (ToneBeforeClusterWo(cps, i)) return true;
  }
  return false;
}

// One pass of the rewrites. A tone mark typed before a cluster ວ moves first, so the mark
// sort that follows sees it beside the vowel sign it now shares a run with (found by the
// fuzzer: ທ່ວົງ took two passes to settle when the move came last).
std::u32string NormalizeOnce(const std::u32string& in) {
  std::u32string cps;
  cps.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (ToneBeforeClusterWo(in, i)) {
      cps.push_back(in[i]);
      cps.push_back(kWo);
      cps.push_back(in[i + 1]);
      i += 2;
      continue;
    }
    cps.push_back(in[i]);
  }
  // Combining marks after a base, in one order.
  for (size_t i = 0; i < cps.size();) {
    if (!IsCombining(cps[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && IsCombining(cps[j])) ++j;
    std::stable_sort(cps.begin() + static_cast<std::ptrdiff_t>(i), cps.begin() + static_cast<std::ptrdiff_t>(j),
                     [](char32_t a, char32_t b) { return MarkRank(a) < MarkRank(b); });
    // ໍ + າ (with any tone mark between) is ຳ.
    if (j < cps.size() && cps[j] == kSignAa) {
      auto nig = std::find(cps.begin() + static_cast<std::ptrdiff_t>(i), cps.begin() + static_cast<std::ptrdiff_t>(j),
                           kNiggahita);
      if (nig != cps.begin() + static_cast<std::ptrdiff_t>(j)) {
        cps[j] = kSignAm;
        cps.erase(nig);
        --j;
      }
    }
    i = j;
  }
  std::u32string out;
  out.reserve(cps.size());
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == kHoSung && i + 1 < cps.size()) {
      const char32_t next = cps[i + 1];
      if (next == kNo || next == kMo) {
        out.push_back(next == kNo ? kHoNo : kHoMo);
        ++i;
        continue;
      }
      if (next == kLo) {
        out.push_back(kHoSung);
        out.push_back(kSemivowelLo);
        ++i;
        continue;
      }
    }
    out.push_back(cps[i]);
  }
  return out;
}

// The rewrites until nothing changes, so the result is a fixed point whatever was typed.
// Real text settles in one pass; the bound only guards against a rule pair that undoes
// each other, which would show up as a fuzzer finding, not a hang.
std::u32string NormalizeCodePoints(std::u32string cps) {
  if (!NeedsNormalizing(cps)) return cps;
  for (int pass = 0; pass < 8; ++pass) {
    std::u32string next = NormalizeOnce(cps);
    if (next == cps) break;
    cps = std::move(next);
  }
  return cps;
}

}  // namespace

bool IsLaoConsonant(char32_t c) {
  if (c == kHoNo || c == kHoMo || c == 0x0EDE || c == 0x0EDF) return true;
  if (c < 0x0E81 || c > 0x0EAE) return false;
  return c != 0x0E83 && c != 0x0E85 && c != 0x0E8B && c != 0x0EA4 && c != 0x0EA6;
}

bool IsLaoText(std::string_view s) {
  for (char32_t c : DecodeUtf8Lenient(s)) {
    if (IsLaoConsonant(c)) return true;
  }
  return false;
}

std::string NormalizeLaoCodePoints(std::u32string cps) {
  // Text of ASCII and Lao letters only (no Pali virama, whose combining class NFC would
  // order differently) needs no ICU: Lao has no compositions, and the mark order chosen
  // here agrees with canonical order.
  bool simple = true;
  for (char32_t c : cps) {
    if (c >= 0x80 && !(c >= 0x0E80 && c <= 0x0EFF && c != 0x0EBA)) {
      simple = false;
      break;
    }
  }
  if (simple) return EncodeUtf8(NormalizeCodePoints(std::move(cps)));
  return NormalizeLaoUnchecked(EncodeUtf8(cps));
}

std::string NormalizeLaoUnchecked(std::string_view s) {
  const std::string nfc = ToNfc(s);
  std::u32string cps = DecodeUtf8Lenient(nfc);
  bool lao = false;
  for (char32_t c : cps) lao = lao || (c >= 0x0E80 && c <= 0x0EFF);
  if (!lao) return nfc;
  std::u32string once = NormalizeCodePoints(cps);
  if (once == cps) return nfc;  // the usual case: typed in the normal form already
  // Reordering Lao marks can put other combining marks (stray Latin accents) in a new order,
  // which NFC may reorder again: repeat until nothing changes, so the result is stable.
  std::string cur = ToNfc(EncodeUtf8(once));
  // Marks of other scripts mixed in can take several rounds to settle (fuzzed); real text takes one.
  for (int pass = 0; pass < 200; ++pass) {
    std::string next = ToNfc(EncodeUtf8(NormalizeCodePoints(DecodeUtf8Lenient(cur))));
    if (next == cur) break;
    cur = std::move(next);
  }
  return cur;
}

core::Result<std::string> NormalizeLao(std::string_view s) {
  if (!IsValidUtf8(s)) return core::Fail(InvalidUtf8("text"));
  return NormalizeLaoUnchecked(s);
}

std::vector<LaoSyllable> ParseLaoSyllablesUnchecked(std::u32string_view c) {
  std::vector<LaoSyllable> out;
  const size_t n = c.size();
  size_t i = 0;
  auto at = [&](size_t k) -> char32_t { return k < n ? c[k] : 0; };
  while (i < n) {
    const size_t start = i;
    LaoSyllable s;
    char32_t lead = 0;
    if (IsLeadingVowel(c[i])) lead = c[i++];
    if (i >= n || !IsLaoConsonant(c[i])) {
      // Not a syllable: a stray vowel sign, a digit or a symbol.
      if (!lead) ++i;
      s.other = true;
      s.text = std::u32string(c.substr(start, i - start));
      out.push_back(std::move(s));
      continue;
    }
    char32_t cons = c[i++];
    s.high_class = IsHighClass(cons);
    s.mid_class = IsMidClass(cons);
    if (cons == kHoNo) {
      cons = kNo;
    } else if (cons == kHoMo) {
      cons = kMo;
    } else if (cons == kHoSung && IsSonorant(at(i)) && at(i) != kWo) {
      cons = c[i++];
    } else if (cons == kHoSung && at(i) == kWo) {
      size_t k = i + 1;
      while (IsToneMark(at(k))) ++k;
      if (IsVowelMark(at(k)) || IsFollowingVowel(at(k))) cons = c[i++];
    }
    s.initial = cons;
    if (at(i) == kSemivowelLo) {
      if (cons == kHoSung) {
        s.initial = kLo;
      } else {
        s.medial = kLo;
      }
      ++i;
    } else if (at(i) == kWo && cons != kWo) {
      size_t k = i + 1;
      while (IsToneMark(at(k))) ++k;
      if (!lead && (at(k) == kSignAa || at(k) == kMaiKan || at(k) == kSignA || at(k) == kSemivowelNyo)) {
        // A kw-type cluster (ຂວາງ, ກວັດ). Never after a leading vowel: there the ວ begins the
        // next syllable (ວິໄລວັນ is ວິ + ໄລ + ວັນ, not ໄລວ + ັນ).
        s.medial = kWo;
        ++i;
      } else if ((lead == kSignE || lead == kSignEi) && k == i + 1 && IsLaoConsonant(at(k)) && at(k) != kO &&
                 at(k) != kHoSung && !IsCombining(at(k + 1)) && !IsFollowingVowel(at(k + 1)) &&
                 !(at(k + 1) == kO && IsLaoConsonant(at(k + 2)) && !IsCombining(at(k + 2)))) {
        // ແ/ເ + consonant + ວ + final (ແຂວງ, ເກວນ): the ວ is the glide of the vowel, and the
        // consonant after it the final, not a syllable of its own.
        s.medial = kWo;
        ++i;
      }
    }
    bool mk_a = false, mk_o = false, mk_or = false, cancel = false;
    LaoVowel mark_vowel = LaoVowel::kNone;
    bool mark_long = false;
    while (i < n && IsCombining(c[i])) {
      const char32_t m = c[i++];
      switch (m) {
        case kMaiKan:
          mk_a = true;
          break;
        case kSignI:
          mark_vowel = LaoVowel::kI;
          break;
        case kSignIi:
          mark_vowel = LaoVowel::kI, mark_long = true;
          break;
        case kSignY:
          mark_vowel = LaoVowel::kUe;
          break;
        case kSignYy:
          mark_vowel = LaoVowel::kUe, mark_long = true;
          break;
        case kSignU:
          mark_vowel = LaoVowel::kU;
          break;
        case kSignUu:
          mark_vowel = LaoVowel::kU, mark_long = true;
          break;
        case kMaiKon:
          mk_o = true;
          break;
        case kNiggahita:
          mk_or = true;
          break;
        case kCancel:
          cancel = true;
          break;
        default:
          if (IsToneMark(m)) s.tone_mark = static_cast<uint8_t>(m - 0x0EC8 + 1);
          break;
      }
    }
    const bool no_marks = !mk_a && !mk_o && !mk_or && mark_vowel == LaoVowel::kNone;
    bool short_a = false, aa = false, am = false, ia = false, ua = false, uea = false, or_letter = false;
    bool closed = false;  // the syllable cannot take a final consonant
    const char32_t f = at(i);
    // Whether the letter before position k begins a syllable: it carries a vowel sign, or
    // k is an ອ standing as the vowel of that syllable (ວອນ: ວ + ອ + ນ).
    auto starts_next = [&](size_t k) {
      if (IsCombining(at(k)) || IsFollowingVowel(at(k))) return true;
      return at(k) == kO && !IsCombining(at(k + 1)) && !IsFollowingVowel(at(k + 1)) && IsLaoConsonant(at(k + 1));
    };
    if (f == kSignA) {
      short_a = closed = true;
      ++i;
    } else if (f == kSignAa) {
      aa = true;
      ++i;
      if (at(i) == kSignA) {
        short_a = closed = true;
        ++i;
      }
    } else if (f == kSignAm) {
      am = closed = true;
      ++i;
    } else if (f == kSemivowelNyo) {
      ia = true;
      ++i;
    } else if (f == kO && lead == kSignE && mark_vowel == LaoVowel::kUe) {
      uea = true;
      ++i;
    } else if (f == kO && !lead && no_marks && !starts_next(i + 1)) {
      or_letter = true;
      ++i;
    } else if (f == kWo && mk_o) {
      ua = true;
      ++i;
    } else if (f == kWo && !lead && no_marks && IsLaoConsonant(at(i + 1)) && !starts_next(i + 2) &&
               !IsLeadingVowel(at(i + 1))) {
      ua = true;
      ++i;
    } else if (f == kNyo && lead == kSignE && no_marks && !starts_next(i + 1)) {
      ia = closed = true;
      ++i;
    }
    if (lead == kSignAi || lead == kSignAy || (lead == kSignE && mk_o && aa)) closed = true;
    if (!closed && i < n && IsLaoConsonant(c[i]) && c[i] != kHoSung && c[i] != kO && c[i] != kHoNo && c[i] != kHoMo &&
        !starts_next(i + 1)) {
      s.final = c[i++];
      if (at(i) == kCancel) {
        s.final = 0;  // a silent final written in a loan word
        ++i;
      }
    }
    while (i < n && IsToneMark(c[i])) s.tone_mark = static_cast<uint8_t>(c[i++] - 0x0EC8 + 1);

    // The vowel from its parts.
    LaoVowel v = LaoVowel::kNone;
    bool long_vowel = mark_long;
    if (lead == kSignE) {
      if (aa && short_a) {
        v = LaoVowel::kOr;
      } else if (mk_o && aa) {
        v = LaoVowel::kAo;
      } else if (uea) {
        v = LaoVowel::kUea, long_vowel = true;
      } else if (mark_vowel == LaoVowel::kI) {
        v = LaoVowel::kOe;
      } else if (ia) {
        v = LaoVowel::kIa, long_vowel = true;
      } else {
        v = LaoVowel::kE, long_vowel = !mk_a && !short_a;
      }
    } else if (lead == kSignEi) {
      v = LaoVowel::kAe, long_vowel = !mk_a && !short_a;
    } else if (lead == kSignO) {
      v = LaoVowel::kO, long_vowel = !short_a;
    } else if (lead == kSignAi || lead == kSignAy) {
      v = LaoVowel::kAi;
    } else if (am) {
      v = LaoVowel::kAm;
    } else if (ia) {
      v = LaoVowel::kIa, long_vowel = true;
    } else if (ua) {
      v = LaoVowel::kUa, long_vowel = true;
    } else if (mk_o) {
      v = LaoVowel::kO;
    } else if (mk_or || or_letter) {
      v = LaoVowel::kOr, long_vowel = true;
    } else if (mark_vowel != LaoVowel::kNone) {
      v = mark_vowel;
    } else if (mk_a) {
      v = s.final == kNyo ? LaoVowel::kAi : LaoVowel::kA;
      if (s.final == kNyo) s.final = 0;
    } else if (short_a) {
      v = LaoVowel::kA;
    } else if (aa) {
      v = LaoVowel::kA, long_vowel = true;
    }
    s.vowel = v;
    s.long_vowel = long_vowel;
    if (cancel) {
      // ໌ over a consonant silences the whole written syllable (loan words).
      s.other = true;
    }
    if (s.other) s.text = std::u32string(c.substr(start, i - start));  // kept only where needed
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<std::vector<LaoSyllable>> ParseLaoSyllables(std::string_view s) {
  if (!IsValidUtf8(s)) return core::Fail(InvalidUtf8("text"));
  const std::u32string cps = DecodeUtf8Lenient(NormalizeLaoUnchecked(s));
  return ParseLaoSyllablesUnchecked(cps);
}

core::Result<std::vector<std::string>> SegmentLaoWords(std::string_view s) {
  if (!IsValidUtf8(s)) return core::Fail(InvalidUtf8("text"));
  const std::string norm = NormalizeLaoUnchecked(s);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale("lo"), status));
  if (U_FAILURE(status)) return core::Fail(core::Error::Internal("ICU word break iterator unavailable"));
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(norm.data(), static_cast<int32_t>(norm.size())));
  it->setText(u);
  std::vector<std::string> words;
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE) continue;
    std::string w;
    u.tempSubStringBetween(start, end).toUTF8String(w);
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace lb::text
