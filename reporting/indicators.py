"""The indicators of the monthly report (docs/domain.md § 7, the plan's §§ 3–4).

Each indicator is a small function of a period (a month, or 1 January – end of the month for the year to
date) returning a ``Figure``: the value and, for people-based figures that can be drilled into, the ids of
the clients behind it. ``compute_figures(month)`` builds the whole snapshot that a MonthlyReport stores.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from activation.selectors import plans_in_force_count, waiting_client_ids
from clients.selectors import active_client_counts, assessments_up_to_date
from health_cooperation.selectors import health_checks_done
from joutsa_tyollisyys.database import analytic_queries
from obligation_employment.selectors import claims_summary, open_cases_count
from outreach.selectors import outreach_in_period
from payment_share.month_end import figures_at_month_end
from payment_share.selectors import months_with_list, quarterly_trend
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
# Sources that may be missing for a month: then the figure is "not available yet", never a 0.
SHARE_LIST, INPUTS = "share_list", "inputs"
QUARTERS_SHOWN = 8


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
    missing: str | None = None  # the source (SHARE_LIST, INPUTS) that the month does not have yet


def not_available(source: str) -> Figure:
    return Figure(None, missing=source)


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
    part: str = ""  # a percentage is hidden with the count it is computed from when that is small

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


def _share_list(p: Period) -> dict:
    """The month's payment-share list figures (persons, share €, contacted, with a worker) as at the month's end,
    read for all the report's months at once."""
    return once(figures_at_month_end, p.trend or (p.month,))[p.month]


def _has_list(p: Period) -> bool:
    """Whether Kela's list of the period's (last) month has been imported: without it the month's share is not
    known yet (Kela bills in arrears), which is not the same as a share of 0 €."""
    return p.month in once(months_with_list, p.trend or (p.month,))


def _single_month(p: Period) -> bool:
    return p.start == p.month and p.end == rules.month_end(p.month)


def share_euros(p: Period) -> Figure:
    if _single_month(p) and not _has_list(p):
        return not_available(SHARE_LIST)
    return Figure(_share_list(p)["total"])


def share_persons(p: Period) -> Figure:
    if _single_month(p):  # one list: a person is on it once
        if not _has_list(p):
            return not_available(SHARE_LIST)
        count = _share_list(p)["persons"]
    else:
        count = selectors.payment_share_person_count(p.start, p.end)
    return Figure(count, lambda: selectors.payment_share_client_ids(p.start, p.end))


def share_list(key, *, contacted):
    def compute(p: Period) -> Figure:
        if not _has_list(p):
            return not_available(SHARE_LIST)
        figures = _share_list(p)
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
        # As of the month's end; the active clients of the report's months are counted in one query.
        ends = tuple(rules.month_end(m) for m in p.trend)
        active = once(active_client_counts, ends if p.end in ends else (p.end,))[p.end]
        figures = once(assessments_up_to_date, p.end, active)
        if kind == "clients":
            return Figure(figures["clients"])
        if as_percent:
            return Figure(figures[kind]["percent"] if figures["clients"] else None)
        return Figure(figures[kind]["up_to_date"], lambda: ids(p.end))

    return compute


def entered(field):
    return lambda p: not_available(INPUTS) if p.inputs is None else Figure(getattr(p.inputs, field, None))


def activation_plans(p):
    return Figure(plans_in_force_count(p.end), lambda: selectors.activation_plan_client_ids(p.end))


def activation_waiting(p):
    """Clients who meet the activation condition without a plan at the end of the month, by the rule in force
    on that day (after the activation reform only income-support clients can be waiting)."""
    ids = once(waiting_client_ids, p.end)
    return Figure(len(ids), lambda: ids)


def obligation_cases(p):
    return Figure(open_cases_count(p.end))


def wage_subsidy_claimed(p):
    return Figure(once(claims_summary, p.bounds)["submitted_amount"])


def outreach(key, ids_key=None):
    """Invitation rounds sent in the period: persons invited, reached, became clients, invited by a channel."""

    def compute(p: Period) -> Figure:
        figures = once(outreach_in_period, p.start, p.end)
        return Figure(figures[key], figures[ids_key] if ids_key else None)

    return compute


def health_checks(p):
    return Figure(health_checks_done(p.start, p.end)["total"])


INDICATORS = [
    Indicator("rehab_clients", "diversify", _("Clients in rehabilitative work"), PEOPLE, rehab_clients),
    Indicator("compensation_claimed", "diversify", _("State compensation claimed"), EUR, compensation("claimed")),
    Indicator("compensation_paid", "diversify", _("State compensation paid"), EUR, compensation("paid")),
    Indicator("share_euros", "diversify", _("Municipal payment share"), EUR, share_euros, YTD_SUM),
    Indicator("share_persons", "diversify", _("Persons on the payment-share list"), PEOPLE, share_persons),
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
              te_records("assessments", as_percent=True), YTD_AVERAGE, base="active_clients", part="assessments"),
    Indicator("employment_plans", "reach", _("Employment plans up to date"), PEOPLE,
              te_records("employment_plans", ids=selectors.employment_plan_client_ids), YTD_AVERAGE),
    Indicator("employment_plans_percent", "reach", _("Employment plans up to date %"), PERCENT,
              te_records("employment_plans", as_percent=True), YTD_AVERAGE, base="active_clients",
              part="employment_plans"),
    Indicator("unemployment_rate", "reach", _("Unemployment rate %"), PERCENT, entered("unemployment_rate"),
              YTD_AVERAGE),
    Indicator("share_contacted", "reach", _("Payment-share list: contacted"), PEOPLE,
              share_list("contacted", contacted=True), YTD_AVERAGE),
    Indicator("share_contacted_percent", "reach", _("Payment-share list: contacted %"), PERCENT,
              share_list("contacted_percent", contacted=True), YTD_AVERAGE, base="share_persons",
              part="share_contacted"),
    Indicator("share_with_worker", "reach", _("Payment-share list: with a responsible worker"), PEOPLE,
              share_list("with_worker", contacted=False), YTD_AVERAGE),
    Indicator("share_with_worker_percent", "reach", _("Payment-share list: with a responsible worker %"),
              PERCENT, share_list("with_worker_percent", contacted=False), YTD_AVERAGE, base="share_persons",
              part="share_with_worker"),
    Indicator("outreach_invited", "reach", _("Invitation rounds: persons invited"), PEOPLE,
              outreach("invited", "invited_ids")),
    Indicator("outreach_reached", "reach", _("Invitation rounds: persons reached"), PEOPLE,
              outreach("reached", "reached_ids")),
    Indicator("outreach_became_clients", "reach", _("Invitation rounds: became clients"), PEOPLE,
              outreach("became_clients", "became_ids")),
    Indicator("outreach_letter", "reach", _("Invitation rounds: invited by letter"), PEOPLE, outreach("letter")),
    Indicator("outreach_text", "reach", _("Invitation rounds: invited by text message"), PEOPLE, outreach("text")),
    Indicator("outreach_phone", "reach", _("Invitation rounds: invited by phone"), PEOPLE, outreach("phone")),
    Indicator("tyovarikko_income", "economy", _("TyöVarikko: income"), EUR, entered("tyovarikko_income"), YTD_SUM),
    Indicator("tyovarikko_expenses", "economy", _("TyöVarikko: expenses"), EUR, entered("tyovarikko_expenses"),
              YTD_SUM),
    Indicator("workshop_income", "economy", _("Youth workshop: income"), EUR, entered("workshop_income"), YTD_SUM),
    Indicator("workshop_expenses", "economy", _("Youth workshop: expenses"), EUR, entered("workshop_expenses"),
              YTD_SUM),
    Indicator("activation_plans", "other", _("Clients with an activation plan in force"), PEOPLE,
              activation_plans, YTD_AVERAGE),
    Indicator("activation_waiting", "other", _("Clients waiting for an activation plan"), PEOPLE,
              activation_waiting, YTD_AVERAGE),
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
    missing = {m: f.missing for m, f in figures.items() if f.missing}
    ytd_months = rules.year_to_date_months(month)
    return {
        "value": series[-1],
        "previous": series[-2],
        "year_ago": series[0],
        "ytd": _year_to_date(indicator, month, by_month),
        "series": series,
        "ids": ids() if callable(ids := figures[month].ids) else ids,
        # The months whose source is missing (the value is None: "not available yet", not 0) and which source.
        "missing": [m.isoformat() for m in months if m in missing],
        "missing_source": next(iter(missing.values()), None),
        "ytd_missing": sum(1 for m in ytd_months if m in missing),
        "ytd_months": len(ytd_months),
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

