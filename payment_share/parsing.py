"""Reading Kela's monthly payment-share list into validated rows, without touching the database.

``parse_list(data, layout)`` takes the file's bytes (CSV in UTF-8, UTF-8 with BOM or Windows-1252,
separated by ``;`` or ``,``; or an XLSX workbook) and returns a ``ParseResult``: either rows that can
all be imported, or a report of every bad row with its row number (as Excel shows it) and the reason.
It never raises, whatever the bytes: a file that cannot be read at all is one error without a row.

``check_upload`` refuses files that are too large or of the wrong type before anything is parsed.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients import national_id as nid

#: The logical columns of a list, in the order of the default layout (see README.md).
FIELDS = (
    "month",
    "national_id",
    "name",
    "benefit",
    "paid_days",
    "days_in_month",
    "benefit_paid",
    "share_percent",
    "share_amount",
    "invoice",
)
REQUIRED_FIELDS = frozenset({"month", "national_id", "name", "paid_days", "share_amount"})
TEXT_FIELDS = frozenset({"benefit", "invoice"})
FIELD_LABELS = {
    "month": gettext_lazy("month"),
    "national_id": gettext_lazy("personal identity code"),
    "name": gettext_lazy("name"),
    "benefit": gettext_lazy("benefit"),
    "paid_days": gettext_lazy("paid days cumulative"),
    "days_in_month": gettext_lazy("days in month"),
    "benefit_paid": gettext_lazy("benefit paid €"),
    "share_percent": gettext_lazy("municipal share %"),
    "share_amount": gettext_lazy("municipal share €"),
    "invoice": gettext_lazy("invoice"),
}
#: Header texts of the default layout (the sample file's first row).
DEFAULT_HEADERS = {
    "month": "Kuukausi",
    "national_id": "Henkilötunnus",
    "name": "Nimi",
    "benefit": "Etuus",
    "paid_days": "Maksetut päivät yhteensä",
    "days_in_month": "Päivät kuukaudessa",
    "benefit_paid": "Maksettu etuus €",
    "share_percent": "Kuntaosuus %",
    "share_amount": "Kuntaosuus €",
    "invoice": "Lasku",
}

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_REPORTED_ERRORS = 1000
MAX_DAYS = 99_999
MAX_AMOUNT = Decimal("999999999.99")
CENT = Decimal("0.01")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format


@dataclass(frozen=True)
class Layout:
    """Where each logical column is: a column number ("1" = first) or the header text of the column.

    A blank spec means the file has no such column (only the optional ones may be missing)."""

    columns: dict

    @classmethod
    def default(cls):
        return cls({name: str(index) for index, name in enumerate(FIELDS, start=1)})

    @property
    def by_header(self) -> bool:
        return any(spec and not spec.isdigit() for spec in self.columns.values())


@dataclass(frozen=True)
class ListRow:
    row_number: int
    month: date
    national_id: str
    name: str
    benefit: str
    paid_days: int
    days_in_month: int | None
    benefit_paid: Decimal | None
    share_percent: Decimal | None
    share_amount: Decimal
    invoice: str = ""


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the whole file
    column: str
    message: str


@dataclass
class ParseResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0
    file_type: str = ""
    encoding: str = ""
    delimiter: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.rows)

    @property
    def months(self) -> list[date]:
        return sorted({row.month for row in self.rows})

    @property
    def lists(self) -> list[tuple[date, str]]:
        """(month, invoice) of the lists in the file (a month has one list unless Kela split its invoice)."""
        return sorted({(row.month, row.invoice) for row in self.rows})

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row, str(column), str(message)))


class FileError(Exception):
    """The file as a whole cannot be read (one error without a row number)."""


# --- Before parsing -------------------------------------------------------------------------------


def check_upload(name: str, size: int, head: bytes, max_bytes: int = MAX_UPLOAD_BYTES):
    """Refuse a file by its size and type before parsing it (raises ValidationError on ``file``)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if size > max_bytes:
        raise ValidationError(
            {
                "file": [
                    _(
                        "The file is too large (over %(mb)s MB). Kela's monthly list is much "
                        "smaller: check that you chose the right file."
                    )
                    % {"mb": max_bytes // (1024 * 1024)}
                ]
            }
        )
    if size == 0:
        raise ValidationError({"file": [_("The file is empty.")]})
    if extension == "xls" or head.startswith(OLE_MAGIC):
        raise ValidationError(
            {
                "file": [
                    _(
                        "The old Excel format (.xls) cannot be read: save the file as an Excel "
                        "workbook (.xlsx) or as CSV and upload it again."
                    )
                ]
            }
        )
    if extension == "xlsx" and head.startswith(ZIP_MAGIC):
        return "xlsx"
    if extension in ("csv", "txt") and not head.startswith(ZIP_MAGIC) and b"\x00" not in head:
        return "csv"
    raise ValidationError({"file": [_("Upload the list as a CSV file (.csv) or an Excel workbook (.xlsx).")]})


# --- Reading cells --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
        if "\xa0" not in text and "  " not in text and "\t" not in text and "\n" not in text:
            return text
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\xa0", " ").split())


_MONTH_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$"), lambda m: (m[1], m[2])),
    (re.compile(r"^(\d{1,2})[./](\d{4})$"), lambda m: (m[2], m[1])),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), lambda m: (m[3], m[2])),
    (re.compile(r"^(\d{4})(\d{2})$"), lambda m: (m[1], m[2])),
]


def _month(value) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    text = _text(value)
    if not text:
        raise ValueError(_("The month is missing."))
    for pattern, parts in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = (int(p) for p in parts(match))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1)
    raise ValueError(_("“%(value)s” is not a month: write it as 2025-03 or 3/2025.") % {"value": text[:20]})


_SIMPLE_NUMBER = re.compile(r"-?\d{1,9}(?:[.,]\d{1,6})?")


def _decimal(value, *, label) -> Decimal:
    if type(value) is str and _SIMPLE_NUMBER.fullmatch(value):  # the usual case, fast
        return Decimal(value.replace(",", ".")).quantize(CENT)
    if isinstance(value, bool):
        raise ValueError(_("The %(column)s is not a number.") % {"column": label})
    if isinstance(value, int | float):
        text = repr(value)
    else:
        text = _text(value).replace(" ", "").replace("€", "").replace("%", "")
        if "," in text and "." in text:  # 1.234,56 or 1,234.56
            text = (
                text.replace(".", "").replace(",", ".")
                if text.rfind(",") > text.rfind(".")
                else text.replace(",", "")
            )
        else:
            text = text.replace(",", ".")
        text = text.replace("−", "-")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,3})?", text):
        if not text:
            raise ValueError(_("The %(column)s is missing.") % {"column": label})
        raise ValueError(
            _("The %(column)s “%(value)s” is not a number.") % {"column": label, "value": text[:20]}
        )
    try:
        number = Decimal(text)
        if abs(number) > MAX_AMOUNT:
            raise InvalidOperation
        return number.quantize(CENT)
    except InvalidOperation:
        raise ValueError(_("The %(column)s is too large.") % {"column": label}) from None


def _days(value, *, label, maximum=MAX_DAYS) -> int:
    if type(value) is str and value.isascii() and value.isdigit() and int(value) <= maximum:
        return int(value)
    number = _decimal(value, label=label)
    if number != number.to_integral_value():
        raise ValueError(_("The %(column)s must be a whole number of days.") % {"column": label})
    if number < 0:
        raise ValueError(_("The %(column)s cannot be negative.") % {"column": label})
    if number > maximum:
        raise ValueError(_("The %(column)s cannot be over %(max)s.") % {"column": label, "max": maximum})
    return int(number)


def split_name(name: str) -> tuple[str, str]:
    """``VIRTANEN ANNA MARIA`` or ``Virtanen, Anna Maria`` → (``Virtanen``, ``Anna Maria``)."""
    text = name.replace(",", " ")
    if text.isupper():
        text = text.title()
    parts = text.split() or [""]  # a name of commas only: nothing (the row's check says what is missing)
    return parts[0], " ".join(parts[1:])


# --- Reading rows ---------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileError(
        _("The characters of the file could not be read: save it as CSV in UTF-8 or Windows-1252.")
    )


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    semicolons, commas = first.count(";"), first.count(",")
    if first and not semicolons and not commas:
        raise FileError(_("The columns of the file are not separated by semicolons (;) or commas (,)."))
    return ";" if semicolons >= commas else ","


def _csv_rows(data: bytes, result: ParseResult):
    if b"\x00" in data:
        raise FileError(_("The file is not a text file: upload the list as CSV or XLSX."))
    text, result.encoding = _decode(data)
    result.delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells[:MAX_COLUMNS]
            line = reader.line_num + 1
    except csv.Error:
        raise FileError(
            _("Row %(row)s of the file is not valid CSV (check the quotation marks).") % {"row": line}
        ) from None


#: An XLSX is a zip: refuse one that would inflate to more than this, or at a bomb-like ratio.
MAX_XLSX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200


def _check_zip(data: bytes):
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileError(_("The file could not be read as an Excel workbook: save it again as .xlsx or CSV.")) from None
    if inflated > MAX_XLSX_INFLATED_BYTES or inflated > MAX_XLSX_RATIO * max(len(data), 1):
        raise FileError(_("The workbook is unusually large inside: save it again as .xlsx or CSV."))


def _xlsx_rows(data: bytes, result: ParseResult):
    import openpyxl

    _check_zip(data)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file  # noqa: BLE001
        raise FileError(
            _("The file could not be read as an Excel workbook: save it again as .xlsx or CSV.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            yield number, list(cells)
    except FileError:
        raise
    except Exception:  # noqa: BLE001
        raise FileError(
            _("The file could not be read as an Excel workbook: save it again as .xlsx or CSV.")
        ) from None
    finally:
        workbook.close()


def _width(cells) -> int:
    """The number of columns of a row without the empty cells at its end (a sheet pads rows to its width)."""
    width = len(cells)
    while width and _text(cells[width - 1]) == "":
        width -= 1
    return width


def _is_blank(cells) -> bool:
    return all(_text(c) == "" for c in cells)


def _looks_like_header(cells, columns) -> bool:
    """A first row is a header when it has no national id and neither numeric column holds a number."""
    index = columns["national_id"]
    if index < len(cells) and nid.looks_like_national_id(_text(cells[index])):
        return False
    for name in ("paid_days", "share_amount"):
        index = columns.get(name)
        if index is not None and index < len(cells):
            try:
                _decimal(cells[index], label="")
                return False
            except ValueError:
                pass
    return True


def _resolve_columns(layout: Layout, header) -> dict:
    columns = {}
    normalised = [_text(c).lstrip("\ufeff").casefold() for c in header] if header else []
    for name in FIELDS:
        spec = (layout.columns.get(name) or "").strip()
        if not spec:
            if name in REQUIRED_FIELDS:
                raise FileError(
                    _("The column layout does not say where the %(column)s is.")
                    % {"column": FIELD_LABELS[name]}
                )
            continue
        if spec.isdigit():
            if int(spec) < 1:
                raise FileError(_("Column numbers start from 1."))
            columns[name] = int(spec) - 1
        elif spec.casefold() in normalised:
            columns[name] = normalised.index(spec.casefold())
        else:
            raise FileError(
                _(
                    "The first row has no column “%(header)s” (for the %(column)s): check the column "
                    "layout you chose."
                )
                % {"header": spec, "column": FIELD_LABELS[name]}
            )
    return columns


def _row(number, cells, columns, result: ParseResult) -> ListRow | None:
    parsed, failed = {}, False
    for name in FIELDS:
        index = columns.get(name)
        value = cells[index] if index is not None and index < len(cells) else None
        if name not in REQUIRED_FIELDS and _text(value) == "":
            parsed[name] = "" if name in TEXT_FIELDS else None
            continue
        try:
            parsed[name] = CHECKS[name](value)
        except ValidationError as error:
            result.add_error(number, FIELD_LABELS[name], " ".join(error.messages))
            failed = True
        except ValueError as error:
            result.add_error(number, FIELD_LABELS[name], error)
            failed = True
    if failed:
        return None
    row = ListRow(row_number=number, **parsed)
    if not _share_matches(row):
        result.add_error(
            number,
            FIELD_LABELS["share_amount"],
            _(
                "The municipal share %(amount)s € is not %(percent)s %% of the benefit paid %(paid)s €: the columns "
                "may have shifted (in a file separated by commas, numbers must have a decimal point or quotes). "
                "Check the row and the file's separator."
            )
            % {"amount": _fi(row.share_amount), "percent": _fi(row.share_percent), "paid": _fi(row.benefit_paid)},
        )
        return None
    return row


def _fi(number: Decimal) -> str:
    return f"{number:f}".replace(".", ",")


def share_tolerance(days_in_month: int | None) -> Decimal:
    """How far Kela's municipal share € may be from benefit € × share % (Kela rounds per day: a cent a day,
    at least two cents)."""
    return max(CENT * 2, CENT * (days_in_month or 0))


def _share_matches(row: ListRow) -> bool:
    """A row with benefit € and share % must have share € = benefit € × share % within rounding (a row whose
    columns shifted fails this: 50 € where the file meant 297,68 €)."""
    if row.benefit_paid is None or row.share_percent is None:
        return True
    expected = row.benefit_paid * row.share_percent / 100
    return abs(row.share_amount - expected) <= share_tolerance(row.days_in_month)


def _name(value) -> str:
    text = _text(value)
    if not text:
        raise ValueError(_("The name is missing."))
    if len(text) > 200:
        raise ValueError(_("The name is too long."))
    last, first = split_name(text)
    if not first:
        raise ValueError(_("Give the last name and the first names, for example Virtanen Anna."))
    return text


def _percent(value) -> Decimal:
    number = _decimal(value, label=FIELD_LABELS["share_percent"])
    if not 0 <= number <= 100:
        raise ValueError(_("The municipal share % must be between 0 and 100."))
    return number


CHECKS = {
    "month": _month,
    "national_id": lambda v: nid.parse(_text(v)).code,
    "name": _name,
    "benefit": lambda v: _text(v)[:60],
    "paid_days": lambda v: _days(v, label=FIELD_LABELS["paid_days"]),
    "days_in_month": lambda v: _days(v, label=FIELD_LABELS["days_in_month"], maximum=31),
    "benefit_paid": lambda v: _decimal(v, label=FIELD_LABELS["benefit_paid"]),
    "share_percent": _percent,
    "share_amount": lambda v: _decimal(v, label=FIELD_LABELS["share_amount"]),
    "invoice": lambda v: _text(v)[:40],
}


def parse_list(data: bytes, layout: Layout | None = None) -> ParseResult:
    """Validate a whole list. Never raises; ``result.ok`` tells whether every row can be imported."""
    layout = layout or Layout.default()
    result = ParseResult(file_type="xlsx" if data.startswith(ZIP_MAGIC) else "csv")
    try:
        _parse_into(data, layout, result)
    except FileError as error:
        result.rows = []
        result.add_error(None, "", error)
    if not result.rows and not result.error_count:
        result.add_error(None, "", _("The file has no rows to import."))
    if result.error_count:
        result.rows = []  # a list with errors is never imported in part
    return result


def _parse_into(data, layout, result):
    reader = _xlsx_rows(data, result) if result.file_type == "xlsx" else _csv_rows(data, result)
    columns, seen, count, width = None, {}, 0, None
    for number, cells in reader:
        if _is_blank(cells):
            continue
        if columns is None:
            header = cells if layout.by_header else None
            columns = _resolve_columns(layout, header)
            if layout.by_header or _looks_like_header(cells, columns):
                width = _width(cells)
                continue
        count += 1
        if count > MAX_ROWS:
            raise FileError(_("The file has over %(max)s rows: split it by month.") % {"max": MAX_ROWS})
        if width is not None and len(cells) != width and _width(cells) != width:
            result.add_error(
                number,
                "",
                _(
                    "The row has %(count)s columns but the header row has %(header)s: the columns have shifted "
                    "(in a file separated by commas, numbers must have a decimal point or quotes). Save the "
                    "file separated by semicolons (;) and upload it again."
                )
                % {"count": _width(cells), "header": width},
            )
            continue
        row = _row(number, cells, columns, result)
        if row is None:
            continue
        key = (row.month, row.invoice, row.national_id)
        if key in seen:
            result.add_error(
                number,
                FIELD_LABELS["national_id"],
                _("The same person is already on row %(row)s for this month.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        result.rows.append(row)


# --- Handing validated rows to the import task ----------------------------------------------------


def rows_to_payload(rows) -> str:
    return json.dumps(
        [[str(v) if isinstance(v, Decimal | date) else v for v in vars(row).values()] for row in rows],
        separators=(",", ":"),
    )


def payload_to_rows(payload: str) -> list[ListRow]:
    def decimal(v):
        return None if v is None else Decimal(v)

    return [
        ListRow(
            number,
            date.fromisoformat(month),
            code,
            name,
            benefit,
            paid_days,
            days_in_month,
            decimal(paid),
            decimal(pct),
            Decimal(amount),
            *invoice,
        )
        for number, month, code, name, benefit, paid_days, days_in_month, paid, pct, amount, *invoice in json.loads(
            payload
        )
    ]
