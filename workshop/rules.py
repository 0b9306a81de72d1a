"""The rules of the workshop services as pure functions (no ORM). Numbers and their sources:

- Youth workshop (Nuorten työpaja): young people aged **16–28** (the plan § 1.7, "16-28-vuotiaille";
  nuorisolaki 1285/2016 § 3: a young person is under 29). The youth outreach worker sees and coaches
  only clients **under 29** (docs/domain.md § 2; the limit is ``joutsa_tyollisyys.roles.YOUTH_AGE_LIMIT``
  and the permission predicates of ``clients.permissions`` enforce it).
- Community service (yhdyskuntapalvelu): a sentence of **14–240 hours** (rikoslaki 39/1889, 6 luku
  11 §); the plan § 1.4 allows it at the workshop "within limits".
- Work trial (työkokeilu): at most **6 months at a time** (laki julkisesta työvoima- ja yrityspalvelusta
  916/2012, 4 luku 5 §). This and the other length limits are NOT hard-coded: they live in the
  admin-editable table ``workshop.ServiceLengthLimit`` (seeded by migration 0002), because the law has
  changed (the 2025 employment-services reform) and social rehabilitation's length is agreed case by
  case (the plan § 1.6) and on-the-job learning follows the student's own training agreement.
- A client is in one service period at a time: periods of the same client may not overlap (nor overlap
  a rehabilitative-work agreement).
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from joutsa_tyollisyys.dates import age_on, period_last_day

YOUTH_WORKSHOP_MIN_AGE = 16
YOUTH_WORKSHOP_MAX_AGE = 28
COMMUNITY_SERVICE_MIN_HOURS = 14
COMMUNITY_SERVICE_MAX_HOURS = 240
#: How far ahead a group's weekly rule may generate sessions at once (keeps a typo from making 5 000 rows).
MAX_SCHEDULE_DAYS = 366


def youth_workshop_age_error(birth_date: date, day: date) -> str | None:
    """None when the young person may start at the youth workshop on ``day`` (16–28 years old)."""
    age = age_on(birth_date, day)
    if not YOUTH_WORKSHOP_MIN_AGE <= age <= YOUTH_WORKSHOP_MAX_AGE:
        return _("The youth workshop is for young people aged 16–28: the client is %(age)s on the start day.") % {
            "age": age
        }
    return None


def periods_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Closed date ranges; an open end (None) runs for ever."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def period_length_error(start: date, end: date, max_months: int | None) -> str | None:
    if end < start:
        return _("The period cannot end before it starts.")
    if max_months and end > period_last_day(start, max_months):
        return _("This service lasts at most %(months)s months at a time: the last possible end date is %(day)s.") % {
            "months": max_months,
            "day": period_last_day(start, max_months).strftime("%d.%m.%Y"),
        }
    return None


def community_service_hours_error(hours: int | None) -> str | None:
    if hours is None:
        return _("Enter the hours of the community service sentence.")
    if not COMMUNITY_SERVICE_MIN_HOURS <= hours <= COMMUNITY_SERVICE_MAX_HOURS:
        return _("A community service sentence is 14–240 hours.")
    return None


def session_days(first_day: date, last_day: date, weekdays: str, every_weeks: int = 1) -> list[date]:
    """The days of a weekly rule: ISO weekdays (``"24"`` = Tuesday and Thursday) from ``first_day`` to
    ``last_day`` inclusive, every ``every_weeks``-th week counted from the week of ``first_day``."""
    if last_day < first_day or not weekdays:
        return []
    wanted = {int(d) for d in weekdays}
    first_monday = first_day - timedelta(days=first_day.weekday())
    days = []
    day = first_day
    while day <= last_day:
        week = (day - first_monday).days // 7
        if day.isoweekday() in wanted and week % every_weeks == 0:
            days.append(day)
        day += timedelta(days=1)
    return days


def schedule_error(first_day: date, last_day: date, weekdays: str) -> dict[str, str]:
    errors = {}
    if not weekdays:
        errors["weekdays"] = _("Choose at least one weekday.")
    if last_day < first_day:
        errors["last_day"] = _("The last session cannot be before the first one.")
    elif (last_day - first_day).days > MAX_SCHEDULE_DAYS:
        errors["last_day"] = _("A schedule covers at most a year at a time.")
    return errors
