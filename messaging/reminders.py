"""Meeting reminders: a text message on the working day before a planned meeting (a Monday meeting is reminded on
the Friday before, a meeting after a public holiday on the last working day before it), with the time, the place
and how to cancel (the worker's phone). Only for clients who accept text messages and have a mobile number; never
twice for the same meeting and time (the message's key); never for a cancelled meeting. The text names no service,
benefit or health matter: only the time, the place and a number to call."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clients.enums import ClientStatus, MeetingKind, MeetingStatus
from clients.models import Meeting
from joutsa_tyollisyys import phones
from joutsa_tyollisyys.workdays import is_working_day

from .enums import TextMessagePurpose
from .models import TextMessage
from .services import queue_system_text_message

#: The client's language → the language of the text (others get Finnish).
TEXT_LANGUAGES = {"fi": "fi", "sv": "sv", "en": "en"}


@dataclass
class ReminderRun:
    queued: int = 0
    already: int = 0  # queued by an earlier run
    skipped: int = 0  # no mobile number or another reason the service gave


def reminder_days(today: date) -> list[date]:
    """The days whose meetings are reminded today: from tomorrow up to and including the next working day; none
    when today is not a working day (Friday: Saturday, Sunday and Monday)."""
    if not is_working_day(today):
        return []
    days, day = [], today + timedelta(days=1)
    while True:
        days.append(day)
        if is_working_day(day):
            return days
        day += timedelta(days=1)


def reminder_key(meeting) -> str:
    """One reminder per meeting and start time: a meeting moved to another time is reminded again."""
    return f"meeting-reminder:{meeting.pk}:{timezone.localtime(meeting.starts_at):%Y-%m-%dT%H:%M}"


def _place(meeting) -> str:
    if meeting.kind == MeetingKind.PHONE:
        return _("by phone: we will call you")
    if meeting.kind == MeetingKind.REMOTE:
        return meeting.location or _("remote meeting: the link comes separately")
    if meeting.kind == MeetingKind.HOME_VISIT:
        return _("at your home")
    return meeting.location or settings.MUNICIPALITY_ADDRESS


def _cancel_phone(meeting) -> str:
    try:
        return phones.normalized(meeting.worker.phone) or settings.MUNICIPALITY_PHONE
    except ValidationError:
        return settings.MUNICIPALITY_PHONE


def reminder_text(meeting) -> str:
    """The text in the client's language."""
    with translation.override(TEXT_LANGUAGES.get(meeting.client.language, "fi")):
        at = timezone.localtime(meeting.starts_at)
        return _("Reminder: your meeting with %(unit)s is on %(day)s at %(time)s, %(place)s. "
                 "If you cannot come, call %(phone)s.") % {
            "unit": settings.SERVICE_UNIT_NAME, "day": f"{at:%d.%m.%Y}", "time": f"{at:%H.%M}",
            "place": _place(meeting), "phone": _cancel_phone(meeting)}


def meetings_to_remind(today: date):
    days = reminder_days(today)
    if not days:
        return Meeting.objects.none()
    start = timezone.make_aware(datetime.combine(days[0], time.min))
    end = timezone.make_aware(datetime.combine(days[-1] + timedelta(days=1), time.min))
    return (Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gte=start, starts_at__lt=end,
                                   client__text_messages_refused=False)
            .exclude(client__status=ClientStatus.ARCHIVED).exclude(client__phone="")
            .select_related("client", "worker").order_by("starts_at", "pk"))


def queue_meeting_reminders(today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun()
    meetings = list(meetings_to_remind(today))
    done = set(TextMessage.objects.filter(key__in=[reminder_key(m) for m in meetings]).values_list("key", flat=True))
    for meeting in meetings:
        key = reminder_key(meeting)
        if key in done:
            run.already += 1
            continue
        if not phones.is_mobile(meeting.client.phone):
            run.skipped += 1
            continue
        try:
            queue_system_text_message(client=meeting.client, body=reminder_text(meeting),
                                      purpose=TextMessagePurpose.MEETING_REMINDER, key=key)
        except ValidationError:
            run.skipped += 1
            continue
        run.queued += 1
    return run
