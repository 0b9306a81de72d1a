"""One way to write a spreadsheet (XLSX) or CSV that leaves the system.

Every export goes through here, so each promise holds in one place:
- **Text stays text.** A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is written as a string (and marked with Excel's quote prefix), never as a formula: a client may be
  called anything the client form accepts, and ``=HYPERLINK(...)`` must not become a live link in the
  office's spreadsheet program (OWASP "CSV injection"). In CSV such text gets a leading apostrophe.
- **Money is a number** with the euro format (``1 234,50 €`` in a Finnish Excel), **dates are dates**
  (``d.m.yyyy``), so the office can sum and sort them.
- **Sheet names** are meaningful and within Excel's 31 characters, without the characters it refuses.
- **Downloads** (every file the app sends: XLSX, CSV, PDF, ZIP) are attachments with a readable file name,
  its header written by Django's ``content_disposition_header`` (the one ``FileResponse`` uses: a name with
  ä or ö gets ``filename*``), and ``Cache-Control: no-store``. The files are made in memory, so the response
  is an ``HttpResponse``; a file already on disk goes out as ``FileResponse(as_attachment=True, ...)``.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "d.m.yyyy"
PERCENT_FORMAT = '0.0 "%"'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

TEXT, EURO, DATE, NUMBER, PERCENT = "text", "euro", "date", "number", "percent"


@dataclass(frozen=True)
class Column:
    """A column of a table: its header, what kind of values it holds, and its width in characters."""

    header: str
    kind: str = TEXT
    width: int | None = None


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    return (_SHEET_FORBIDDEN.sub("-", str(text)).strip("' ") or "Sheet")[:31]


def download_name(*parts, extension: str) -> str:
    """A readable, safe file name from its parts: ``maksuosuuslista-2026-11.xlsx``."""
    stem = slugify("-".join(str(p) for p in parts if p not in (None, ""))) or "document"
    return f"{stem}.{extension}"


def _typed(value, kind):
    """Numbers and dates as themselves (a datetime as a local date, or a naive local time), the rest as text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.date() if kind == DATE else local.replace(tzinfo=None)
    if isinstance(value, date | int | float | Decimal) and not isinstance(value, bool):
        return value
    return str(value)


def write_cell(sheet, row: int, column: int, value, kind: str = TEXT, *, bold: bool = False):
    """Write one cell: numbers and dates typed and formatted, text always as text."""
    cell = sheet.cell(row=row, column=column)
    value = _typed(value, kind)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store a string that starts with '=' as a formula
        if looks_like_formula(value):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
        if kind == EURO and value is not None:
            cell.number_format = EURO_FORMAT
        elif kind == PERCENT and value is not None:
            cell.number_format = PERCENT_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    return cell


def append_row(sheet, values, kinds=(), *, bold: bool = False):
    """Append a row below the sheet's last one; ``kinds`` names the kind of each value (text by default)."""
    sheet.append([None] * max(len(values), 1))  # advances the sheet's row as openpyxl's own append does
    row = sheet.max_row
    for index, value in enumerate(values):
        write_cell(sheet, row, index + 1, value, (kinds[index] if index < len(kinds) else None) or TEXT, bold=bold)
    return row


def append_table(sheet, columns: list[Column], rows):
    """A bold header row and the rows under it, each value written as its column's kind."""
    append_row(sheet, [c.header for c in columns], bold=True)
    kinds = [c.kind for c in columns]
    for values in rows:
        append_row(sheet, values, kinds)
    for index, column in enumerate(columns):
        if column.width:
            sheet.column_dimensions[_letter(index)].width = column.width


def fit_columns(sheet, *, least: int = 10, most: int = 50):
    """Widen each column to its longest value (dates and euros as they print), within limits."""
    for column in sheet.columns:
        letter = column[0].column_letter
        if sheet.column_dimensions[letter].width and sheet.column_dimensions[letter].customWidth:
            continue
        width = max((len(_shown(c.value)) for c in column), default=0)
        sheet.column_dimensions[letter].width = min(max(width + 2, least), most)


def _shown(value) -> str:
    if isinstance(value, date):
        return "00.00.0000"
    if isinstance(value, Decimal | float):
        return f"{value:,.2f} €"
    return str(value or "")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def new_workbook(first_sheet_title: str):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet_title(first_sheet_title)
    return book


def add_sheet(book, title: str):
    return book.create_sheet(sheet_title(title))


def workbook_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_workbook(title: str, columns: list[Column], rows) -> bytes:
    """A one-sheet workbook of one table, its columns fitted."""
    book = new_workbook(title)
    append_table(book.active, columns, rows)
    fit_columns(book.active)
    return workbook_bytes(book)


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def download(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A file for the browser to save (``inline``: to show) that no cache keeps."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "no-store"
    return response


def xlsx_download(book_or_bytes, filename: str) -> HttpResponse:
    content = book_or_bytes if isinstance(book_or_bytes, bytes) else workbook_bytes(book_or_bytes)
    return download(content, filename, XLSX_CONTENT_TYPE)


def csv_download(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename, CSV_CONTENT_TYPE)


def csv_text(value) -> str:
    """A CSV cell: text that a spreadsheet would take for a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_bytes(header, rows, *, delimiter: str = ";") -> bytes:
    """CSV as the Finnish Excel opens it: semicolons, UTF-8 with a BOM, every cell through ``csv_text``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
