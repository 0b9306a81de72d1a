"""Charts of a report (matplotlib): SVG for the page (served as an image), PNG at print resolution for the PDF
(the PDF renderer draws a matplotlib SVG node by node: seconds per report at a city's size).

Only aggregates are drawn; masked values (small numbers for the working group) are left as gaps.
"""

import io
import math
from decimal import Decimal

from django.utils.translation import gettext as _

from joutsa_tyollisyys.charts import quarter_bars
from joutsa_tyollisyys.formatting import format_decimal, format_euro

from .indicators import EUR

BLUE, RED, GREY = "#0b3d62", "#a4161a", "#6c757d"


PRINT_DPI = 120  # the 8-inch chart printed 6.7 inches wide: about 145 dpi on paper


def _render(figure, fmt, *, tight=True) -> bytes:
    """``fmt`` "svg" (text stays text: smaller, searchable) or "png" (for the PDF, at print resolution).
    ``tight``: fit the margins to the labels (an extra drawing of the figure; not needed for a fixed layout)."""
    from matplotlib import rc_context

    if tight:
        figure.tight_layout()
    out = io.BytesIO()
    if fmt == "png":
        # Opaque RGB: the PDF renderer splits an alpha channel into a mask and compresses both again.
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        figure.set_dpi(PRINT_DPI)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba()).convert("RGB").save(
            out, format="PNG", compress_level=3)
    else:
        with rc_context({"svg.fonttype": "none"}):
            figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _euro_axis(axes):
    axes.yaxis.set_major_formatter(lambda value, _pos: format_euro(value).replace(",00", ""))


def _number_axis(axes):
    """Finnish numbers on the axis: 60 000, 2,5 (matplotlib writes 60000 and 2.5)."""
    axes.yaxis.set_major_formatter(lambda value, _pos: format_decimal(value, 0 if value == int(value) else 1))


#: The small multiples' geometry in inches: each chart's height, and the room for the titles above, the month
#: labels below and the value labels on the left (fixed, so that the figure is drawn once, not twice as
#: ``tight_layout`` draws it: half the time of a report's charts).
TREND_ROW, TREND_TOP, TREND_BOTTOM, TREND_LEFT, TREND_GAP_X, TREND_GAP_Y = 2.3, 0.3, 0.35, 0.75, 0.85, 0.6
TREND_WIDTH = 8


def trend_svg(section, months, fmt="svg") -> bytes:
    """Small multiples: each indicator of a goal over the 13 months (a gap where a value is missing). The months
    are the same in every chart: they are written under the lowest chart of each column only."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = section.rows
    columns = 2
    lines = math.ceil(len(rows) / columns)
    height = TREND_ROW * lines
    figure = Figure(figsize=(TREND_WIDTH, height), dpi=100)
    axes_width = (TREND_WIDTH - TREND_LEFT - 0.15 - TREND_GAP_X * (columns - 1)) / columns
    axes_height = (height - TREND_TOP - TREND_BOTTOM - TREND_GAP_Y * (lines - 1)) / lines
    figure.subplots_adjust(left=TREND_LEFT / TREND_WIDTH, right=1 - 0.15 / TREND_WIDTH, top=1 - TREND_TOP / height,
                           bottom=TREND_BOTTOM / height, wspace=TREND_GAP_X / axes_width,
                           hspace=TREND_GAP_Y / axes_height)
    labels = [f"{m.month}/{m.year % 100:02d}" for m in months]
    for index, row in enumerate(rows, start=1):
        axes = figure.add_subplot(lines, columns, index)
        values = [float(v) if isinstance(v, int | float | Decimal) else math.nan for v in row.series]
        axes.plot(range(len(values)), values, color=BLUE, marker="o", markersize=3, linewidth=1.5)
        # A fixed title position: matplotlib would otherwise measure every tick label to place it (a third of the
        # drawing's time).
        axes.set_title(str(row.label), fontsize=9, loc="left", y=1.0, pad=4)
        lowest_in_column = index + columns > len(rows)
        axes.set_xticks(range(0, len(labels), 3), labels[::3] if lowest_in_column else [], fontsize=7)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        axes.tick_params(axis="y", labelsize=7)
        if all(math.isnan(value) for value in values):  # every month hidden (< 5) or not available: say so
            axes.set_ylim(0, 1)
            axes.set_yticks([])
            axes.text(0.5, 0.5, _("No figures to draw: hidden or not available"), transform=axes.transAxes,
                      ha="center", va="center", fontsize=8, color="#444444")
        elif any(value > 0 for value in values):  # NaN > 0 is False
            axes.set_ylim(bottom=0)
        else:  # nothing above zero (or nothing shown): 0 and 1, not 0,00 … 0,04
            axes.set_ylim(0, 1)
        (_euro_axis if row.indicator.unit == EUR else _number_axis)(axes)
        axes.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt, tight=False)


def quarters_svg(quarters, fmt="svg") -> bytes:
    """The municipal payment share € per quarter."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3), dpi=100)
    axes = figure.add_subplot()
    partial = [bool(q.get("partial")) for q in quarters]
    quarter_bars(axes, [q["label"] for q in quarters], [float(q["total"]) for q in quarters], partial, color=BLUE)
    if any(partial):
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=8)
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
