#!/usr/bin/env python3
"""Build ../name_pairs.csv from persons.py (hand-transcribed published spellings).

No romaniser is called and nothing is transliterated: attested rows pair two strings that were
copied from published pages; derived rows apply a mechanical edit (case, tone-mark removal,
hyphen to space, letter drop, title added, order swapped, Ð for Đ...) to one attested string.
"""
import os, csv, hashlib, itertools, re, sys, unicodedata
from collections import Counter, defaultdict
from persons import P, NEG, URL_OVERRIDE

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- sources
def load_sources():
    src = {}
    for line in open(f"{HERE}/notes_sources.md", encoding="utf-8"):
        m = re.match(r"(S\d+)\s+(\S+)", line)
        if m and m.group(2).startswith("http"):
            src[m.group(1)] = m.group(2)
    src.update(URL_OVERRIDE)
    return src
SRC = load_sources()

def url_of(sids):
    first = sids.split("+")[0]
    if first not in SRC or "..." in SRC[first]:
        sys.exit(f"no usable address for {first}")
    return SRC[first]

# ---------------------------------------------------------------- text helpers
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
def strip_tones(s):
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
def fold_ascii(s):
    d = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))
def lev(a, b):
    a, b = a.lower(), b.lower()
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
def frn(s):
    """French-style spelling habits (final h after n, final e after n, y/i): used only to compare."""
    out = []
    for w in s.lower().split():
        if w.endswith("nh"): w = w[:-1]
        if w.endswith("ne"): w = w[:-1]
        out.append(w.replace("y", "i"))
    return " ".join(out)
def h(s):
    return int(hashlib.sha1(s.encode()).hexdigest(), 16)

ETHNIC = {"lò", "lường", "cầm", "vi", "hà", "sầm", "vàng", "thào", "sùng", "sừng", "giàng",
          "phùng", "nông", "mùa", "chá", "tẩn", "ngân", "triệu",
          "lo", "luong", "cam", "ha", "sam", "vang", "thao", "sung", "giang", "phung", "nong",
          "mua", "cha", "tan", "ngan", "trieu"}
def ethnic(name):
    t = name.split()
    t = [w for w in t if w.lower() not in TITLE_WORDS]
    return bool(t) and t[0].lower() in ETHNIC

TITLE_WORDS = {"ông", "bà", "anh", "chị", "mr", "mr.", "ms", "ms.", "madame", "dr", "dr.",
               "đồng", "chí", "gen.", "lt.", "major", "general", "hoàng", "thân"}
DOUBLED = {"bouasone", "baykham", "bounpone"}
NHB = {"bounthong", "pany", "bounnhang"}
VN_TITLES_M, VN_TITLES_F = ["Ông", "Anh"], ["Bà", "Chị"]

# ---------------------------------------------------------------- categories for attested pairs
TITLED = {"lao_t", "lat_t", "vn_t", "asc_t", "laovn_t"}
LATIN = {"pp", "lat", "fr"}
def category(pid, ta, a, tb, b):
    tags = {ta, tb}
    if (ta in TITLED) != (tb in TITLED):
        return "title_stripped"
    if ta in TITLED and tb in TITLED:
        return None
    if "given" in tags:
        return "lao_missing_family" if len(tags) == 2 else None
    if tags & {"laovn"}:
        return "lao_script_of_vn_name"
    if tags == {"lao", "lao_sp"}:
        return "merged_or_hyphenated"
    if tags & {"lao_hono", "lao_am"} and "lao" in tags:
        return "lao_hono_variant"
    if tags & {"lao", "lao_sp", "lao_hono", "lao_am"} and tags & LATIN:
        if pid in DOUBLED:
            return "doubled_consonant"
        if pid in NHB:
            return "nh_boundary"
        return "lao_script_vs_french" if "fr" in tags else "lao_script_vs_passport"
    if "vns" in tags:
        return "vnpress_spaced_lao"
    if tags & {"lao", "lao_sp"} and "vnp" in tags:
        return "lao_script_vs_vnpress"
    if tags == {"vnp"}:
        return "vnpress_tone_variant"
    if "vnp" in tags:
        return "vnpress_vs_french" if "fr" in tags else "passport_vs_vnpress"
    if "fr" in tags and tags & {"pp", "lat"}:
        return "passport_vs_french"
    if tags <= {"pp", "lat"}:
        if a != b and frn(a) == frn(b):
            return "passport_vs_french"
        if a.replace("-", "").replace(" ", "").lower() == b.replace("-", "").replace(" ", "").lower():
            return "merged_or_hyphenated"
        return "typo_one_letter" if lev(a, b) == 1 else "latin_variant"
    if tags == {"vn", "vn_typo"} or tags == {"vn_typo", "ascii"}:
        if fold_ascii(a).lower() == fold_ascii(b).lower():
            return "vn_diacritics_vs_ascii"
        return "typo_one_letter"
    if tags == {"vn", "vn_tp"}:
        return "vn_tone_placement"
    if tags == {"vn", "vn_iy"}:
        return "i_y_variant"
    if tags == {"vn", "vnpart"}:
        return "missing_tones"
    if tags <= {"vn", "ascii", "vnpart", "vn_typo"}:
        return "vn_ethnic_family" if ethnic(a) or ethnic(b) else "vn_diacritics_vs_ascii"
    return None

# ---------------------------------------------------------------- build
rows = []          # dict rows
def add(left, right, same, cat, sources, note, persons, attested):
    rows.append(dict(left=left, right=right, same=same, category=cat,
                     source=" | ".join(dict.fromkeys(sources)), note=note,
                     persons=persons, attested=attested))

byid = {p[0]: p for p in P}

for pid, g, nat, pnote, forms in P:
    # attested pairs
    cand = []
    for (a, ta, sa), (b, tb, sb) in itertools.combinations(forms, 2):
        c = category(pid, ta, a, tb, b)
        if c:
            cand.append((c, a, b, sa, sb))
    # keep at most 3 rows per category and 12 per person, deterministic order
    seen = Counter()
    cand.sort(key=lambda x: h(pid + x[1] + x[2]))
    for c, a, b, sa, sb in cand:
        if seen[c] >= 3 or sum(seen.values()) >= 12:
            continue
        seen[c] += 1
        if h(a + b) % 2:
            a, b, sa, sb = b, a, sb, sa
        add(a, b, 1, c, [url_of(sa), url_of(sb)], f"{pnote}; attested", [pid], True)

# ---------------------------------------------------------------- derived rows
def first(forms, *tags):
    for t in tags:
        for f in forms:
            if f[1] == t:
                return f
    return None

def typo(s, k):
    """one-letter edit inside the last word (k selects drop / double / swap)."""
    words = s.split()
    w = words[-1]
    if len(w) < 5:
        return None
    i = 2 + k % (len(w) - 3)
    kind = k % 3
    if kind == 0:
        nw = w[:i] + w[i + 1:]; rule = "typo_drop"
    elif kind == 1:
        nw = w[:i] + w[i] + w[i:]; rule = "typo_double"
    else:
        nw = w[:i] + w[i + 1] + w[i] + w[i + 2:]; rule = "typo_swap"
    if nw == w:
        return None
    return " ".join(words[:-1] + [nw]), rule

def spaced(vnp):
    return " ".join(x[:1].upper() + x[1:] for x in re.split(r"[- ]+", vnp))

def eth(s):
    return s.replace("Đ", "\u00D0").replace("đ", "\u00F0")

for n, (pid, g, nat, pnote, forms) in enumerate(P):
    k = h(pid)
    pp = first(forms, "pp")
    lao = first(forms, "lao")
    vnp = [f for f in forms if f[1] == "vnp"]
    vn = first(forms, "vn")
    asc = first(forms, "ascii")
    tags = {f[1] for f in forms}
    if nat == "L" and pp and len(pp[0].split()) == 2:
        given, fam = pp[0].split()
        # order swapped: passport/roster style FAMILY Given
        other = lao or pp
        sw = f"{fam.upper()} {given}" if k % 2 else f"{fam} {given}"
        if k % 5 == 0: add(sw, other[0], 1, "order_swapped", [url_of(pp[2]), url_of(other[2])],
            f"{pnote}; derived:swap_order", [pid], False)
        # one-letter typo of the passport spelling
        t = typo(pp[0], k // 7)
        if t and k % 3 == 1:
            add(t[0], (lao or pp)[0] if lao and k % 2 else pp[0], 1, "typo_one_letter",
                [url_of(pp[2])] + ([url_of(lao[2])] if lao and k % 2 else []),
                f"{pnote}; derived:{t[1]}", [pid], False)
        # title added (family-book style) when no title is attested
        if lao and not tags & {"lao_t"} and k % 2 == 0:
            title = "ທ້າວ" if g == "m" else "ນາງ"
            add(f"{title} {lao[0]}", pp[0], 1, "title_stripped", [url_of(lao[2]), url_of(pp[2])],
                f"{pnote}; derived:add_title", [pid], False)
        elif not tags & {"lat_t"} and k % 5 == 1:
            title = "Thao" if g == "m" else "Nang"
            add(f"{title} {pp[0]}", (lao or pp)[0] if lao else pp[0].upper(), 1, "title_stripped",
                [url_of(pp[2])] + ([url_of(lao[2])] if lao else []),
                f"{pnote}; derived:add_title" + ("" if lao else "+upper_case"), [pid], False)
        # given name only (Lao script) against the full passport name
        if lao and k % 4 == 0 and len(lao[0].split()) == 2:
            add(lao[0].split()[0], pp[0], 1, "lao_missing_family", [url_of(lao[2]), url_of(pp[2])],
                f"{pnote}; derived:given_only", [pid], False)
    for f in vnp:
        # the spaced, capitalised press form ("Bun Nhăng Vo La Chít")
        sp = spaced(f[0])
        other = lao if (lao and h(f[0]) % 2) else pp
        if other:
            add(sp, other[0], 1, "vnpress_spaced_lao", [url_of(f[2]), url_of(other[2])],
                f"{pnote}; derived:hyphen_to_space", [pid], False)
        st = strip_tones(f[0])
        if st != f[0] and h(f[0]) % 3 == 1:
            add(st if h(st) % 2 else spaced(st), pp[0] if pp else f[0], 1, "missing_tones",
                [url_of(f[2])] + ([url_of(pp[2])] if pp else []),
                f"{pnote}; derived:strip_tones" + ("" if h(st) % 2 else "+hyphen_to_space"), [pid], False)
        if "đ" in f[0] or "Đ" in f[0]:
            add(eth(f[0]), f[0], 1, "eth_d", [url_of(f[2])], f"{pnote}; derived:eth_d", [pid], False)
        if re.search(r"-ny\b|-ny ", f[0]):
            add(re.sub(r"-ny\b", "-ni", f[0]), f[0], 1, "i_y_variant", [url_of(f[2])],
                f"{pnote}; derived:y_to_i", [pid], False)
    if nat == "V" and vn:
        s = vn[0]
        up_ascii = fold_ascii(s).upper()
        cat = "vn_ethnic_family" if ethnic(s) else "vn_diacritics_vs_ascii"
        if not asc or ethnic(s):
            add(up_ascii, s, 1, cat, [url_of(vn[2])], f"{pnote}; derived:upper_ascii", [pid], False)
        if k % 3 == 0 or ethnic(s):
            add(s.upper(), (asc or vn)[0], 1, "vn_case" if not ethnic(s) else "vn_ethnic_family",
                [url_of(vn[2])] + ([url_of(asc[2])] if asc else []), f"{pnote}; derived:upper_case", [pid], False)
        st = strip_tones(s)
        if st != s and st != fold_ascii(s) and k % 2 == 0:
            add(st, s, 1, "missing_tones", [url_of(vn[2])], f"{pnote}; derived:strip_tones", [pid], False)
        if "Đ" in s or "đ" in s:
            add(eth(s.upper()) if k % 2 else eth(s), s if k % 2 else (asc or vn)[0], 1, "eth_d",
                [url_of(vn[2])] + ([url_of(asc[2])] if asc and k % 2 == 0 else []),
                f"{pnote}; derived:eth_d" + ("+upper_case" if k % 2 else ""), [pid], False)
        w = s.split()
        if len(w) == 4 and w[1] in ("Văn", "Thị"):
            add(" ".join([w[0]] + w[2:]), s, 1, "missing_middle", [url_of(vn[2])],
                f"{pnote}; derived:drop_middle", [pid], False)
        elif len(w) == 3 and w[1] in ("Văn", "Thị"):
            add(f"{w[0]} {w[2]}", s, 1, "missing_middle", [url_of(vn[2])],
                f"{pnote}; derived:drop_middle", [pid], False)
        if len(w) == 3 and k % 4 == 1:
            add(f"{w[1]} {w[2]} {w[0]}", s, 1, "order_swapped", [url_of(vn[2])],
                f"{pnote}; derived:family_last", [pid], False)
        if re.search(r"\b(Mỷ|Sỹ|Lý|Kỳ|Mỹ|Quý|Thủy)\b", s):
            alt = (s.replace("Mỷ", "Mỉ").replace("Sỹ", "Sĩ").replace("Lý", "Lí").replace("Kỳ", "Kì")
                    .replace("Mỹ", "Mĩ").replace("Quý", "Quí"))
            if alt != s:
                add(alt, s, 1, "i_y_variant", [url_of(vn[2])], f"{pnote}; derived:y_to_i", [pid], False)
        if "Hòa" in s or "Thủy" in s:
            add(s.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ"), s, 1, "vn_tone_placement", [url_of(vn[2])],
                f"{pnote}; derived:old_tone_placement", [pid], False)
        if k % 4 == 2:
            add(unicodedata.normalize("NFD", s), s, 1, "vn_nfd", [url_of(vn[2])], f"{pnote}; derived:nfd", [pid], False)
        if not tags & {"vn_t"} and k % 3 == 1:
            title = (VN_TITLES_M if g == "m" else VN_TITLES_F)[k % 2]
            add(f"{title} {s}", fold_ascii(s), 1, "title_stripped", [url_of(vn[2])],
                f"{pnote}; derived:add_title+ascii", [pid], False)
    # Lao ຫລ/ຫຼ and ຫນ/ໜ variants (character-level; not a transliteration)
    for f in forms:
        if f[1] in ("lao", "lao_t") and ("ຫລ" in f[0] or "ຫຼ" in f[0]):
            alt = f[0].replace("ຫລ", "\u0EAB\u0EBC") if "ຫລ" in f[0] else f[0].replace("ຫຼ", "ຫລ")
            add(alt, f[0], 1, "lao_hono_variant", [url_of(f[2])], f"{pnote}; derived:lo_ligature", [pid], False)
    # Vietnamese ASCII-only people: upper-case and ethnic
    if nat == "V" and not vn and asc:
        add(asc[0].upper(), asc[0], 1, "vn_ethnic_family" if ethnic(asc[0]) else "vn_case",
            [url_of(asc[2])], f"{pnote}; derived:upper_case", [pid], False)
        w = asc[0].split()
        if len(w) == 3 and w[1] in ("Van", "Thi"):
            add(f"{w[0]} {w[2]}", asc[0], 1, "missing_middle", [url_of(asc[2])],
                f"{pnote}; derived:drop_middle", [pid], False)

# Issue example and parallel minimal pairs (Thị/Văn plus a given name one letter apart)
add("LO THI THANH", "LO THI THAN", 0, "neg_similar", [SRC["ISSUE15"]],
    "issue 15 example: Thị like Văn, given names Thanh/Than differ; derived:issue_example", ["issue15"], False)

# ---------------------------------------------------------------- negatives
for a, ia, b, ib, cat, why in NEG:
    fa, fb = byid[a][4][ia], byid[b][4][ib]
    add(fa[0], fb[0], 0, cat, [url_of(fa[2]), url_of(fb[2])],
        f"{why}: {byid[a][3]} / {byid[b][3]}; attested", [a, b], True)

# ---------------------------------------------------------------- dedupe, split
out, keys = [], set()
for r in rows:
    key = tuple(sorted([r["left"].lower(), r["right"].lower()]))
    if r["left"] == r["right"] or key in keys:
        continue
    keys.add(key)
    out.append(r)

parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
for r in out:
    ps = r["persons"]
    for q in ps[1:]:
        parent[find(q)] = find(ps[0])
    find(ps[0])
groups = defaultdict(list)
for x in list(parent):
    groups[find(x)].append(x)
gkey = {x: min(groups[find(x)]) for x in parent}
# groups in hash order; a group goes to heldout while that keeps its categories near 20 %
grows = defaultdict(list)
for r in out:
    grows[gkey[r["persons"][0]]].append(r)
held, tot_c, held_c = set(), Counter(r["category"] for r in out), Counter()
nheld = 0
order = sorted(grows, key=lambda x: h("lb-split-v1:" + x))
def take(gk):
    global nheld
    held.add(gk); nheld += len(grows[gk])
    for r in grows[gk]:
        held_c[r["category"]] += 1
# pass 1: give every category some held-out rows (small groups first among equals)
for gk in order:
    rs = grows[gk]
    if gk not in held and any(held_c[r["category"]] == 0 for r in rs) and len(rs) <= 12 \
            and nheld + len(rs) <= 0.12 * len(out):
        take(gk)
# pass 2: fill to about 20 %, preferring groups whose categories are short of 20 %
for gk in order:
    rs = grows[gk]
    need = sum(1 for r in rs if held_c[r["category"]] < 0.2 * tot_c[r["category"]])
    if gk not in held and nheld + len(rs) <= 0.205 * len(out) and need * 2 >= len(rs):
        take(gk)
def split_of(r):
    return "heldout" if gkey[r["persons"][0]] in held else "tune"

# normal form: NFC everywhere except the vn_nfd left column
for r in out:
    for col in ("left", "right"):
        if not (r["category"] == "vn_nfd" and unicodedata.is_normalized("NFD", r[col])
                and not unicodedata.is_normalized("NFC", r[col])):
            r[col] = unicodedata.normalize("NFC", r[col])
    if r["category"] == "vn_nfd" and not unicodedata.is_normalized("NFC", r["right"]):
        r["left"], r["right"] = r["right"], r["left"]

with open(f"{HERE}/../name_pairs.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["left", "right", "same", "category", "source", "note", "split"])
    for r in out:
        w.writerow([r["left"], r["right"], r["same"], r["category"], r["source"], r["note"], split_of(r)])

# ---------------------------------------------------------------- report
cc = Counter(r["category"] for r in out)
att = sum(r["attested"] for r in out)
neg = sum(r["same"] == 0 for r in out)
sp = Counter(split_of(r) for r in out)
print(f"rows {len(out)}  attested {att} ({100*att/len(out):.1f}%)  negatives {neg} ({100*neg/len(out):.1f}%)  split {dict(sp)}")
for c, n in sorted(cc.items()):
    a = sum(r["attested"] for r in out if r["category"] == c)
    s = Counter(split_of(r) for r in out if r["category"] == c)
    print(f"  {c:26s} {n:4d}  attested {a:4d}  tune {s['tune']:3d} heldout {s['heldout']:3d}")
print("largest split group:", max(len(v) for v in groups.values()))
