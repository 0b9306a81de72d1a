"""The rules of obligation employment and wage-subsidy claims (docs/domain.md §§ 5.3–5.4). Pure functions, no ORM.

Conventions (stated here once, tested in tests/obligation_employment/test_rules.py):

- **Age.** A person turns N on the same day and month N years after birth; a person born on 29 February
  turns N on 1 March in a year that has no 29 February (the same convention as ``Client.age_on``).
- **Months.** A period of n months starting on day D ends the day before day D n months later; when that
  month has no day D (e.g. 31 → February), the period ends on the last day of that month (the rule of
  the Finnish act on computing time limits, 150/1930 § 4). Consecutive periods are counted from the
  first start, so month lengths do not make them drift.
- **Claim deadline.** A wage-subsidy payment claim must reach the payer within two months after the
  end of the calendar month in which the claim period ends: the last day of the second calendar month
  after that month. A claim not sent by then lapses.
- **Cap.** The subsidy for a claim period is rate × wage costs, at most the decision's monthly
  maximum for each month of the period; a part month counts by its share of days.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from joutsa_tyollisyys.dates import age_on, birthday, month_end, month_start, period_last_day
from joutsa_tyollisyys.formatting import format_date, format_euro

#: The age window of the employment obligation (turned 57, not yet 60, when the allowance ends).
OBLIGATION_MIN_AGE = 57
OBLIGATION_MAX_AGE = 60
#: Usual length of the obligation employment contract (months).
DEFAULT_CONTRACT_MONTHS = 6
#: Reminders and the red colour start this many days before a claim's deadline.
REMINDER_DAYS = 14

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Age ---


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    age: int
    turns_min_age: date
    turns_max_age: date
    allowance_end: date
    explanation: str


def obligation_eligibility(birth: date, allowance_end: date) -> Eligibility:
    """Does the municipality's employment obligation apply? The client must have turned 57 but not 60
    on the day the earnings-related allowance ends at its maximum period. Explained in words."""
    turns_min, turns_max = birthday(birth, OBLIGATION_MIN_AGE), birthday(birth, OBLIGATION_MAX_AGE)
    age = age_on(birth, allowance_end)
    values = {
        "min": OBLIGATION_MIN_AGE,
        "max": OBLIGATION_MAX_AGE,
        "end": format_date(allowance_end),
        "age": age,
        "turns_min": format_date(turns_min),
        "turns_max": format_date(turns_max),
    }
    if allowance_end < turns_min:
        eligible = False
        text = _(
            "No obligation: when the earnings-related allowance ends on %(end)s the client is %(age)s "
            "years old. They turn %(min)s only on %(turns_min)s."
        )
    elif allowance_end >= turns_max:
        eligible = False
        text = _(
            "No obligation: the client turned %(max)s on %(turns_max)s, by the time the earnings-related "
            "allowance ends on %(end)s."
        )
    else:
        eligible = True
        text = _(
            "The obligation applies: the client turned %(min)s on %(turns_min)s and turns %(max)s only "
            "on %(turns_max)s, so on %(end)s, when the earnings-related allowance ends, they are "
            "%(age)s years old."
        )
    return Eligibility(eligible, age, turns_min, turns_max, allowance_end, text % values)


# --- Months and periods ---


def period_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months that starts on ``start`` (150/1930, see dates.py)."""
    return period_last_day(start, months)


def default_contract_end(start: date) -> date:
    return period_end(start, DEFAULT_CONTRACT_MONTHS)


def exceeds_months(start: date, end: date, months: int | None) -> bool:
    """True when the period ``start``–``end`` is longer than ``months`` months (``None``: no limit)."""
    return months is not None and end > period_end(start, months)


def claim_periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    """The claim periods of a subsidy decision: ``months`` long each, the last one cut at ``end``."""
    if months not in (1, 2, 3):
        raise ValueError("A claim period is 1, 2 or 3 months.")
    if end < start:
        raise ValueError("The decision ends before it starts.")
    periods, period_start, n = [], start, 1
    while period_start <= end:
        period_last = min(period_end(start, n * months), end)
        periods.append((period_start, period_last))
        period_start, n = period_last + timedelta(days=1), n + 1
    return periods


def claim_deadline(period_last_day: date) -> date:
    """The last day of the second calendar month after the month in which the claim period ends."""
    return month_end(month_start(period_last_day, 2))


def deadline_urgency(deadline: date, today: date) -> str:
    """ "lapsed" after the deadline, "urgent" in its last ``REMINDER_DAYS`` days, else "ok"."""
    if today > deadline:
        return "lapsed"
    if (deadline - today).days <= REMINDER_DAYS:
        return "urgent"
    return "ok"


# --- The subsidy of one claim ---


def months_in_period(start: date, end: date) -> Decimal:
    """Whole months counted from ``start`` plus the share of days of the last, part month."""
    whole = 0
    while period_end(start, whole + 1) <= end:
        whole += 1
    rest_start = period_end(start, whole) + timedelta(days=1) if whole else start
    rest_days = (end - rest_start).days + 1
    if rest_days <= 0:
        return Decimal(whole)
    month_days = (period_end(rest_start, 1) - rest_start).days + 1
    return Decimal(whole) + Decimal(rest_days) / Decimal(month_days)


@dataclass(frozen=True)
class SubsidyCalculation:
    wages: Decimal
    rate_percent: Decimal
    gross: Decimal  # rate × wages
    cap: Decimal  # monthly maximum × months
    amount: Decimal  # what may be claimed
    months: Decimal

    @property
    def capped(self) -> bool:
        return self.amount < self.gross

    @property
    def explanation(self) -> str:
        values = {
            "rate": f"{self.rate_percent.normalize():f}".replace(".", ","),
            "wages": format_euro(self.wages),
            "gross": format_euro(self.gross),
            "cap": format_euro(self.cap),
            "amount": format_euro(self.amount),
        }
        if self.capped:
            return (
                _(
                    "%(rate)s %% of %(wages)s is %(gross)s, more than the maximum %(cap)s for the period: "
                    "%(amount)s can be claimed."
                )
                % values
            )
        return _("%(rate)s %% of %(wages)s is %(amount)s (the maximum for the period is %(cap)s).") % values


def subsidy_amount(
    *, wages: Decimal, rate_percent: Decimal, monthly_maximum: Decimal, start: date, end: date
) -> SubsidyCalculation:
    """Rate × wage costs, at most the monthly maximum for each month of the claim period."""
    if wages < 0:
        raise ValueError("Wages cannot be negative.")
    months = months_in_period(start, end)
    gross = _money(Decimal(wages) * Decimal(rate_percent) / 100)
    cap = _money(Decimal(monthly_maximum) * months)
    return SubsidyCalculation(
        wages=_money(wages),
        rate_percent=Decimal(rate_percent),
        gross=gross,
        cap=cap,
        amount=min(gross, cap),
        months=months,
    )
