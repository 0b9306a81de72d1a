"""XLSX documents (openpyxl): the monthly attendance statement and the participant breakdown of a claim.

Like the PDF forms, these are official documents in Finnish (they go to Kela and to the KEHA centre).
"""

from openpyxl import Workbook

from joutsa_tyollisyys import spreadsheets as xl
from joutsa_tyollisyys.spreadsheets import DATE, EURO, NUMBER, Column


def xlsx_response(workbook, filename: str):
    return xl.xlsx_download(workbook, xl.download_name(filename, extension="xlsx"))


def statement_workbook(statement: dict, organiser: str) -> Workbook:
    client, agreement = statement["client"], statement["agreement"]
    book = xl.new_workbook("Läsnäolo")
    sheet = book.active
    for label, value in (
        ("Järjestäjä", organiser),
        ("Asiakas", client.full_name),
        ("Henkilötunnus", statement["national_id"]),
        ("Työtoimintapaikka", agreement.placement.name),
        ("Kuukausi", statement["start"].strftime("%m/%Y")),
    ):
        xl.append_row(sheet, [label, value])
    xl.append_row(sheet, [])
    xl.append_table(
        sheet,
        [Column("Päivä", DATE, 18), Column("Merkintä", width=30), Column("Kulukorvaus", EURO, 14)],
        [[d["day"], str(d["status"]), d["allowance"]] for d in statement["days"]],
    )
    xl.append_row(sheet, ["Läsnäolopäiviä yhteensä", statement["present"], statement["allowance_total"]],
                  (None, NUMBER, EURO), bold=True)
    xl.append_row(sheet, [])
    for row in statement["counts"]:
        xl.append_row(sheet, [str(row["label"]), row["count"]], (None, NUMBER))
    return book


def claim_workbook(claim, breakdown: list[dict], days, national_ids: dict) -> Workbook:
    """Sheet 1: participants (one row per participant and placement) with the total; sheet 2: every day."""
    book = xl.new_workbook("Osallistujat")
    sheet = book.active
    xl.append_row(sheet, ["Tilityskausi", f"{claim.period_start:%d.%m.%Y}–{claim.period_end:%d.%m.%Y}"])
    xl.append_row(sheet, ["Laji", str(claim.get_kind_display())])
    xl.append_row(sheet, [])
    xl.append_table(
        sheet,
        [
            Column("Sukunimi", width=18),
            Column("Etunimet", width=18),
            Column("Henkilötunnus", width=14),
            Column("Työtoimintapaikka", width=30),
            Column("Kunnan ulkopuolella", width=12),
            Column("Osallistumispäiviä", NUMBER, 12),
            Column("Korvaus", EURO, 14),
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
    )
    xl.append_row(
        sheet,
        ["Yhteensä", "", "", "", "", sum(r["days"] for r in breakdown), sum((r["amount"] for r in breakdown), 0)],
        (None, None, None, None, None, NUMBER, EURO),
        bold=True,
    )
    detail = xl.add_sheet(book, "Päivät")
    xl.append_table(
        detail,
        [Column("Sukunimi", width=18), Column("Etunimet", width=18), Column("Henkilötunnus", width=14),
         Column("Päivä", DATE, 12), Column("Korvaus", EURO, 12)],
        [
            [d.client.last_name, d.client.first_name, national_ids.get(d.client_id, ""), d.day, d.amount]
            for d in days
        ],
    )
    return book
