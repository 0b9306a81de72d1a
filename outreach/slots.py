"""The inviting worker's free times: office hours on working days (no weekends, no Finnish public holidays:
``joutsa_tyollisyys.workdays``), never over one of their planned or held meetings or a time held by one of their
rounds not sent yet, never in the past."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from clients.enums import MeetingStatus
from clients.models import Meeting
from joutsa_tyollisyys.workdays import is_working_day

from .enums import RoundStatus
from .models import RoundMember

#: Office hours of the proposed times (the last one ends by the end of the day's hours).
OFFICE_START = time(*getattr(settings, "OUTREACH_OFFICE_START", (9, 0)))
OFFICE_END = time(*getattr(settings, "OUTREACH_OFFICE_END", (15, 30)))
#: How far ahead times are looked for at most (a round larger than the calendar holds is refused).
MAX_DAYS_AHEAD = 120


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def free_slots(worker, *, first_day: date, count: int, duration_minutes: int, now=None) -> list[datetime]:
    """``count`` free start times of ``worker`` from ``first_day`` on (fewer when the calendar runs out within
    ``MAX_DAYS_AHEAD`` days). Their meetings are read once, for the whole span."""
    now = now or timezone.now()
    if count <= 0:
        return []
    length = timedelta(minutes=duration_minutes)
    last_day = first_day + timedelta(days=MAX_DAYS_AHEAD)
    span = {"starts_at__gte": _aware(first_day, time.min) - timedelta(hours=12),
            "starts_at__lt": _aware(last_day, time.max)}
    meetings = Meeting.objects.filter(worker=worker, status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD],
                                      **span).values_list("starts_at", "duration_minutes")
    held = RoundMember.objects.filter(round__created_by=worker, round__status=RoundStatus.PREPARED,
                                      meeting__isnull=True, **span).values_list("starts_at", "round__duration_minutes")
    busy = sorted((start, start + timedelta(minutes=minutes)) for start, minutes in [*meetings, *held])
    found, day = [], first_day
    while len(found) < count and day <= last_day:
        if is_working_day(day):
            start, day_end = _aware(day, OFFICE_START), _aware(day, OFFICE_END)
            while start + length <= day_end and len(found) < count:
                end = start + length
                clash = next((b_end for b_start, b_end in busy if b_start < end and start < b_end), None)
                if clash is not None:
                    start = max(clash, start + timedelta(minutes=15))
                    continue
                if start >= now:
                    found.append(start)
                start = end
        day += timedelta(days=1)
    return found
