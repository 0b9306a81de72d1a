"""The indicators of the monthly report (DOMAIN.md § 7, the plan's §§ 3–4).

Each indicator is a small function of a period (a month, or 1 January – end of the month for the year to
date) returning a ``Figure``: the value and, for people-based figures that can be drilled into, the ids of
the clients behind it. ``compute_figures(month)`` builds the whole snapshot that a MonthlyReport stores.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from activation.selectors import plans_in_force_count
from clients.selectors import active_client_count, assessments_up_to_date
from health_cooperation.selectors import health_checks_done
from joutsa_tyollisyys.database import analytic_queries
from obligation_employment.selectors import claims_summary, open_cases_count
from payment_share.selectors import contacted_and_assigned_by_month, listed_months, quarterly_trend
from rehab_work.models import FEEDBACK_SCORES
from rehab_work.selectors import (
    clients_in_rehab_work,
    compensation_claimed_and_paid,
    feedback_summary,
    places_per_unit_on,
)

from . import rules, selectors
from .rules import YTD_AVERAGE, YTD_PERIOD, YTD_SUM

# Units: how a value is shown. PEOPLE values are counts of people (masked below 5 for the working group).
PEOPLE, NUMBER, EUR, PERCENT, SCORE = "people", "number", "eur", "percent", "score"
QUARTERS_SHOWN = 8
# The sources a month may not have yet (the snapshot's "unavailable" lists the months without each).
KELA_LIST, INPUTS = "kela_list", "inputs"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    month: date  # the first day of the (last) month
    inputs: object = None  # the month's MonthlyInputs (only for a single month)
    trend: tuple = ()  # the months the report computes: figures read for all of them at once where possible

    @classmethod
    def of_month(cls, month, inputs=None, trend=()):
        return cls(month, rules.month_end(month), month, inputs, trend)

    @property
    def bounds(self):
        return (self.start, self.end)


@dataclass(frozen=True)
class Figure:
    value: object
    ids: list | Callable[[], list] | None = None  # a callable: read only for the report month (drill-down)


#: One report's computation reads each shared figure once (e.g. the month's list counts behind four indicators).
_run_cache: ContextVar[dict | None] = ContextVar("reporting_run_cache", default=None)


def once(function, *args):
    """``function(*args)``, computed once per ``compute_figures`` run (plain call outside a run)."""
    cache = _run_cache.get()
    if cache is None:
        return function(*args)
    key = (function, args)
    if key not in cache:
        cache[key] = function(*args)
    return cache[key]


@dataclass(frozen=True)
class Indicator:
    key: str
    goal: str
    label: str
    unit: str
    compute: Callable[[Period], Figure]
    ytd: str = YTD_PERIOD
    base: str = ""  # a percentage or an average is hidden with its base count when that is small
    count: str = ""  # a percentage is hidden with the count it is computed from (no "< 5" beside "0,0 %")
    source: str = ""  # KELA_LIST / INPUTS: a month without its source shows "not available yet", not a value

    @property
    def people(self) -> bool:
        return self.unit == PEOPLE


GOALS = [
    ("diversify", _("Diversify services for the unemployed")),
    ("unify", _("Unify rehabilitative work")),
    ("reach", _("Reach more clients")),
    ("economy", _("Economy of TyöVarikko and the youth workshop")),
    ("other", _("Other follow-up")),
]


# --- the computations ---------------------------------------------------------------------------------


def rehab_clients(p: Period) -> Figure:
    return Figure(clients_in_rehab_work(p.bounds), lambda: selectors.rehab_client_ids(p.start, p.end))


def compensation(kind):
    return lambda p: Figure(once(compensation_claimed_and_paid, p.bounds)[kind])


def _share_list(p: Period) -> dict | None:
    """The month's payment-share list figures (persons, share €, contacted, with a worker), read for all the
    report's months at once; None when Kela's list of the month has not been imported (not zero euros)."""
    months = p.trend or (p.month,)
    if p.month not in once(listed_months, months):
        return None
    return once(contacted_and_assigned_by_month, months)[p.month]


def share_euros(p: Period) -> Figure:
    figures = _share_list(p)
    return Figure(None if figures is None else figures["total"])


def share_persons(p: Period) -> Figure:
    if p.start == p.month and p.end == rules.month_end(p.month):  # one list: a person is on it once
        figures = _share_list(p)
        if figures is None:
            return Figure(None)
        count = figures["persons"]
    else:
        count = selectors.payment_share_person_count(p.start, p.end)
    return Figure(count, lambda: selectors.payment_share_client_ids(p.start, p.end))


def share_list(key, *, contacted):
    def compute(p: Period) -> Figure:
        figures = _share_list(p)
        if figures is None:
            return Figure(None)
        if key.endswith("_percent"):
            return Figure(figures[key] if figures["persons"] else None)
        return Figure(figures[key], lambda: selectors.share_list_ids(p.month, contacted_only=contacted))

    return compute


def _units(p: Period) -> list[dict]:
    """The units and their places on the period's last day; the report's month ends are read in one query."""
    ends = tuple(rules.month_end(m) for m in p.trend)
    return once(places_per_unit_on, ends if p.end in ends else (p.end,))[p.end]


def _places(p: Period):
    return [row for row in _units(p) if row["capacity"] > 0]


def places_capacity(p):
    return Figure(sum(row["capacity"] for row in _places(p)))


def units_offering(p):
    return Figure(len(_places(p)))


def places_taken(p):
    return Figure(sum(row["taken"] for row in _units(p)))


def feedback_answers(p):
    return Figure(once(feedback_summary, p.bounds)["count"])


def feedback_overall(p):
    averages = once(feedback_summary, p.bounds)["averages"]
    index = [name for name, _label in FEEDBACK_SCORES].index("score_overall")
    return Figure(averages[index]["average"])


def te_records(kind, *, as_percent=False, ids=None):
    def compute(p: Period) -> Figure:
        figures = once(assessments_up_to_date, p.end, once(active_client_count))
        if kind == "clients":
            return Figure(figures["clients"])
        if as_percent:
            return Figure(figures[kind]["percent"] if figures["clients"] else None)
        return Figure(figures[kind]["up_to_date"], lambda: ids(p.end))

    return compute


def entered(field):
    return lambda p: Figure(getattr(p.inputs, field, None))


def activation_plans(p):
    return Figure(plans_in_force_count(p.end), lambda: selectors.activation_plan_client_ids(p.end))


def obligation_cases(p):
    return Figure(open_cases_count(p.end))


def wage_subsidy_claimed(p):
    return Figure(once(claims_summary, p.bounds)["submitted_amount"])


def health_checks(p):
    return Figure(health_checks_done(p.start, p.end)["total"])


INDICATORS = [
    Indicator("rehab_clients", "diversify", _("Clients in rehabilitative work"), PEOPLE, rehab_clients),
    Indicator("compensation_claimed", "diversify", _("State compensation claimed"), EUR, compensation("claimed")),
    Indicator("compensation_paid", "diversify", _("State compensation paid"), EUR, compensation("paid")),
    Indicator("share_euros", "diversify", _("Municipal payment share"), EUR, share_euros, YTD_SUM,
              source=KELA_LIST),
    Indicator("share_persons", "diversify", _("Persons on the payment-share list"), PEOPLE, share_persons,
              source=KELA_LIST),
    Indicator("places_capacity", "unify", _("Rehabilitative work places"), NUMBER, places_capacity, YTD_AVERAGE),
    Indicator("units_offering", "unify", _("Units offering places"), NUMBER, units_offering, YTD_AVERAGE),
    Indicator("places_taken", "unify", _("Places taken at the end of the month"), PEOPLE, places_taken,
              YTD_AVERAGE),
    Indicator("feedback_answers", "unify", _("Client feedback answers"), PEOPLE, feedback_answers),
    Indicator("feedback_overall", "unify", _("Client feedback: overall score (1–5)"), SCORE, feedback_overall,
              base="feedback_answers"),
    Indicator("active_clients", "reach", _("Active clients"), PEOPLE, te_records("clients"), YTD_AVERAGE),
    Indicator("assessments", "reach", _("Service-need assessments up to date"), PEOPLE,
              te_records("assessments", ids=selectors.assessment_client_ids), YTD_AVERAGE),
    Indicator("assessments_percent", "reach", _("Service-need assessments up to date %"), PERCENT,
              te_records("assessments", as_percent=True), YTD_AVERAGE, base="active_clients",
              count="assessments"),
    Indicator("employment_plans", "reach", _("Employment plans up to date"), PEOPLE,
              te_records("employment_plans", ids=selectors.employment_plan_client_ids), YTD_AVERAGE),
    Indicator("employment_plans_percent", "reach", _("Employment plans up to date %"), PERCENT,
              te_records("employment_plans", as_percent=True), YTD_AVERAGE, base="active_clients",
              count="employment_plans"),
    Indicator("unemployment_rate", "reach", _("Unemployment rate %"), PERCENT, entered("unemployment_rate"),
              YTD_AVERAGE, source=INPUTS),
    Indicator("share_contacted", "reach", _("Payment-share list: contacted"), PEOPLE,
              share_list("contacted", contacted=True), YTD_AVERAGE, source=KELA_LIST),
    Indicator("share_contacted_percent", "reach", _("Payment-share list: contacted %"), PERCENT,
              share_list("contacted_percent", contacted=True), YTD_AVERAGE, base="share_persons",
              count="share_contacted", source=KELA_LIST),
    Indicator("share_with_worker", "reach", _("Payment-share list: with a responsible worker"), PEOPLE,
              share_list("with_worker", contacted=False), YTD_AVERAGE, source=KELA_LIST),
    Indicator("share_with_worker_percent", "reach", _("Payment-share list: with a responsible worker %"),
              PERCENT, share_list("with_worker_percent", contacted=False), YTD_AVERAGE, base="share_persons",
              count="share_with_worker", source=KELA_LIST),
    Indicator("tyovarikko_income", "economy", _("TyöVarikko: income"), EUR, entered("tyovarikko_income"), YTD_SUM,
              source=INPUTS),
    Indicator("tyovarikko_expenses", "economy", _("TyöVarikko: expenses"), EUR, entered("tyovarikko_expenses"),
              YTD_SUM, source=INPUTS),
    Indicator("workshop_income", "economy", _("Youth workshop: income"), EUR, entered("workshop_income"), YTD_SUM,
              source=INPUTS),
    Indicator("workshop_expenses", "economy", _("Youth workshop: expenses"), EUR, entered("workshop_expenses"),
              YTD_SUM, source=INPUTS),
    Indicator("activation_plans", "other", _("Clients with an activation plan in force"), PEOPLE,
              activation_plans, YTD_AVERAGE),
    Indicator("obligation_cases", "other", _("Open obligation-employment cases"), PEOPLE, obligation_cases,
              YTD_AVERAGE),
    Indicator("wage_subsidy_claimed", "other", _("Wage subsidy claimed"), EUR, wage_subsidy_claimed),
    Indicator("health_checks", "other", _("Health checks done"), PEOPLE, health_checks),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
INPUT_FIELDS = ["unemployment_rate", "tyovarikko_income", "tyovarikko_expenses", "workshop_income",
                "workshop_expenses"]


def _year_to_date(indicator: Indicator, month: date, by_month: dict) -> object:
    if indicator.ytd == YTD_PERIOD:
        return indicator.compute(Period(date(month.year, 1, 1), rules.month_end(month), month)).value
    values = [by_month[m] for m in rules.year_to_date_months(month)]
    return rules.total(values) if indicator.ytd == YTD_SUM else rules.average(values)


def compute_indicator(indicator: Indicator, month: date, inputs: dict) -> dict:
    """One indicator for the report month: value, previous month, a year ago, year to date, 13-month series."""
    months = rules.trend_months(month)
    figures = {m: indicator.compute(Period.of_month(m, inputs.get(m), tuple(months))) for m in months}
    by_month = {m: f.value for m, f in figures.items()}
    series = [by_month[m] for m in months]
    return {
        "value": series[-1],
        "previous": series[-2],
        "year_ago": series[0],
        "ytd": _year_to_date(indicator, month, by_month),
        "series": series,
        "ids": ids() if callable(ids := figures[month].ids) else ids,
    }


def compute_figures(month: date) -> dict:
    """The whole snapshot of a month (what MonthlyReport.figures stores)."""
    token = _run_cache.set({})
    try:
        with analytic_queries():
            return _compute_figures(month)
    finally:
        _run_cache.reset(token)


def _compute_figures(month: date) -> dict:
    month = rules.month_start(month)
    months = rules.trend_months(month)
    inputs = selectors.inputs_for(months)
    feedback = feedback_summary(Period.of_month(month).bounds)
    own = inputs.get(month)
    return {
        "month": month,
        "months": months,
        "indicators": {i.key: compute_indicator(i, month, inputs) for i in INDICATORS},
        "unavailable": {
            KELA_LIST: [m for m in months if m not in once(listed_months, tuple(months))],
            INPUTS: [m for m in months if m not in inputs],
        },
        "quarters": [
            {"label": q.label, "total": q.total, "persons": q.persons, "months": q.months}
            for q in quarterly_trend(QUARTERS_SHOWN, until=month)
        ],
        "places": _units(Period.of_month(month, trend=tuple(months))),
        "feedback": feedback,
        "inputs": None if own is None else {
            "entered_by": str(own.entered_by or ""),
            "updated_at": own.updated_at,
            **{name: getattr(own, name) for name in INPUT_FIELDS},
        },
    }

