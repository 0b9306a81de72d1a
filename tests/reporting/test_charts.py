"""The report's charts: what the PDF embeds and what the small multiples show."""

import io
import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from PIL import Image

from reporting import charts
from reporting.indicators import EUR

MONTHS = [date(2025 + (11 + m) // 12, (11 + m) % 12 + 1, 1) for m in range(13)]  # 12/2025 … 12/2026


def _section(count, unit="count"):
    rows = [SimpleNamespace(label=f"Mittari {n}", indicator=SimpleNamespace(unit=unit),
                            series=[n * 10 + m for m in range(12)] + [None]) for n in range(count)]
    return SimpleNamespace(rows=rows)


def test_print_charts_are_opaque_png_at_print_resolution():
    """The PDF renderer splits an alpha channel into a mask and compresses both again: the charts have none."""
    image = Image.open(io.BytesIO(charts.trend_svg(_section(3), MONTHS, fmt="png")))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (charts.TREND_WIDTH * charts.PRINT_DPI, round(2 * charts.TREND_ROW * charts.PRINT_DPI))
    assert Image.open(io.BytesIO(charts.quarters_svg([{"label": "1/2026", "total": Decimal("10.50")}],
                                                     fmt="png"))).mode == "RGB"


def test_the_months_are_written_under_the_lowest_chart_of_each_column_only():
    """Five charts in two columns: the fifth is the lowest of the left column, the fourth of the right one."""
    svg = charts.trend_svg(_section(5, unit=EUR), MONTHS).decode()
    assert svg.count(">12/25<") == 2 and svg.count(">12/26<") == 2
    assert "Mittari 4" in svg and ">40\u00a0€<" in svg  # the values of a money indicator in euros


def test_the_values_are_written_in_finnish_and_an_empty_chart_counts_whole_people():
    """Thousands with a space, a decimal comma; a series with nothing above zero is drawn on 0–1 (matplotlib's
    own scale for it would read 0.00, 0.02, 0.04 people)."""
    section = SimpleNamespace(rows=[
        SimpleNamespace(label="Asiakkaita", indicator=SimpleNamespace(unit="people"), series=[60_000] * 13),
        SimpleNamespace(label="Arviointeja", indicator=SimpleNamespace(unit="people"), series=[0] * 12 + [None]),
    ])
    svg = charts.trend_svg(section, MONTHS).decode()
    assert re.search(r">\d+\u00a0000<", svg) and not re.search(r">\d{5}<", svg)
    assert ">0.02<" not in svg and ">0,02<" not in svg and ">1<" in svg


def test_a_chart_whose_every_month_is_hidden_says_so_instead_of_empty_axes():
    """Issue 19: a series hidden (< 5) or not available in every month is not drawn as an empty 0–1 chart."""
    from django.utils import translation

    section = SimpleNamespace(rows=[
        SimpleNamespace(label="Arviointeja", indicator=SimpleNamespace(unit="people"), series=["< 5"] * 13),
        SimpleNamespace(label="Asiakkaita", indicator=SimpleNamespace(unit="people"), series=[7] * 13),
    ])
    with translation.override("fi"):
        svg = charts.trend_svg(section, MONTHS).decode()
    assert svg.count("Ei piirrettävää: luvut piilotettu tai ei saatavilla") == 1
    with translation.override("sv"):
        assert "Inget att rita" in charts.trend_svg(section, MONTHS).decode()
