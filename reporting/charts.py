"""Charts of a report (matplotlib): SVG for the page (served as an image), PNG at print resolution for the PDF
(the PDF renderer draws a matplotlib SVG node by node: seconds per report at a city's size).

Only aggregates are drawn; masked values (small numbers for the working group) are left as gaps.
"""

import io
import math
from decimal import Decimal

from django.utils.translation import gettext as _

from joutsa_tyollisyys.formatting import format_euro

from .indicators import EUR

BLUE, RED, GREY = "#0b3d62", "#a4161a", "#6c757d"


PRINT_DPI = 150


def _render(figure, fmt) -> bytes:
    """``fmt`` "svg" (text stays text: smaller, searchable) or "png" (for the PDF, at print resolution)."""
    from matplotlib import rc_context

    figure.tight_layout()
    out = io.BytesIO()
    if fmt == "png":
        figure.savefig(out, format="png", dpi=PRINT_DPI, metadata={"Software": None})
    else:
        with rc_context({"svg.fonttype": "none"}):
            figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _euro_axis(axes):
    axes.yaxis.set_major_formatter(lambda value, _pos: format_euro(value).replace(",00", ""))


def trend_svg(section, months, fmt="svg") -> bytes:
    """Small multiples: each indicator of a goal over the 13 months (a gap where a value is missing)."""
    from matplotlib.figure import Figure

    rows = section.rows
    columns = 2
    lines = math.ceil(len(rows) / columns)
    figure = Figure(figsize=(8, 2.3 * lines), dpi=100)
    labels = [f"{m.month}/{m.year % 100:02d}" for m in months]
    for index, row in enumerate(rows, start=1):
        axes = figure.add_subplot(lines, columns, index)
        values = [float(v) if isinstance(v, int | float | Decimal) else math.nan for v in row.series]
        axes.plot(range(len(values)), values, color=BLUE, marker="o", markersize=3, linewidth=1.5)
        axes.set_title(str(row.label), fontsize=9, loc="left")
        axes.set_xticks(range(0, len(labels), 3), labels[::3], fontsize=7)
        axes.tick_params(axis="y", labelsize=7)
        axes.set_ylim(bottom=0)
        if row.indicator.unit == EUR:
            _euro_axis(axes)
        axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)


def quarters_svg(quarters, fmt="svg") -> bytes:
    """The municipal payment share € per quarter."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3), dpi=100)
    axes = figure.add_subplot()
    axes.bar([q["label"] for q in quarters], [float(q["total"]) for q in quarters], color=BLUE)
    axes.set_ylabel(_("Municipal share €"))
    axes.set_xlabel(_("Quarter"))
    _euro_axis(axes)
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)


def places_svg(places, fmt="svg") -> bytes:
    """Places per unit: capacity and, where shown, places taken."""
    from matplotlib.figure import Figure

    names = [p["placement"] for p in places]
    figure = Figure(figsize=(8, max(2.0, 0.45 * len(names) + 1)), dpi=100)
    axes = figure.add_subplot()
    positions = range(len(names))
    axes.barh([i + 0.2 for i in positions], [p["capacity"] for p in places], height=0.4, color=GREY,
              label=_("Places"))
    taken = [p["taken_shown"] if isinstance(p["taken_shown"], int) else 0 for p in places]
    axes.barh([i - 0.2 for i in positions], taken, height=0.4, color=BLUE, label=_("Taken"))
    axes.set_yticks(list(positions), names, fontsize=8)
    axes.invert_yaxis()
    axes.legend(loc="lower right", frameon=False, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)
