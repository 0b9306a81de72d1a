"""XLSX documents (openpyxl): the monthly attendance statement and the participant breakdown of a claim.

Like the PDF forms, these are official documents in Finnish (they go to Kela and to the KEHA centre).
"""

from io import BytesIO

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "dd.mm.yyyy"
BOLD = Font(bold=True)


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "document"}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


def _table(sheet, header, rows, *, euro_columns=(), date_columns=(), widths=()):
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in rows:
        sheet.append(row)
        for index in euro_columns:
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = EURO_FORMAT
        for index in date_columns:
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = DATE_FORMAT
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _total_row(sheet, values, euro_columns=()):
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for index in euro_columns:
        sheet.cell(row=sheet.max_row, column=index + 1).number_format = EURO_FORMAT


def statement_workbook(statement: dict, organiser: str) -> Workbook:
    client, agreement = statement["client"], statement["agreement"]
    book = Workbook()
    sheet = book.active
    sheet.title = "Läsnäolo"
    for label, value in (
        ("Järjestäjä", organiser),
        ("Asiakas", client.full_name),
        ("Henkilötunnus", statement["national_id"]),
        ("Työtoimintapaikka", agreement.placement.name),
        ("Kuukausi", statement["start"].strftime("%m/%Y")),
    ):
        sheet.append([label, value])
    sheet.append([])
    _table(
        sheet,
        ["Päivä", "Merkintä", "Kulukorvaus"],
        [[d["day"], str(d["status"]), d["allowance"]] for d in statement["days"]],
        euro_columns=(2,),
        date_columns=(0,),
        widths=(18, 30, 14),
    )
    _total_row(
        sheet,
        ["Läsnäolopäiviä yhteensä", statement["present"], statement["allowance_total"]],
        euro_columns=(2,),
    )
    sheet.append([])
    for row in statement["counts"]:
        sheet.append([str(row["label"]), row["count"]])
    return book


def claim_workbook(claim, breakdown: list[dict], days, national_ids: dict) -> Workbook:
    """Sheet 1: participants (one row per participant and placement) with the total; sheet 2: every day."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Osallistujat"
    sheet.append(["Tilityskausi", f"{claim.period_start:%d.%m.%Y}–{claim.period_end:%d.%m.%Y}"])
    sheet.append(["Laji", str(claim.get_kind_display())])
    sheet.append([])
    _table(
        sheet,
        [
            "Sukunimi",
            "Etunimet",
            "Henkilötunnus",
            "Työtoimintapaikka",
            "Kunnan ulkopuolella",
            "Osallistumispäiviä",
            "Korvaus",
        ],
        [
            [
                r["client__last_name"],
                r["client__first_name"],
                national_ids.get(r["client_id"], ""),
                r["attendance__agreement__placement__name"],
                "kyllä" if r["attendance__agreement__placement__outside_municipality"] else "ei",
                r["days"],
                r["amount"],
            ]
            for r in breakdown
        ],
        euro_columns=(6,),
        widths=(18, 18, 14, 30, 12, 12, 14),
    )
    _total_row(
        sheet,
        [
            "Yhteensä",
            "",
            "",
            "",
            "",
            sum(r["days"] for r in breakdown),
            sum((r["amount"] for r in breakdown), 0),
        ],
        euro_columns=(6,),
    )
    detail = book.create_sheet("Päivät")
    _table(
        detail,
        ["Sukunimi", "Etunimet", "Henkilötunnus", "Päivä", "Korvaus"],
        [
            [d.client.last_name, d.client.first_name, national_ids.get(d.client_id, ""), d.day, d.amount]
            for d in days
        ],
        euro_columns=(4,),
        date_columns=(3,),
        widths=(18, 18, 14, 12, 12),
    )
    return book
