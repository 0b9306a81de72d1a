"""Writing lists in the default layout: the sample files, the demo and the 30,000-row benchmark list.

National ids only from the temporary range 900–999 (docs/domain.md § 6.2).
"""

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from clients import national_id as nid
from clients.demo import FIRST, LAST

from .parsing import DEFAULT_HEADERS, FIELDS

#: Labour market subsidy per day, for plausible generated euros only (the app never computes euros).
DAILY_BENEFIT = Decimal("37.21")


@dataclass
class Row:
    month: date
    national_id: str
    name: str
    benefit: str
    paid_days: int
    days_in_month: int
    benefit_paid: Decimal
    share_percent: Decimal
    share_amount: Decimal
    invoice: str = ""

    def values(self, fields=FIELDS):
        return [getattr(self, name) for name in fields]


def _fields(rows) -> tuple:
    """The default layout's columns; the invoice column only when a row has one (Kela's separate invoices)."""
    return FIELDS if any(row.invoice for row in rows) else tuple(f for f in FIELDS if f != "invoice")


def make_row(
    month, national_id, name, paid_days, days_in_month, percent, benefit="työmarkkinatuki", invoice=""
) -> Row:
    paid = (DAILY_BENEFIT * days_in_month).quantize(Decimal("0.01"))
    share = (paid * Decimal(percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Row(month, national_id, name, benefit, paid_days, days_in_month, paid, Decimal(percent), share, invoice)


def sample_national_id(index: int) -> str:
    """The ``index``-th distinct valid code (individual numbers 900–999; 100 per birth date)."""
    born = date(1961, 1, 1) + timedelta(days=(index // 100) * 41 % 15_000)
    return nid.build(born, 900 + index % 100)


def generate_rows(
    count: int = 30_000, month: date = date(2024, 6, 1), seed: int = 2020, start: int = 0
) -> list[Row]:
    """``count`` distinct persons on one month's list under the 2015–2024 bands (50 % / 70 % by the days paid
    before the month's payment period)."""
    rng = random.Random(seed)
    rows = []
    for index in range(start, start + count):
        days, in_month = rng.randint(300, 1800), rng.randint(15, 23)
        days = max(days, 300 + in_month)  # billed: at least 300 days before the month's period
        rows.append(
            make_row(
                month,
                sample_national_id(index),
                f"{rng.choice(LAST)} {rng.choice(FIRST)}",
                days,
                in_month,
                70 if days - in_month >= 1000 else 50,
            )
        )
    return rows


def _cell(value, decimal_comma: bool):
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",") if decimal_comma else str(value)
    return str(value)


def to_csv(rows, *, delimiter: str = ";", encoding: str = "utf-8-sig", header: bool = True) -> bytes:
    """CSV in the default layout; with ``;`` the numbers have a decimal comma (as Finnish Excel saves)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    fields = _fields(rows)
    if header:
        writer.writerow([DEFAULT_HEADERS[name] for name in fields])
    for row in rows:
        writer.writerow([_cell(v, delimiter == ";") for v in row.values(fields)])
    return out.getvalue().encode(encoding)


def to_xlsx(rows, *, header: bool = True) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Maksuosuuslista")
    fields = _fields(rows)
    if header:
        sheet.append([DEFAULT_HEADERS[name] for name in fields])
    for row in rows:
        sheet.append([f"{v:%Y-%m}" if isinstance(v, date) else v for v in row.values(fields)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def large_list_csv(count: int = 30_000, month: date = date(2024, 6, 1), seed: int = 2020) -> bytes:
    """The benchmark's list: ``count`` rows, UTF-8 with BOM, ``;``-separated (bench/ uses this)."""
    return to_csv(generate_rows(count, month, seed))
