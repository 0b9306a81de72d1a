"""A stored snapshot turned into rows for the page, the PDF and the XLSX (one place for formatting and masking).

``masked=True`` (those who see only aggregates): a count of people below 5, and a percentage or average
whose base count is below 5, are shown as "< 5" and left out of the charts.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.formatting import format_decimal, format_euro

from . import rules
from .indicators import BY_KEY, EUR, GOALS, INDICATORS, KELA_LIST, PERCENT, SCORE

COLUMNS = [
    ("value", _("Month")),
    ("previous", _("Previous month")),
    ("year_ago", _("Same month a year ago")),
    ("ytd", _("Year to date")),
]
EMPTY = "–"
#: A percentage, an average or a number of places hidden because the persons behind it are fewer than five
#: ("< 5" is said of counts of persons only: "< 5" beside a percentage would read as "under 5 %").
HIDDEN = _("hidden (fewer than 5 persons)")


def masked_text(indicator) -> str:
    return rules.MASKED if indicator.people else str(HIDDEN)


@dataclass
class Cell:
    raw: object  # the number for the XLSX (None when empty, MASKED when hidden)
    text: str


@dataclass
class Row:
    indicator: object
    cells: list
    series: list  # the 13 months: numbers, None (no value) or MASKED
    ids: list | None
    drill: bool = False

    @property
    def key(self):
        return self.indicator.key

    @property
    def label(self):
        return self.indicator.label

    @property
    def series_text(self):
        return [masked_text(self.indicator) if v == rules.MASKED else format_value(v, self.indicator.unit)
                for v in self.series]


@dataclass
class Section:
    key: str
    title: str
    rows: list = field(default_factory=list)


def _number(value):
    return None if value is None else Decimal(str(value))


def format_value(value, unit) -> str:
    number = _number(value)
    if number is None:
        return EMPTY
    if unit == EUR:
        return format_euro(number)
    if unit == PERCENT:
        return f"{format_decimal(number, 1)}\xa0%"
    if unit == SCORE or number != number.to_integral_value():
        return format_decimal(number, 1)
    return format_decimal(number, 0)


def _hidden(indicator, position, stored, masked) -> bool:
    """Whether a value (``position`` in value/previous/year_ago/ytd or a series index) is masked."""
    if not masked:
        return False
    keys = [indicator.key] if indicator.people else []
    keys += [key for key in (indicator.base, indicator.count) if key]
    for key in keys:
        figures = stored.get(key)
        if figures is None:
            continue
        count = figures["series"][position] if isinstance(position, int) else figures[position]
        if count is None or rules.is_small(count):
            return True
    return False


#: Which month each column shows (an index into the snapshot's months; the year to date has none).
COLUMN_MONTH = {"value": -1, "previous": -2, "year_ago": 0}


def not_available(indicator, month: date) -> str:
    """Why a month has no value: its source (Kela's list, the figures entered by hand) is missing."""
    when = f"{month.month}/{month.year}"
    if indicator.source == KELA_LIST:
        return _("Not available yet: Kela's list for %(month)s has not been imported.") % {"month": when}
    return _("Not available yet: the figures for %(month)s have not been entered.") % {"month": when}


def _unavailable_months(indicator, unavailable: dict) -> set:
    """The months whose source of this indicator is missing (old snapshots have no such list: none)."""
    if not indicator.source:
        return set()
    return {date.fromisoformat(str(m)) for m in unavailable.get(indicator.source, [])}


def build_row(indicator, stored: dict, *, masked: bool, can_drill: bool, months=(), unavailable=None) -> Row:
    figures = stored[indicator.key]
    missing = _unavailable_months(indicator, unavailable or {})
    cells = []
    for position, _label in COLUMNS:
        month = months[COLUMN_MONTH[position]] if months and position in COLUMN_MONTH else None
        if month in missing and figures[position] is None:
            text = str(not_available(indicator, month))
            cells.append(Cell(text, text))  # the XLSX says what the page says
        elif _hidden(indicator, position, stored, masked):
            cells.append(Cell(masked_text(indicator), masked_text(indicator)))
        else:
            value = _number(figures[position])
            cells.append(Cell(value, format_value(value, indicator.unit)))
    series = [
        rules.MASKED if _hidden(indicator, i, stored, masked) else _number(v)
        for i, v in enumerate(figures["series"])
    ]
    ids = figures.get("ids")
    return Row(indicator, cells, series, ids, drill=can_drill and ids is not None and not masked)


def sections(report, *, masked: bool, can_drill: bool = False) -> list[Section]:
    stored = report.figures.get("indicators", {})
    shown = {"months": months(report), "unavailable": report.figures.get("unavailable") or {}}
    by_goal = {key: Section(key, title) for key, title in GOALS}
    for indicator in INDICATORS:
        if indicator.key in stored:
            by_goal[indicator.goal].rows.append(
                build_row(indicator, stored, masked=masked, can_drill=can_drill, **shown)
            )
    return [s for s in by_goal.values() if s.rows]


def months(report) -> list[date]:
    return [date.fromisoformat(m) for m in report.figures.get("months", [])]


def places(report, *, masked: bool) -> list[dict]:
    rows = []
    for row in report.figures.get("places", []):
        taken = row["taken"]
        shown = rules.MASKED if masked and rules.is_small(taken) else taken
        free = str(HIDDEN) if masked and rules.is_small(taken) else row["free"]  # capacity - taken tells taken
        rows.append({**row, "taken_shown": shown, "free_shown": free})
    return rows


#: More units than this and the chart shows them by kind (a bar per unit of a city's 200 units helps nobody;
#: the table below the chart still lists every unit).
CHART_UNITS_MAX = 20


def places_for_chart(report, *, masked: bool) -> list[dict]:
    """The rows of the places chart: per unit, or per kind of unit when there are many units."""
    rows = places(report, masked=masked)
    if len(rows) <= CHART_UNITS_MAX:
        return rows
    kinds = {}
    for row in rows:
        kind = kinds.setdefault(row["kind"], {"capacity": 0, "taken": 0, "units": 0})
        kind["capacity"] += row["capacity"]
        kind["taken"] += row["taken"]
        kind["units"] += 1
    return [
        {
            "placement": f"{name} ({kind['units']})",
            "capacity": kind["capacity"],
            "taken_shown": rules.MASKED if masked and rules.is_small(kind["taken"]) else kind["taken"],
        }
        for name, kind in sorted(kinds.items(), key=lambda item: -item[1]["capacity"])
    ]


def quarters(report) -> list[dict]:
    return [{**q, "total": Decimal(str(q["total"]))} for q in report.figures.get("quarters", [])]


def feedback(report, *, masked: bool) -> dict:
    data = report.figures.get("feedback") or {"count": 0, "averages": [], "comments": []}
    hidden = masked and rules.is_small(data["count"])
    return {
        "count": rules.MASKED if hidden else data["count"],
        "averages": [
            {"question": a["question"], "average": EMPTY if hidden else format_value(a["average"], SCORE)}
            for a in data["averages"]
        ],
        "comments": [] if hidden else data["comments"],
    }


def inputs(report) -> dict | None:
    data = report.figures.get("inputs")
    if not data:
        return None
    return {
        **data,
        "rows": [
            (BY_KEY[name].label, format_value(data[name], BY_KEY[name].unit))
            for name in ("unemployment_rate", "tyovarikko_income", "tyovarikko_expenses", "workshop_income",
                         "workshop_expenses")
        ],
    }


def row_for(report, key, *, masked=False) -> Row | None:
    stored = report.figures.get("indicators", {})
    indicator = BY_KEY.get(key)
    if indicator is None or key not in stored:
        return None
    return build_row(indicator, stored, masked=masked, can_drill=not masked, months=months(report),
                     unavailable=report.figures.get("unavailable") or {})


