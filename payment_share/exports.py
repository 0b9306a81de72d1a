"""The quarterly trend chart (SVG, served as an image) and the XLSX exports."""

import io

from django.utils.translation import gettext as _

from joutsa_tyollisyys import spreadsheets as xl
from joutsa_tyollisyys.charts import quarter_bars
from joutsa_tyollisyys.formatting import format_euro


def trend_svg(quarters) -> bytes:
    """Municipal share € per quarter (bars) and persons (line). Aggregates only, no names."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.add_subplot()
    labels = [q.label for q in quarters]
    bars = quarter_bars(axes, labels, [float(q.total) for q in quarters], [q.partial for q in quarters],
                        color="#0b3d62")
    bars[0].set_label(_("Municipal share €"))
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


def trend_xlsx(quarters) -> bytes:
    return xl.table_workbook(
        _("Quarterly trend"),
        [xl.Column(_("Quarter")), xl.Column(_("Municipal share €"), xl.EURO), xl.Column(_("Persons"), xl.NUMBER),
         xl.Column(_("Months"), xl.NUMBER)],
        [[q.label, q.total, q.persons, q.months] for q in quarters],
    )


def review_xlsx(entries, month) -> bytes:
    """The month's list for the review meeting (national ids masked)."""
    columns = [
        xl.Column(_("Name")),
        xl.Column(_("Personal identity code")),
        xl.Column(_("Municipal share €"), xl.EURO),
        xl.Column(_("Benefit")),
        xl.Column(_("Paid days cumulative"), xl.NUMBER),
        xl.Column(_("Days in month"), xl.NUMBER),
        xl.Column(_("Band %"), xl.NUMBER),
        xl.Column(_("Days to the next band"), xl.NUMBER),
        xl.Column(_("Responsible worker")),
        xl.Column(_("Who contacts")),
        xl.Column(_("Contacted on"), xl.DATE),
        xl.Column(_("Last contact"), xl.DATE),
        xl.Column(_("New person")),
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
            e.contacted_on,
            e.last_contact,
            _("yes") if e.new_client else "",
        ]
        for e in entries
    ]
    return xl.table_workbook(_("Payment share %(month)s") % {"month": f"{month.month}-{month.year}"}, columns, rows)
