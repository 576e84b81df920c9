#include "text/name_match.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "text/romanise.h"

namespace lb::text {
namespace {

// Common Vietnamese family names, folded (the first hundred cover nearly everyone), with the
// families of the Thái, H'Mông, Dao and Tày people of the border provinces (Lò, Lường, Cầm, Vi,
// Sầm, Vàng, Thào, Sùng, Giàng, Mùa, Chá, Tẩn, Nông, Ngân...), and the middle names Văn and Thị
// that mark a Vietnamese name as surely as a family name does.
constexpr std::array<std::string_view, 55> kVietFamilies{
    "nguyen", "tran",  "le",   "pham",  "hoang", "huynh", "phan",  "vu",    "vo",    "dang",  "bui",
    "do",     "ho",    "ngo",  "duong", "ly",    "dao",   "dinh",  "doan",  "trinh", "luong", "lam",
    "mai",    "trieu", "ta",   "cao",   "chu",   "ha",    "quach", "luu",   "lu",    "tong",  "kieu",
    "thai",   "van",   "thi",  "vuong", "khuc",  "tang",  "ton",   "giang", "lo",    "cam",   "vi",
    "sam",    "vang",  "thao", "sung",  "mua",   "cha",   "tan",   "nong",  "ngan",  "phung", "lieu"};

bool IsVietFamily(std::string_view folded) {
  return std::find(kVietFamilies.begin(), kVietFamilies.end(), folded) != kVietFamilies.end();
}

// Vietnamese writes a lone i or y after a consonant either way (Lí and Lý, Mĩ and Mỹ, Quí and
// Quý, Kì and Kỳ): one name. The y of uy, ay, ây (Thủy, Tây) is another vowel and stays.
std::string IYForm(std::string_view s) {
  std::string out(s);
  // The vowel letter: the last letter, or the one before a tone digit (details end in one).
  size_t end = out.size();
  while (end > 0 && out[end - 1] >= '0' && out[end - 1] <= '9') --end;
  if (end < 2 || (out[end - 1] != 'y' && out[end - 1] != 'i')) return out;
  const char before = out[end - 2];
  const bool consonant = before != 'a' && before != 'e' && before != 'i' && before != 'o' && before != 'y' &&
                         before != '^' && before != '(' && before != '+' &&
                         (before != 'u' || (end >= 3 && out[end - 3] == 'q'));
  if (consonant) out[end - 1] = 'i';
  return out;
}

// A Vietnamese syllable in folded ASCII: optional onset, vowels, optional final from a
// small set. Lao names in Latin ("Bounnhang", "Sisoulith") are rarely one such syllable.
bool IsVietSyllable(std::string_view s) {
  if (s.empty() || s.size() > 7) return false;
  static constexpr std::array<std::string_view, 27> kOnsets{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                                            "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                                            "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x",  ""};
  static constexpr std::array<std::string_view, 9> kFinals{"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; };
  for (std::string_view on : kOnsets) {
    if (s.substr(0, on.size()) != on) continue;
    std::string_view rest = s.substr(on.size());
    size_t v = 0;
    while (v < rest.size() && vowel(rest[v])) ++v;
    if (v == 0 || v > 3) continue;
    const std::string_view fin = rest.substr(v);
    if (std::find(kFinals.begin(), kFinals.end(), fin) != kFinals.end()) return true;
  }
  return false;
}

// Keys are built so that spellings of one name give one key; a key that differs, even by
// a letter, is most often another name (Bounma and Bounmy), so similarity falls off fast.
double Strict(double jw) { return std::max(0.0, 1.0 - 4.0 * (1.0 - jw)); }

// A keyboard slip between two spellings of a word: two adjacent letters swapped, a letter
// doubled, or a letter dropped inside a word of seven letters or more. Not a changed ending
// and not a different letter: those make other names (Vongsa and Vongsay, Bounma and Bounmy).
bool IsSlip(std::string_view a, std::string_view b) {
  if (a.size() == b.size()) {
    size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() != a.size() + 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.substr(i) != b.substr(i + 1)) return false;
  const bool doubled = (i > 0 && b[i] == b[i - 1]) || (i + 1 < b.size() && b[i] == b[i + 1]);
  return doubled || (b.size() >= 7 && i > 0 && i + 1 < b.size());
}

constexpr double kSlipSimilarity = 0.92;

// Thai-style and English spellings of Lao names often write no aspiration at all: p for ພ,
// k for ຄ, t for ທ ("Douangchay Pichit" for ດວງໃຈ ພິຈິດ, Phichit in Lao passports;
// "Kampaeng" for ຄຳແພງ Khampheng). A Latin word with no ph, kh or th and with one of p, k, c, t
// whose key equals the other word's key with aspiration ignored is that spelling: a close
// match, a little below a keyboard slip, so a second difference in the name still sinks it.
constexpr double kUnaspiratedSimilarity = 0.9;

bool WritesNoAspiration(const NameToken& t) {
  if (t.lao_script || !t.viet.empty()) return false;
  const std::string& f = t.folded;
  if (f.find("ph") != std::string::npos || f.find("kh") != std::string::npos || f.find("th") != std::string::npos) {
    return false;
  }
  return f.find_first_of("pkct") != std::string::npos;
}

// A key with the aspirated classes merged into the plain ones (kh → k, th → t, ph and f → p).
std::string Deaspirated(std::string key) {
  for (char& c : key) {
    if (c == 'K') c = 'k';
    if (c == 'T') c = 't';
    if (c == 'f') c = 'p';
  }
  return key;
}

bool SameButForAspiration(const NameToken& a, const NameToken& b) {
  if (!WritesNoAspiration(a) && !WritesNoAspiration(b)) return false;
  for (const std::string* x : {&a.key, &a.alt_key}) {
    for (const std::string* y : {&b.key, &b.alt_key}) {
      if (!x->empty() && !y->empty() && *x != *y && Deaspirated(*x) == Deaspirated(*y)) return true;
    }
  }
  return false;
}
constexpr double kUnpairedQueryWord = 0.6;

// `marked`: both names are written with Vietnamese marks, so a word without marks in one of
// them is deliberately unmarked (Dung beside Đào Ngọc is not Dũng).
double TokenSimilarity(const NameToken& a, const NameToken& b, bool viet, bool marked) {
  if (viet && !a.lao_script && !b.lao_script) {
    if (a.folded == b.folded || IYForm(a.folded) == IYForm(b.folded)) {
      if (a.viet.empty() || b.viet.empty()) {
        // One word written without any mark: the same name, a little less sure when the rest
        // of both names is marked (Lê Van Luong for Lê Văn Lương: the press drops marks).
        return a.viet.empty() && b.viet.empty() ? 1.0 : (marked ? 0.95 : 1.0);
      }
      // Both words marked: a mark written on both sides must agree (Thủy and Thúy, Ân and Ă n
      // are other names); a mark written on one side only was left out (Hô for Hồ, Thanh for
      // Thành, Nghiêm for Nghiệm, as printed).
      const std::string da = IYForm(a.viet), db = IYForm(b.viet);
      if (da == db) return 1.0;
      const char ta = da.back(), tb = db.back();
      const std::string la = da.substr(0, da.size() - 1), lb = db.substr(0, db.size() - 1);
      auto quality = [](const std::string& x) { return x.find_first_of("^(+-") != std::string::npos; };
      if (ta != '0' && tb != '0' && ta != tb) return 0.72;
      if (la != lb && quality(la) && quality(lb)) return 0.72;
      return 0.95;
    }
    if (IsSlip(a.folded, b.folded)) return kSlipSimilarity;
    return 0.8 * JaroWinkler(a.folded, b.folded);
  }
  if (a.folded == b.folded) return 1.0;
  // Each word has a key and, where it reads two ways, a second one (Latin nh/ny across a
  // syllable boundary, a Lao final stop before a same-place onset).
  if (a.key == b.key || (!a.alt_key.empty() && a.alt_key == b.key) || (!b.alt_key.empty() && a.key == b.alt_key) ||
      (!a.alt_key.empty() && a.alt_key == b.alt_key)) {
    return 0.98;
  }
  double k = Strict(JaroWinkler(a.key, b.key));
  if (!a.alt_key.empty()) k = std::max(k, Strict(JaroWinkler(a.alt_key, b.key)));
  if (!b.alt_key.empty()) k = std::max(k, Strict(JaroWinkler(a.key, b.alt_key)));
  // One key the start of the other: a syllable more or less is another name (Vongsa, Vongsay).
  if (a.key.size() >= 3 && b.key.size() >= 3 && (a.key.starts_with(b.key) || b.key.starts_with(a.key))) {
    k = std::min(k, 0.8);
  }
  if (!a.lao_script && !b.lao_script && IsSlip(a.folded, b.folded)) return std::max(k, kSlipSimilarity);
  if (k < kUnaspiratedSimilarity && SameButForAspiration(a, b)) return kUnaspiratedSimilarity;
  if (a.lao_script != b.lao_script && k >= 0.5 && k < kSlipSimilarity && a.folded.size() >= 5 && b.folded.size() >= 5) {
    // A keyboard slip in a Latin spelling of a word recorded in Lao script (Saysomhone,
    // Siphanodne): the slip rules against the passport spelling of the Lao word.
    const NameToken& latin = a.lao_script ? b : a;
    const NameToken& lao = a.lao_script ? a : b;
    std::string roman = RomaniseLaoUnchecked(lao.folded, RomanStyle::kPassport);
    for (char& c : roman) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (IsSlip(latin.folded, roman)) return kSlipSimilarity;
  }
  return k;
}

bool Marked(const std::vector<NameToken>& name) {
  for (const auto& t : name) {
    if (!t.viet.empty()) return true;
  }
  return false;
}

double Weight(const NameToken& t) { return 1.0 + std::min<double>(static_cast<double>(t.key.size()), 8.0) / 4.0; }

std::vector<std::string> KeysOf(const std::vector<NameToken>& t) {
  std::vector<std::string> out;
  out.reserve(t.size());
  for (const auto& x : t) out.push_back(x.key);
  return out;
}

std::string Concat(const std::vector<std::string>& keys, bool reversed) {
  std::string out;
  if (reversed) {
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) out += *it;
  } else {
    for (const auto& k : keys) out += k;
  }
  return out;
}

// A final stop before a same-place onset, across the words run together ("Khat Thi Nha"):
// the onset kept (as in the keys) or the final kept (Khattiya); doubled classes collapse.
std::string Joined(std::string_view s, bool keep_onset) {
  std::string out;
  for (char c : CollapseStopPairs(s, keep_onset)) {
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// The keys of a name run together, in every rotation of its word order: given name first or
// family name first, whichever way the name was split into words ("Khat Thi Nha Bay Kham" is
// Baykham Khattiya), and reversed. Each also with the final of a stop pair kept.
std::vector<std::string> RunTogetherKeysOf(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  const size_t n = keys.size();
  for (size_t r = 0; r < n; ++r) {
    std::string s;
    for (size_t k = 0; k < n; ++k) s += keys[(r + k) % n];
    out.push_back(s);
  }
  if (n >= 3) out.push_back(Concat(keys, true));
  const size_t plain = out.size();
  for (size_t i = 0; i < plain; ++i) {
    std::string onset = Joined(out[i], true), fin = Joined(out[i], false);
    if (onset != out[i]) out.push_back(std::move(onset));
    if (fin != out[i]) out.push_back(std::move(fin));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The keys of a name with its words' second readings (alt_key) in place: all of them, and when
// several words have one, each alone. Empty when no word has one.
std::vector<std::vector<std::string>> WithAlternatives(const std::vector<NameToken>& t) {
  std::vector<std::vector<std::string>> out;
  std::vector<size_t> with_alt;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].alt_key.empty()) with_alt.push_back(i);
  }
  if (with_alt.empty()) return out;
  const std::vector<std::string> keys = KeysOf(t);
  out.push_back(keys);
  for (size_t i : with_alt) out.back()[i] = t[i].alt_key;
  if (with_alt.size() > 1) {
    for (size_t i : with_alt) {
      out.push_back(keys);
      out.back()[i] = t[i].alt_key;
    }
  }
  return out;
}

// Best Jaro–Winkler between the shorter name run together (as written, and with the final of a
// stop pair kept) and the longer name run together in any rotation; each side also with its
// words' second readings.
double RunTogetherSimilarity(const std::vector<NameToken>& shorter, const std::vector<NameToken>& longer) {
  std::vector<std::string> ss;
  auto add_shorter = [&](const std::vector<std::string>& keys) {
    const std::string s = Concat(keys, false);
    ss.push_back(s);
    if (std::string j = Joined(s, false); j != s) ss.push_back(std::move(j));
    if (std::string j = Joined(s, true); j != s) ss.push_back(std::move(j));
  };
  add_shorter(KeysOf(shorter));
  for (const auto& alt : WithAlternatives(shorter)) add_shorter(alt);
  std::vector<std::string> ls = RunTogetherKeysOf(KeysOf(longer));
  for (const auto& alt : WithAlternatives(longer)) {
    for (auto& l : RunTogetherKeysOf(alt)) ls.push_back(std::move(l));
  }
  double best = 0;
  for (const auto& l : ls) {
    for (const auto& x : ss) best = std::max(best, JaroWinkler(x, l));
    if (best >= 1.0) break;
  }
  return best;
}

}  // namespace

std::vector<std::string> RunTogetherKeys(const std::vector<NameToken>& t) { return RunTogetherKeysOf(KeysOf(t)); }

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  // The classic algorithm can differ by argument order in rare cases; fix the order.
  if (b < a) std::swap(a, b);
  const size_t la = a.size(), lb = b.size();
  const size_t window = std::max<size_t>(std::max(la, lb) / 2, 1) - 1;
  std::array<bool, 64> ma{}, mb{};
  if (la > ma.size() || lb > mb.size()) {
    // Long strings: compare their first 64 bytes (names never get near this).
    return JaroWinkler(a.substr(0, std::min(la, ma.size())), b.substr(0, std::min(lb, mb.size())));
  }
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (mb[j] || a[i] != b[j]) continue;
      ma[i] = mb[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(la) + m / static_cast<double>(lb) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < std::min<size_t>({4, la, lb}) && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

bool LooksVietnamese(const std::vector<NameToken>& name) {
  if (name.empty()) return false;
  // A Lao name spelt by the Vietnamese press syllable by syllable ("Bun Nhăng Vo La Chít",
  // "Khat Thi Nha Bay Kham"): many words, and no family name at either end. It is a Lao name
  // in Vietnamese letters, whose tone marks the press sets inconsistently.
  if (name.size() >= 4 && !IsVietFamily(name.front().folded) && !IsVietFamily(name.back().folded)) return false;
  bool marks = false, family = false;
  for (const auto& t : name) {
    if (t.lao_script || !IsVietSyllable(t.folded)) return false;
    marks = marks || !t.viet.empty();
    family = family || IsVietFamily(t.folded);
  }
  return marks || family;
}

NameComparison CompareNames(const std::vector<NameToken>& a, const std::vector<NameToken>& b) {
  NameComparison out;
  if (a.empty() || b.empty()) return out;
  const bool viet = LooksVietnamese(a) && LooksVietnamese(b);
  const bool marked = viet && Marked(a) && Marked(b);
  // The shorter name pairs its words with the longer's; between names of equal length the
  // order is fixed by content, so the comparison is symmetric.
  auto order = [](const std::vector<NameToken>& t) {
    std::string s = Concat(KeysOf(t), false);
    for (const auto& x : t) s += "|" + x.folded + "|" + x.viet;
    return s;
  };
  const bool a_first = a.size() != b.size() ? a.size() < b.size() : order(a) <= order(b);
  const auto& shorter = a_first ? a : b;
  const auto& longer = a_first ? b : a;
  const size_t n = shorter.size(), m = longer.size();
  std::vector<double> sim(n * m);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < m; ++j) sim[i * m + j] = TokenSimilarity(shorter[i], longer[j], viet, marked);
  }
  // Greedy best-first pairing (names have a handful of words; exact assignment buys nothing).
  std::vector<bool> used_s(n), used_l(m);
  double weighted = 0, weights = 0, lowest = 1.0;
  for (size_t round = 0; round < n; ++round) {
    double best = -1;
    size_t bi = 0, bj = 0;
    for (size_t i = 0; i < n; ++i) {
      if (used_s[i]) continue;
      for (size_t j = 0; j < m; ++j) {
        if (!used_l[j] && sim[i * m + j] > best) best = sim[i * m + j], bi = i, bj = j;
      }
    }
    used_s[bi] = used_l[bj] = true;
    const double w = Weight(shorter[bi]) + Weight(longer[bj]);
    weighted += best * w;
    weights += w;
    lowest = std::min(lowest, best);
  }
  const double mean = weighted / weights;
  double set_score = 0.4 * mean + 0.6 * lowest;
  out.matched_words = n;
  out.unmatched_words = m - n;
  // A missing family or middle name costs a little; a single word against three costs more.
  for (size_t k = 0; k < m - n; ++k) set_score *= (n >= 2 ? 0.97 : 0.95);
  double score = set_score;
  if (!viet && n != m) {
    // Syllables merged or split differently: compare the names run together.
    score = std::max(score, Strict(RunTogetherSimilarity(shorter, longer)) * 0.97);
  }
  out.score = std::clamp(score, 0.0, 1.0);
  return out;
}

double QueryScore(const std::vector<NameToken>& query, const std::vector<NameToken>& name) {
  if (query.empty() || name.empty()) return 0;
  const bool viet = LooksVietnamese(query) && LooksVietnamese(name);
  const bool marked = viet && Marked(query) && Marked(name);
  std::vector<bool> used(name.size());
  double total = 0, weights = 0;
  for (size_t qi = 0; qi < query.size(); ++qi) {
    const NameToken& q = query[qi];
    const bool last = qi + 1 == query.size();
    double best = 0;
    size_t best_j = name.size();
    for (size_t j = 0; j < name.size(); ++j) {
      if (used[j]) continue;
      double s = TokenSimilarity(q, name[j], viet, marked);
      // Type-ahead: the word being typed may be the start of a name word.
      // Type-ahead: the word being typed may be the start of a longer name word (by sound
      // for Lao names; by letters for Vietnamese names, whose keys merge An and Anh).
      if (last && !viet && q.key.size() >= 2 && name[j].key.size() > q.key.size() && name[j].key.starts_with(q.key)) {
        s = std::max(s, 0.9 + 0.09 * static_cast<double>(q.key.size()) / static_cast<double>(name[j].key.size()));
      }
      if (last && q.folded.size() >= 2 && name[j].folded.size() > q.folded.size() &&
          name[j].folded.starts_with(q.folded)) {
        s = std::max(s,
                     0.92 + 0.07 * static_cast<double>(q.folded.size()) / static_cast<double>(name[j].folded.size()));
      }
      if (s > best) best = s, best_j = j;
    }
    const bool any_left = std::find(used.begin(), used.end(), false) != used.end();
    if (best_j < name.size()) {
      used[best_j] = true;
    } else if (!any_left) {
      // More words typed than the record holds (a middle or family name it lacks): partial credit.
      best = kUnpairedQueryWord;
    }
    const double w = Weight(q);
    total += best * w;
    weights += w;
  }
  double score = total / weights;
  // Words of the name the query leaves out cost a little, so the closest name ranks first.
  const size_t extra = name.size() > query.size() ? name.size() - query.size() : 0;
  score *= std::pow(0.99, static_cast<double>(extra));
  if (!viet) {
    // Syllables typed apart or together ("Boun Nhang", "BounnhangVorachith"): the query run
    // together against the name run together, in either order, or the start of it.
    std::string qa;
    for (const auto& t : query) qa += t.key;
    std::string na, nr;
    for (const auto& t : name) na += t.key;
    for (auto it = name.rbegin(); it != name.rend(); ++it) nr += it->key;
    if (query.size() != name.size()) {
      const double run =
          query.size() < name.size() ? RunTogetherSimilarity(query, name) : RunTogetherSimilarity(name, query);
      score = std::max(score, 0.96 * Strict(run));
    }
    if (qa.size() >= 4 && (na.starts_with(qa) || nr.starts_with(qa))) {
      score = std::max(score, 0.9 + 0.09 * static_cast<double>(qa.size()) / static_cast<double>(na.size()));
    }
  }
  return std::clamp(score, 0.0, 1.0);
}

}  // namespace lb::text
