#!/usr/bin/env python3
"""Writes data/common_passwords.csv: the passwords the node refuses as common.

Source: the "passwords" frequency list of zxcvbn 4.4.28 (Dropbox, MIT licence; the 30,000
most frequent passwords of Mark Burnett's 10 million password set), as the Debian package
python3-zxcvbn ships it (zxcvbn/frequency_lists.py). Install it with
`apt-get install python3-zxcvbn`, then run this script from the repository's root.

Each entry is kept as the node compares a password (src/platform/access/passwords.cpp):
lower case, with trailing digits and symbols taken off ("welcome1!" is "welcome"); entries
that are left empty (digits and symbols only) or hold a comma or a double quote are left out,
the rest sorted and without repeats.
"""
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
from zxcvbn.frequency_lists import FREQUENCY_LISTS  # noqa: E402


def normalise(word: str) -> str:
    word = word.lower()
    end = len(word)
    while end > 0 and not word[end - 1].isalpha():
        end -= 1
    return word[:end]


def main() -> None:
    keys = set()
    for word in FREQUENCY_LISTS["passwords"]:
        key = normalise(word)
        if key and "," not in key and '"' not in key and key.isascii() and key.isprintable():
            keys.add(key)
    with open("data/common_passwords.csv", "w", encoding="utf-8", newline="\n") as out:
        out.write("password\n")
        for key in sorted(keys):
            out.write(key + "\n")
    print(f"{len(keys)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
