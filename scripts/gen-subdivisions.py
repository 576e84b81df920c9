#!/usr/bin/env python3
"""Generate data/subdivisions.csv (Laos + Vietnam first-level subdivisions).

Inputs (stdlib only, re-runnable, deterministic output):
  data/reference-src/la_provinces.csv              18 Lao provinces/prefecture
  data/reference-src/vn_provinces_2025_merger.csv  34 VN provinces from 2025-07-01
                                                   (Resolution 202/2025/QH15)
  /usr/share/iso-codes/json/iso_3166-2.json        Debian iso-codes: the 63
                                                   pre-merger VN-* subdivisions

Usage:  python3 scripts/gen-subdivisions.py [--iso-codes PATH] [--out PATH]

The script validates the data (row counts, merger name mapping, successor
codes, border flags) and exits non-zero without writing if anything is off.
See docs/reference-data.md.
"""

import argparse
import csv
import io
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "data", "reference-src")
LA_SRC = os.path.join(SRC, "la_provinces.csv")
MERGER_SRC = os.path.join(SRC, "vn_provinces_2025_merger.csv")
# Lao names of Vietnamese provinces, each with the published page that prints it; a province
# without a row keeps name_lo empty (see docs/reference-data.md).
VN_LO_SRC = os.path.join(SRC, "vn_provinces_lo.csv")
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-2.json"
OUT = os.path.join(ROOT, "data", "subdivisions.csv")

HEADER = ["code", "country", "kind", "name_en", "name_vi", "name_lo",
          "valid_from", "valid_until", "successor_code", "borders_partner"]

VN_OLD_VALID_UNTIL = "2025-06-30"
VN_NEW_VALID_FROM = "2025-07-01"

# Pre-merger Vietnamese provinces sharing a border with Laos.
VN_OLD_BORDERS_LAOS = {
    "VN-71",  # Điện Biên
    "VN-05",  # Sơn La
    "VN-21",  # Thanh Hóa
    "VN-22",  # Nghệ An
    "VN-23",  # Hà Tĩnh
    "VN-24",  # Quảng Bình
    "VN-25",  # Quảng Trị
    "VN-26",  # Thừa Thiên Huế
    "VN-27",  # Quảng Nam
    "VN-28",  # Kon Tum
}

# Corrections to iso-codes Vietnamese names (known errors in the data).
VN_NAME_VI_FIX = {
    "VN-47": "Kiên Giang",  # iso-codes 4.15 spells it "Kiến Giang" (typo)
}

# English names where plain diacritic folding is not the usual form.
VN_NAME_EN_OVERRIDE = {
    "VN-SG": "Ho Chi Minh City",
    "VN-26": "Thua Thien Hue",
    "VN-43": "Ba Ria-Vung Tau",
}

# Vietnamese names for 2025 provinces where the merger file mixes in English.
VN_NEW_NAME_VI_FIX = {
    "Hồ Chí Minh City": "Hồ Chí Minh",  # same form as iso-codes' VN-SG
}

KIND_MAP_VN_ISO = {"Province": "province", "Municipality": "municipality"}
KIND_MAP_VN_NEW = {"province": "province", "city": "municipality"}


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


def ascii_fold(s):
    """Latin without diacritics: 'Hà Nội' -> 'Ha Noi', 'Đà Nẵng' -> 'Da Nang'."""
    s = s.replace("Đ", "D").replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    return unicodedata.normalize("NFC", s)


# Old-style vs new-style tone placement (Hoà/Hòa, Thuỷ/Thủy, ...).
_TONE_SWAPS = [
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
    ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
]


def match_key(name):
    """Key for comparing Vietnamese province names across sources.

    NFC-normalises, lower-cases, unifies tone-mark placement, treats hyphens,
    en/em dashes and spaces alike, and drops a trailing 'city' or a leading
    'thành phố' / 'tỉnh'. Diacritics are kept (they distinguish names).
    """
    s = unicodedata.normalize("NFC", name).lower().strip()
    for old, new in _TONE_SWAPS:
        s = s.replace(old, new)
    s = re.sub(r"[\s\-\u2010-\u2015]+", " ", s).strip()
    s = re.sub(r"^(thành phố|tp\.?|tỉnh) ", "", s)
    s = re.sub(r" city$", "", s)
    return s


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(f)]


def fail(msg):
    sys.exit("gen-subdivisions: " + msg)


def build(iso_json):
    rows = []

    # --- Laos -----------------------------------------------------------
    la = read_csv(LA_SRC)
    if len(la) != 18:
        fail("expected 18 Lao rows, got %d" % len(la))
    for r in la:
        code = r["iso_code"]
        if not re.fullmatch(r"LA-[A-Z]{2}", code):
            fail("bad Lao code %r" % code)
        if r["borders_vietnam"] not in ("0", "1"):
            fail("bad borders_vietnam for %s" % code)
        rows.append({
            "code": code, "country": "LA",
            "kind": "prefecture" if code == "LA-VT" else "province",
            "name_en": r["name_en"], "name_vi": r["name_vi"],
            "name_lo": r["name_lo"],
            "valid_from": "", "valid_until": "", "successor_code": "",
            "borders_partner": r["borders_vietnam"],
        })

    # --- Vietnam, pre-merger (iso-codes) ---------------------------------
    with open(iso_json, encoding="utf-8") as f:
        iso = json.load(f)["3166-2"]
    vn_old = [e for e in iso if e["code"].startswith("VN-")]
    if len(vn_old) != 63:
        fail("expected 63 VN-* entries in iso-codes, got %d" % len(vn_old))
    la_iso_codes = {e["code"] for e in iso if e["code"].startswith("LA-")}
    if la_iso_codes != {r["code"] for r in rows}:
        fail("Lao codes differ from iso-codes: %s"
             % sorted(la_iso_codes ^ {r["code"] for r in rows}))

    old_by_key = {}
    old_rows = {}
    for e in vn_old:
        code = e["code"]
        name_vi = nfc(VN_NAME_VI_FIX.get(code, e["name"]))
        kind = KIND_MAP_VN_ISO.get(e["type"])
        if kind is None:
            fail("unexpected iso-codes type %r for %s" % (e["type"], code))
        key = match_key(name_vi)
        if key in old_by_key:
            fail("duplicate name key %r" % key)
        old_by_key[key] = code
        old_rows[code] = {
            "code": code, "country": "VN", "kind": kind,
            "name_en": VN_NAME_EN_OVERRIDE.get(code, ascii_fold(name_vi)),
            "name_vi": name_vi, "name_lo": "",
            "valid_from": "", "valid_until": VN_OLD_VALID_UNTIL,
            "successor_code": "",
            "borders_partner": "1" if code in VN_OLD_BORDERS_LAOS else "0",
        }
    missing = VN_OLD_BORDERS_LAOS - set(old_rows)
    if missing:
        fail("border list codes not in iso-codes: %s" % sorted(missing))

    # --- Vietnam, from 2025-07-01 (Resolution 202/2025/QH15) -------------
    merger = read_csv(MERGER_SRC)
    if len(merger) != 34:
        fail("expected 34 merger rows, got %d" % len(merger))
    new_rows = []
    for i, r in enumerate(merger, start=1):
        code = "VN-N%02d" % i
        name_src = r["province_from_2025_07_01"]
        name_vi = VN_NEW_NAME_VI_FIX.get(name_src, name_src)
        kind = KIND_MAP_VN_NEW.get(r["kind"])
        if kind is None:
            fail("unexpected kind %r in merger row %d" % (r["kind"], i))
        if r["borders_laos"] not in ("0", "1"):
            fail("bad borders_laos in merger row %d" % i)
        parts = [p for p in r["formed_from"].split(";") if p.strip()]
        if not parts:
            fail("empty formed_from in merger row %d" % i)
        for p in parts:
            old = old_by_key.get(match_key(p))
            if old is None:
                fail("formed_from name %r (row %d) matches no iso-codes "
                     "VN subdivision" % (p, i))
            if old_rows[old]["successor_code"]:
                fail("%s (%s) listed in two merger rows" % (old, p))
            old_rows[old]["successor_code"] = code
        # Border flag of a merged province = any of its parts borders Laos.
        derived = max(old_rows[old_by_key[match_key(p)]]["borders_partner"]
                      for p in parts)
        if derived != r["borders_laos"]:
            fail("borders_laos=%s for %s but its parts give %s"
                 % (r["borders_laos"], name_vi, derived))
        new_rows.append({
            "code": code, "country": "VN", "kind": kind,
            "name_en": ascii_fold(name_src), "name_vi": name_vi, "name_lo": "",
            "valid_from": VN_NEW_VALID_FROM, "valid_until": "",
            "successor_code": "", "borders_partner": r["borders_laos"],
        })

    new_codes = {r["code"] for r in new_rows}
    for code, r in old_rows.items():
        if r["successor_code"] not in new_codes:
            fail("%s (%s) has no successor" % (code, r["name_vi"]))

    rows.extend(old_rows[e["code"]] for e in vn_old)
    rows.extend(new_rows)

    # Lao names of Vietnamese units, by Vietnamese name (a merged province keeps its name).
    vn_lo = {}
    for r in read_csv(VN_LO_SRC):
        if not r["source"].strip():
            fail("Lao name %r of %r has no source" % (r["name_lo"], r["name_vi"]))
        vn_lo[match_key(r["name_vi"])] = nfc(r["name_lo"])
    used = set()
    for r in rows:
        if r["country"] == "VN" and match_key(r["name_vi"]) in vn_lo:
            r["name_lo"] = vn_lo[match_key(r["name_vi"])]
            used.add(match_key(r["name_vi"]))
    if set(vn_lo) - used:
        fail("Lao names for unknown Vietnamese units: %s" % sorted(set(vn_lo) - used))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso-codes", default=ISO_JSON)
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()

    rows = build(args.iso_codes)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    n_la = sum(r["country"] == "LA" for r in rows)
    n_old = sum(r["valid_until"] == VN_OLD_VALID_UNTIL for r in rows)
    n_new = sum(r["valid_from"] == VN_NEW_VALID_FROM for r in rows)
    print("wrote %s: %d rows (LA %d, VN pre-merger %d, VN 2025 %d)"
          % (os.path.relpath(args.out), len(rows), n_la, n_old, n_new))


if __name__ == "__main__":
    main()
