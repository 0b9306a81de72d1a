"""The worker's iCalendar feed (planned meetings). No personal data beyond initials in the title."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def _initials(client):
    return f"{client.first_name[:1]}. {client.last_name[:1]}."


def worker_feed(user, meetings, extra_events=()) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Tyollisyydenhoito//FI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{settings.SERVICE_UNIT_NAME}: {user}")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@tyollisyydenhoito")
        event.add("summary", f"Asiakastapaaminen {_initials(meeting.client)} ({meeting.get_kind_display()})")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
        event.add("dtstamp", timezone.now())
        if meeting.location:
            event.add("location", meeting.location)
        cal.add_component(event)
    for uid, summary, start, end in extra_events:
        event = Event()
        event.add("uid", uid)
        event.add("summary", summary)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    return cal.to_ical()
