#!/usr/bin/env python3
"""Writes N valid person rows (CSV, the persons format of docs/csv-formats.md) to stdout.

    gen_persons.py N                      the import benchmark's file (a few common names)
    gen_persons.py N --varied             names made of Lao syllables (millions of distinct
                                          names, as in a real registry)
    gen_persons.py N --varied --dupes M   a file for a registry made by `gen_persons.py R
                                          --varied`: rows 0, 2, 4, ... (M of them) are
                                          registry persons 0, 1, 2, ... under a new passport
                                          (same name in other letter case, same birth date:
                                          probable duplicates); the other rows are new persons

Deterministic: the same arguments give the same file. Every row has its own passport number
(P00000000 upwards; --first K starts at K), so a re-import matches each row to one record."""
import random
import sys

args = sys.argv[1:]
n = int(args[0]) if args and not args[0].startswith("--") else 1000000
varied = "--varied" in args
dupes = int(args[args.index("--dupes") + 1]) if "--dupes" in args else 0
first = int(args[args.index("--first") + 1]) if "--first" in args else 0

family = ["PHOMMAVONG", "SOUVANNAVONG", "KEOMANY", "SIHARATH", "VONGSA", "NGUYEN", "TRAN", "LE", "PHAM", "HOANG"]
given = ["Khamla", "Bounmy", "Noy", "Somchai", "Vilay", "Van An", "Thi Mai", "Minh", "Huong", "Duc Anh"]
native = ["ຄຳຫລ້າ ພົມມະວົງ", "ບຸນມີ ແກ້ວມະນີ", "Nguyễn Văn An", "Trần Thị Mai", "", ""]
provinces = ["LA-VT", "LA-SV", "LA-CH", "LA-LP", "LA-XA"]
syllables = ["phom", "ma", "vong", "sou", "van", "na", "keo", "si", "ha", "rath", "xay", "sen", "bou", "pha",
             "lo", "chit", "thong", "da", "la", "sy", "kham", "in", "sa", "vang", "noy", "mee", "phet", "ka"]


def varied_name(rng):
    fam = "".join(rng.choice(syllables) for _ in range(2 + rng.randrange(2))).upper()
    giv = "".join(rng.choice(syllables) for _ in range(1 + rng.randrange(2))).capitalize()
    return fam, giv, ""


def row(rng, i):
    """The fields of generated person i (its name, sex, birth date, province, phone, expiry)."""
    if varied:
        fam, giv, nat = varied_name(rng)
    else:
        fam, giv, nat = rng.choice(family), rng.choice(given), rng.choice(native)
    return [fam, giv, nat, "FM"[i % 2], "%d-%02d-%02d" % (1960 + rng.randrange(45), 1 + rng.randrange(12),
                                                          1 + rng.randrange(28)),
            rng.choice(provinces), "+856 20 %04d %04d" % (rng.randrange(10000), rng.randrange(10000)),
            "2031-%02d-%02d" % (1 + rng.randrange(12), 1 + rng.randrange(28))]


def line(f, number):
    return "%s,%s,%s,%s,%s,LA,%s,%s,passport,P%08d,LA,%s\n" % (f[0], f[1], f[2], f[3], f[4], f[5], f[6], number, f[7])


out = sys.stdout
out.write("family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,"
          "document_kind,document_number,document_country,document_expires\n")
rng = random.Random(7)
registry = random.Random(7)  # replays the registry's persons for --dupes
fresh = random.Random(11)
buf = []
made = 0
for i in range(n):
    if dupes and i % 2 == 0 and made < dupes:
        f = row(registry, made)
        f[0] = f[0].capitalize()  # the same name in other letter case
        made += 1
        buf.append(line(f, first + i))
    else:
        buf.append(line(row(fresh if dupes else rng, i), first + i))
    if len(buf) == 10000:
        out.write("".join(buf))
        buf = []
out.write("".join(buf))
