"""A stored snapshot turned into rows for the page, the PDF and the XLSX (one place for formatting and masking).

``masked=True`` (those who see only aggregates): a count of people below 5 is shown as "< 5"; a percentage or
an average computed from such a count (its base, or the part a percentage is of) is hidden ("hidden", never
"< 5", which is a count of people); both are left out of the charts. Euros are never masked.

A month whose source is missing (Kela's list not imported yet, the month's figures not entered) is "not
available yet", with a note that says what is missing; it is never shown as 0 and is left out of the charts.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.charts import MONTHS_IN_QUARTER
from joutsa_tyollisyys.formatting import format_decimal, format_euro

from . import rules
from .indicators import BY_KEY, EUR, GOALS, INDICATORS, INPUTS, PERCENT, SCORE, SHARE_LIST

COLUMNS = [
    ("value", _("Month")),
    ("previous", _("Previous month")),
    ("year_ago", _("Same month a year ago")),
    ("ytd", _("Year to date")),
]
EMPTY = "–"
#: Where each column's month is in the 13-month series.
COLUMN_MONTH = {"value": -1, "previous": -2, "year_ago": 0}
HIDDEN = _("hidden")
NOT_AVAILABLE = _("not available yet")
NOT_YET = _("not yet")
MISSING_NOTES = {
    SHARE_LIST: _("Not available yet: Kela's list for %(months)s has not been imported."),
    INPUTS: _("Not available yet: the figures of %(months)s have not been entered."),
}


@dataclass
class Cell:
    raw: object  # the number for the XLSX (None when empty, MASKED when hidden)
    text: str


@dataclass
class Row:
    indicator: object
    cells: list
    series: list  # the 13 months: numbers, None (no value or not available) or MASKED
    ids: list | None
    drill: bool = False
    notes: list = field(default_factory=list)  # what is not available yet, in words
    missing: tuple = ()  # the indexes of the series whose month's source is missing

    @property
    def key(self):
        return self.indicator.key

    @property
    def label(self):
        return self.indicator.label

    @property
    def series_text(self):
        return [
            str(NOT_YET) if i in self.missing else v if isinstance(v, str) else format_value(v, self.indicator.unit)
            for i, v in enumerate(self.series)
        ]


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


def _hidden(indicator, position, stored, masked) -> str | None:
    """What hides a value (``position`` in value/previous/year_ago/ytd or a series index) from those who see only
    aggregates: ``MASKED`` ("< 5") for a small count of people, ``HIDDEN`` for a percentage or an average computed
    from one, ``None`` when it is shown."""
    if not masked:
        return None
    keys = [indicator.key] if indicator.people else []
    keys += [key for key in (indicator.base, indicator.part) if key]
    for key in keys:
        figures = stored.get(key)
        if figures is None:
            continue
        count = figures["series"][position] if isinstance(position, int) else figures[position]
        if count is None or rules.is_small(count):
            return rules.MASKED if indicator.people else str(HIDDEN)
    return None


def build_row(indicator, stored: dict, *, masked: bool, can_drill: bool, months=()) -> Row:
    figures = stored[indicator.key]
    iso_months = [m.isoformat() for m in months]
    missing_months = set(figures.get("missing") or ())
    missing = tuple(i for i, m in enumerate(iso_months) if m in missing_months)
    cells = []
    for position, _label in COLUMNS:
        index = COLUMN_MONTH.get(position)
        if index is not None and iso_months and iso_months[index] in missing_months:
            cells.append(Cell(str(NOT_AVAILABLE), str(NOT_AVAILABLE)))
        elif hidden := _hidden(indicator, position, stored, masked):
            cells.append(Cell(hidden, hidden))
        else:
            value = _number(figures[position])
            text = format_value(value, indicator.unit)
            if position == "ytd" and figures.get("ytd_missing") and value is not None:
                count = figures["ytd_months"] - figures["ytd_missing"]
                text = gettext_now("%(value)s (%(count)s of %(total)s months)") % {
                    "value": text, "count": count, "total": figures["ytd_months"]}
            cells.append(Cell(value, text))
    series = [
        None if i in missing else hidden if (hidden := _hidden(indicator, i, stored, masked)) else _number(v)
        for i, v in enumerate(figures["series"])
    ]
    shown_missing = [months[COLUMN_MONTH[p]] for p, _label in COLUMNS
                     if p in COLUMN_MONTH and iso_months and iso_months[COLUMN_MONTH[p]] in missing_months]
    notes = []
    if shown_missing and figures.get("missing_source") in MISSING_NOTES:
        text = ", ".join(date_format(m, "n/Y") for m in sorted(set(shown_missing), reverse=True))
        notes.append(gettext_now(MISSING_NOTES[figures["missing_source"]]) % {"months": text})
    ids = figures.get("ids")
    return Row(indicator, cells, series, ids, drill=can_drill and ids is not None and not masked, notes=notes,
               missing=missing)


def sections(report, *, masked: bool, can_drill: bool = False) -> list[Section]:
    stored = report.figures.get("indicators", {})
    by_goal = {key: Section(key, title) for key, title in GOALS}
    report_months = months(report)
    for indicator in INDICATORS:
        if indicator.key in stored:
            by_goal[indicator.goal].rows.append(
                build_row(indicator, stored, masked=masked, can_drill=can_drill, months=report_months))
    return [s for s in by_goal.values() if s.rows]


def months(report) -> list[date]:
    return [date.fromisoformat(m) for m in report.figures.get("months", [])]


def places(report, *, masked: bool) -> list[dict]:
    rows = []
    for row in report.figures.get("places", []):
        taken = row["taken"]
        shown = rules.MASKED if masked and rules.is_small(taken) else taken
        free = rules.MASKED if masked and rules.is_small(taken) else row["free"]
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
    """The quarters with their share; a quarter with fewer than three lists imported is marked partial (its sum
    is not comparable with a full quarter's)."""
    return [
        {**q, "total": Decimal(str(q["total"])), "partial": q["months"] < MONTHS_IN_QUARTER}
        for q in report.figures.get("quarters", [])
    ]


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
    return build_row(indicator, stored, masked=masked, can_drill=not masked, months=months(report))


