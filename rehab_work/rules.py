"""The law of rehabilitative work (laki kuntouttavasta työtoiminnasta 189/2001) as pure functions.

No ORM here: services pass in plain values and get back errors or numbers. Euro amounts are NOT here:
they live in date-effective rate tables (models.CompensationRate, models.ExpenseAllowanceRate).

- § 13 (as amended by 142/2015, in force 1.7.2015): periods of 3–24 months; at least four hours a day
  on at least one and at most four days per calendar week. Before 1.7.2015: one to five days a week.
  Which rule applies is decided by the start date of the agreement.
- § 24: the state compensates the organiser per participant per participation day, for at most as
  many days per calendar week as the law lets the client take part.
- The municipality's practice (docs/domain.md § 5.2): at most 8 hours a day; the final evaluation is held
  no later than two weeks before the agreement ends.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from activation.rules import rehab_limits_on
from joutsa_tyollisyys.dates import month_end, period_last_day
from joutsa_tyollisyys.rates import row_on
from joutsa_tyollisyys.workdays import working_day_on_or_after

#: The final evaluation is held no later than this long before the end of the agreement.
FINAL_EVALUATION_BEFORE_END = timedelta(days=14)
#: How many follow-up meetings signing books at most (a 24-month period with a meeting every 4 weeks).
MAX_FOLLOW_UPS = 26


def max_days_per_week(on: date) -> int:
    """The most days a week the law allows (and the state compensates) for a period starting ``on``.

    The days, hours and months of § 13 have one source, the date-effective ``activation.rules.REHAB_LIMITS``
    (the plan's rehabilitative-work rows are checked against the same rows).
    """
    return rehab_limits_on(on).max_days_per_week


def earliest_end(start: date) -> date:
    """The first end date that makes a period of three months (start 1.1. → end 31.3.; 150/1930)."""
    return period_last_day(start, rehab_limits_on(start).min_months)


def latest_end(start: date) -> date:
    """The last end date within 24 months (start 1.1.2025 → end 31.12.2026; 150/1930)."""
    return period_last_day(start, rehab_limits_on(start).max_months)


def normalise_weekdays(weekdays: Iterable) -> str:
    """ISO weekday numbers (1 = Monday … 7 = Sunday) as a sorted string of digits, e.g. ``"1234"``."""
    return "".join(sorted({str(int(d)) for d in weekdays if str(d).strip()}))


def agreement_term_errors(
    *,
    start: date | None,
    end: date | None,
    days_per_week: int | None,
    hours_per_day: Decimal | None,
    weekdays: str,
) -> dict[str, list[str]]:
    """Everything wrong with the terms of an agreement, by field (empty dict: the terms are lawful)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if start and end:
        if end < start:
            add("end_date", _("The end date cannot be before the start date."))
        elif end < earliest_end(start):
            add(
                "end_date",
                _(
                    "A period of rehabilitative work lasts at least three months: the end date must be "
                    "%(date)s or later."
                )
                % {"date": earliest_end(start).strftime("%d.%m.%Y")},
            )
        elif end > latest_end(start):
            add(
                "end_date",
                _(
                    "A period of rehabilitative work lasts at most 24 months: the end date must be "
                    "%(date)s or earlier."
                )
                % {"date": latest_end(start).strftime("%d.%m.%Y")},
            )
    if start and days_per_week is not None:
        limits = rehab_limits_on(start)
        least, most = limits.min_days_per_week, limits.max_days_per_week
        if not least <= days_per_week <= most:
            add(
                "days_per_week",
                _(
                    "Rehabilitative work is arranged on %(min)s–%(max)s days a week "
                    "(law 189/2001 § 13 for a period starting %(date)s)."
                )
                % {"min": least, "max": most, "date": start.strftime("%d.%m.%Y")},
            )
    if hours_per_day is not None:
        limits = rehab_limits_on(start or date.today())
        if hours_per_day < limits.min_hours_per_day:
            add("hours_per_day", _("Rehabilitative work lasts at least four hours a day."))
        elif hours_per_day > limits.max_hours_per_day:
            add("hours_per_day", _("Rehabilitative work lasts at most eight hours a day."))
    if days_per_week and len(weekdays) < days_per_week:
        add(
            "weekdays",
            _("Choose at least as many weekdays as there are days a week (%(count)s).")
            % {"count": days_per_week},
        )
    return errors


def final_evaluation_deadline(end: date) -> date:
    """The last day the final evaluation may be held: two weeks before the end of the agreement."""
    return end - FINAL_EVALUATION_BEFORE_END


def follow_up_times(first: datetime, interval_weeks: int, before: datetime) -> list[datetime]:
    """Follow-up meetings: ``first``, then every ``interval_weeks`` weeks, all before ``before``.

    ``interval_weeks`` 0 books the first meeting only.
    A time that falls on a weekend or a Finnish public holiday moves to the next working day at the same
    hour; the series keeps its weekly rhythm from ``first``.
    """
    times = []
    current = first
    while current < before and len(times) < MAX_FOLLOW_UPS:
        booked = _on_working_day(current)
        if booked >= before:
            break
        times.append(booked)
        if not interval_weeks:
            break
        current += timedelta(weeks=interval_weeks)
    return times


def _on_working_day(at: datetime) -> datetime:
    day = working_day_on_or_after(at.date())
    return at + timedelta(days=(day - at.date()).days)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the calendar (ISO) week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def attendance_day_error(*, day: date, start: date, end: date, weekdays: str) -> str | None:
    """Why attendance cannot be recorded on ``day`` under the agreement, or None when it can."""
    if day < start or day > end:
        return _("%(day)s is outside the agreement period %(start)s–%(end)s.") % {
            "day": day.strftime("%d.%m.%Y"),
            "start": start.strftime("%d.%m.%Y"),
            "end": end.strftime("%d.%m.%Y"),
        }
    if str(day.isoweekday()) not in weekdays:
        return _("%(day)s is not one of the agreed weekdays of this agreement.") % {
            "day": day.strftime("%d.%m.%Y")
        }
    return None


def countable_days(candidates: Iterable[date], already_claimed: Iterable[date]) -> list[date]:
    """Of a client's participation days, those the state compensates (§ 24): at most the law's days per
    calendar week, counting days already claimed in the same week first, then the earliest days."""
    per_week: dict[tuple[int, int], int] = {}
    for day in already_claimed:
        key = day.isocalendar()[:2]
        per_week[key] = per_week.get(key, 0) + 1
    chosen = []
    for day in sorted(set(candidates)):
        key = day.isocalendar()[:2]
        if per_week.get(key, 0) < max_days_per_week(day):
            per_week[key] = per_week.get(key, 0) + 1
            chosen.append(day)
    return chosen


def amount_on(day: date, rates: Iterable) -> Decimal | None:
    """The ``amount_per_day`` of the rate row valid on ``day``; None when no row is."""
    row = row_on(rates, day)
    return None if row is None else row.amount_per_day


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), month_end(date(year, month, 1))
