"""The quarterly trend chart (SVG, served as an image) and the XLSX exports."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from joutsa_tyollisyys.formatting import format_date, format_euro


def trend_svg(quarters) -> bytes:
    """Municipal share € per quarter (bars) and persons (line). Aggregates only, no names."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.add_subplot()
    labels = [q.label for q in quarters]
    totals = [float(q.total) for q in quarters]
    axes.bar(labels, totals, color="#0b3d62", label=_("Municipal share €"))
    axes.set_ylabel(_("Municipal share €"))
    axes.yaxis.set_major_formatter(lambda value, _pos: format_euro(value).replace(",00", ""))
    axes.set_xlabel(_("Quarter"))
    persons = axes.twinx()
    persons.plot(
        labels, [q.persons for q in quarters], color="#a4161a", marker="o", linewidth=2, label=_("Persons")
    )
    persons.set_ylabel(_("Persons"))
    persons.set_ylim(bottom=0)
    handles = axes.get_legend_handles_labels()[0] + persons.get_legend_handles_labels()[0]
    axes.legend(
        handles,
        [h.get_label() for h in handles],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        frameon=False,
    )
    axes.spines[["top"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _book(title, header, rows):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 40)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def trend_xlsx(quarters) -> bytes:
    return _book(
        _("Quarterly trend"),
        [_("Quarter"), _("Municipal share €"), _("Persons"), _("Months")],
        [[q.label, q.total, q.persons, q.months] for q in quarters],
    )


def review_xlsx(entries, month) -> bytes:
    """The month's list for the review meeting (national ids masked)."""
    header = [
        _("Name"),
        _("Personal identity code"),
        _("Municipal share €"),
        _("Benefit"),
        _("Paid days cumulative"),
        _("Days in month"),
        _("Band %"),
        _("Days to the next band"),
        _("Responsible worker"),
        _("Who contacts"),
        _("Contacted on"),
        _("Last contact"),
        _("New person"),
    ]
    rows = [
        [
            e.client.full_name,
            e.client.masked_national_id,
            e.share_amount,
            e.benefit,
            e.paid_days,
            e.days_in_month,
            e.band_percent,
            e.days_to_next,
            str(e.client.responsible_worker or ""),
            str(e.contact_worker or ""),
            format_date(e.contacted_on),
            format_date(e.last_contact and timezone.localtime(e.last_contact)),
            _("yes") if e.new_client else "",
        ]
        for e in entries
    ]
    return _book(f"{month.month}-{month.year}", header, rows)
