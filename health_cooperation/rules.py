"""Pure rules of health and social-services cooperation (no ORM; unit-tested with the plan's numbers).

- A person is *long-term unemployed* after 12 months of continuous unemployment (the statistical
  definition the TE services and the plan use; plan § 1.8: "terveystarkastuksiin ohjataan kaikki
  pitkäaikaistyöttömät").
- The unemployed health check is due when none has been done in the last N months (N is the admin
  setting ``HealthCooperationSettings.health_check_interval_months``, 12 by default).
- The municipality's and the regional health centre's sote team meets every other week (plan § 1.8:
  "kokoontuu joka toinen viikko") on a chosen weekday.
- Before a disability-pension decision every basic health examination must be done (plan § 1.8:
  "kaikki perusterveydenhuollon tutkimukset tulee olla tehtyinä ennen eläkepäätöstä").
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from joutsa_tyollisyys.dates import add_months
from joutsa_tyollisyys.workdays import working_day_on_or_after

#: Months of continuous unemployment after which a person is long-term unemployed.
LONG_TERM_UNEMPLOYMENT_MONTHS = 12
#: The sote team meets every other week.
SOTE_TEAM_INTERVAL_WEEKS = 2


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's last day (31.3. → 28.2.)."""
    if months < 0:
        raise ValueError("months must not be negative")
    return add_months(day, -months)


def is_long_term_unemployed(unemployed_since: date | None, on: date) -> bool:
    """True when the person has been unemployed for at least 12 full months on ``on``."""
    if unemployed_since is None:
        return False
    return unemployed_since <= months_before(on, LONG_TERM_UNEMPLOYMENT_MONTHS)


def health_check_cutoff(on: date, interval_months: int) -> date:
    """The earliest check date that still counts on ``on``: a check on this day or later is recent."""
    if interval_months < 1:
        raise ValueError("interval_months must be at least 1")
    return months_before(on, interval_months)


def health_check_due(last_check: date | None, on: date, interval_months: int) -> bool:
    """True when no check has been done, or the last one was more than ``interval_months`` ago."""
    return last_check is None or last_check < health_check_cutoff(on, interval_months)


def meeting_dates(
    *, first_on: date, weekday: int, interval_weeks: int, from_day: date, count: int
) -> list[date]:
    """The next ``count`` meeting dates on or after ``from_day``.

    The series starts on the first ``weekday`` (0 = Monday) on or after ``first_on`` and repeats every
    ``interval_weeks`` weeks, so the weeks stay aligned to the first meeting whatever ``from_day`` is.
    """
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0–6")
    if interval_weeks < 1 or count < 0:
        raise ValueError("interval_weeks must be at least 1 and count not negative")
    anchor = first_on + timedelta(days=(weekday - first_on.weekday()) % 7)
    step = 7 * interval_weeks
    if from_day <= anchor:
        first = anchor
    else:
        periods = -(-(from_day - anchor).days // step)  # ceiling division
        first = anchor + timedelta(days=periods * step)
    # A meeting that falls on a Finnish public holiday moves to the next working day.
    return [working_day_on_or_after(first + timedelta(days=i * step)) for i in range(count)]


@dataclass(frozen=True)
class PlannedSlot:
    kind: str
    starts: time
    minutes: int


def slot_plan(*, start: time, blocks: Iterable[tuple[str, int, int]]) -> list[PlannedSlot]:
    """Consecutive slots from ``start``: ``blocks`` is (kind, how many, minutes each), in order."""
    moment = datetime.combine(date(2000, 1, 1), start)
    slots = []
    for kind, how_many, minutes in blocks:
        if how_many < 0 or minutes < 1:
            raise ValueError("slot counts must not be negative and lengths must be positive")
        for _ in range(how_many):
            slots.append(PlannedSlot(kind, moment.time(), minutes))
            moment += timedelta(minutes=minutes)
    if moment > datetime(2000, 1, 2):
        raise ValueError("the slots run past midnight")
    return slots


def ready_for_pension_decision(statuses: Iterable[str]) -> bool:
    """Every basic examination is either done or recorded as not needed, and at least one is done."""
    statuses = list(statuses)
    return bool(statuses) and "pending" not in statuses and "done" in statuses


def checklist_progress(statuses: Iterable[str]) -> tuple[int, int]:
    """(settled, total): an examination is settled when done or recorded as not needed."""
    statuses = list(statuses)
    return sum(1 for s in statuses if s != "pending"), len(statuses)
