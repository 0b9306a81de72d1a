"""The one spreadsheet writer: text never becomes a formula, money and dates are typed, names fit."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from joutsa_tyollisyys import spreadsheets as xl

DANGEROUS = ['=HYPERLINK("http://evil.example","x")', "+358401234567", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _cells(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_stays_text(text):
    sheet = _cells(xl.table_workbook("Testi", [xl.Column("Nimi")], [[text]]))
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == text.replace("\r", "\n")  # XML reads CR as LF
    assert cell.quotePrefix


def test_ordinary_text_is_not_marked():
    cell = _cells(xl.table_workbook("Testi", [xl.Column("Nimi")], [["Virtanen Anna"]]))["A2"]
    assert cell.data_type == "s" and not cell.quotePrefix


def test_money_is_a_number_in_euros_and_dates_are_dates():
    at = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # 1.12.2026 in Helsinki
    sheet = _cells(xl.table_workbook(
        "Testi", [xl.Column("€", xl.EURO), xl.Column("pvm", xl.DATE), xl.Column("klo", xl.DATE)],
        [[Decimal("1400.50"), date(2026, 12, 5), at]],
    ))
    assert sheet["A2"].value == 1400.5 and sheet["A2"].number_format == xl.EURO_FORMAT
    assert sheet["B2"].value == datetime(2026, 12, 5) and sheet["B2"].number_format == xl.DATE_FORMAT
    assert sheet["C2"].value == datetime(2026, 12, 1)
    assert sheet["A1"].font.bold


def test_sheet_names_fit_excel():
    assert xl.sheet_title("Maksuosuus 11/2026: [luonnos]") == "Maksuosuus 11-2026- -luonnos-"
    assert len(xl.sheet_title("x" * 40)) == 31


def test_download_names_are_readable():
    assert xl.download_name("maksuosuuslista", "2026-11", extension="xlsx") == "maksuosuuslista-2026-11.xlsx"
    assert xl.download_name("", None, extension="pdf") == "document.pdf"


def test_csv_cells_that_look_like_formulas_get_an_apostrophe():
    import csv

    content = xl.csv_bytes(["Nimi"], [[text] for text in DANGEROUS] + [["Anna"]]).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:], newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == [f"'{text}" for text in DANGEROUS] + ["Anna"]


def test_every_download_has_one_header_and_is_not_kept():
    from joutsa_tyollisyys.pdf import pdf_response

    plain = xl.csv_download(b"a;b", "lokiote-1.csv")
    assert plain["Content-Disposition"] == 'attachment; filename="lokiote-1.csv"'
    assert plain["Content-Type"] == "text/csv; charset=utf-8" and plain["Cache-Control"] == "no-store"
    finnish = xl.xlsx_download(b"x", "kuukausiraportti-työryhmä.xlsx")
    assert finnish["Content-Disposition"] == (
        "attachment; filename*=utf-8''kuukausiraportti-ty%C3%B6ryhm%C3%A4.xlsx"
    )  # a quoted name with ö broke the header (RFC 6266: filename*)
    shown = pdf_response(b"%PDF", "Sopimus", inline=True)
    assert shown["Content-Disposition"] == 'inline; filename="sopimus.pdf"' and shown["Cache-Control"] == "no-store"
