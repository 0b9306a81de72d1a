"""Writes the sample payment-share lists of tests/data (run: .venv/bin/python tests/data/make_samples.py).

Default layout (payment_share/README.md); national ids only from the temporary range 900–999. The files are
committed; this script documents how they were made and remakes them identically."""

import os
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joutsa_tyollisyys.settings")

import django  # noqa: E402

django.setup()

from clients import national_id as nid  # noqa: E402
from payment_share.generate import make_row, to_csv, to_xlsx  # noqa: E402

JUNE = date(2024, 6, 1)
PEOPLE = [  # name, birth date, individual number, cumulative paid days, days in month
    ("Mäkinen Päivi", date(1965, 11, 6), 902, 312, 20),
    ("Järvinen Jörö", date(1971, 3, 14), 915, 1044, 20),
    ("Öhman Åsa", date(1980, 7, 2), 928, 655, 20),
    ("Korhonen Antti Juhani", date(1992, 1, 30), 933, 301, 19),
    ("Lehtonen Eeva", date(2001, 5, 5), 946, 999, 20),
    ("Virtanen Ville", date(1958, 9, 9), 951, 1000, 20),
]


def rows(month=JUNE):
    return [make_row(month, nid.build(born, number), name, days, in_month, 70 if days >= 1000 else 50)
            for name, born, number, days, in_month in PEOPLE]


def write(name, data: bytes):
    (HERE / name).write_bytes(data)


def main():
    good = rows()
    write("payment_share_sample.csv", to_csv(good))  # the documented sample: UTF-8 with BOM, ;
    for encoding, label in (("utf-8", "utf8"), ("utf-8-sig", "utf8bom"), ("cp1252", "cp1252")):
        for delimiter, dlabel in ((";", "semicolon"), (",", "comma")):
            write(f"list_{label}_{dlabel}.csv", to_csv(good, delimiter=delimiter, encoding=encoding))
    write("list.xlsx", to_xlsx(good))

    text = to_csv(good).decode("utf-8-sig")
    lines = text.split("\r\n")

    def broken(name, line_index, old, new):
        changed = list(lines)
        assert old in changed[line_index], (name, old)
        changed[line_index] = changed[line_index].replace(old, new, 1)
        write(name, "\r\n".join(changed).encode("utf-8-sig"))

    first_id = good[0].national_id
    broken("broken_bad_national_id.csv", 1, first_id, first_id[:-1] + ("A" if first_id[-1] != "A" else "B"))
    broken("broken_missing_month.csv", 2, "2024-06;", ";")
    broken("broken_negative_days.csv", 3, ";655;", ";-655;")
    broken("broken_non_numeric_amount.csv", 4, good[3].share_amount.to_eng_string().replace(".", ","), "n/a")
    duplicate = list(lines)
    duplicate.insert(6, lines[2])
    write("broken_duplicate_person.csv", "\r\n".join(duplicate).encode("utf-8-sig"))

    # The browser journey: two bad rows (rows 3 and 6), then the fixed file.
    journey = [make_row(date(2024, 9, 1), r.national_id, r.name, r.paid_days + 60, 21, r.share_percent)
               for r in good]
    write("journey_fixed.csv", to_csv(journey))
    bad = to_csv(journey).decode("utf-8-sig").split("\r\n")
    bad[2] = bad[2].replace(journey[1].national_id, journey[1].national_id[:6] + "-9X9X", 1)
    bad[5] = bad[5].replace(";" + str(journey[4].paid_days) + ";", ";-" + str(journey[4].paid_days) + ";", 1)
    write("journey_two_bad_rows.csv", "\r\n".join(bad).encode("utf-8-sig"))


if __name__ == "__main__":
    main()
