#!/usr/bin/env python3
"""Writes N valid person rows (CSV, the persons format of docs/csv-formats.md) to stdout.

Deterministic: the same N gives the same file. Every row has its own passport number, so
a re-import matches each row to one record."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
rng = random.Random(7)
family = ["PHOMMAVONG", "SOUVANNAVONG", "KEOMANY", "SIHARATH", "VONGSA", "NGUYEN", "TRAN", "LE", "PHAM", "HOANG"]
given = ["Khamla", "Bounmy", "Noy", "Somchai", "Vilay", "Van An", "Thi Mai", "Minh", "Huong", "Duc Anh"]
native = ["ຄຳຫລ້າ ພົມມະວົງ", "ບຸນມີ ແກ້ວມະນີ", "Nguyễn Văn An", "Trần Thị Mai", "", ""]
provinces = ["LA-VT", "LA-SV", "LA-CH", "LA-LP", "LA-XA"]
out = sys.stdout
out.write("family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,"
          "document_kind,document_number,document_country,document_expires\n")
buf = []
for i in range(n):
    buf.append("%s,%s,%s,%s,%d-%02d-%02d,LA,%s,+856 20 %04d %04d,passport,P%08d,LA,2031-%02d-%02d\n" % (
        rng.choice(family), rng.choice(given), rng.choice(native), "FM"[i % 2],
        1960 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28), rng.choice(provinces),
        rng.randrange(10000), rng.randrange(10000), i, 1 + rng.randrange(12), 1 + rng.randrange(28)))
    if len(buf) == 10000:
        out.write("".join(buf))
        buf = []
out.write("".join(buf))
