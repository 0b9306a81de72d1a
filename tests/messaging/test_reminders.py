"""Meeting reminders: the working day before, once, only to clients who accept texts, in their language, with the
time, the place and a number to call, and nothing else about the client."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from clients.models import Meeting
from joutsa_tyollisyys.models import AccessLogEntry
from messaging.backends import locmem
from messaging.models import TextMessage
from messaging.reminders import queue_meeting_reminders, reminder_days
from messaging.tasks import send_meeting_reminders
from tests.factories import ClientFactory, MeetingFactory

pytestmark = pytest.mark.django_db
HKI = ZoneInfo("Europe/Helsinki")


def at(day: str, hour=10, minute=0):
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=HKI)


@pytest.fixture
def meeting(coach):
    coach.phone = "050 111 2222"
    coach.save()
    client = ClientFactory(responsible_worker=coach, phone="040 123 4567", language="fi",
                           health_notes="Selkävaivoja", main_income="labour_market_subsidy")

    def make(day, hour=10, minute=0, **kwargs):
        fields = {"client": client, "worker": coach, "status": "planned", "location": "Länsitie 5, 2. krs",
                  "notes": "Luottamuksellinen"} | kwargs
        return MeetingFactory(starts_at=at(day, hour, minute), **fields)

    return make


@pytest.mark.parametrize("today, days", [
    ("2026-12-02", ["2026-12-03"]),  # Wednesday → Thursday
    ("2026-12-04", ["2026-12-05", "2026-12-06", "2026-12-07"]),  # Friday → the weekend and Monday
    ("2026-12-05", []),  # Saturday: nothing (Friday's run did it)
    ("2026-12-23", ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28"]),  # Christmas
])
def test_the_days_reminded(today, days):
    assert reminder_days(date.fromisoformat(today)) == [date.fromisoformat(d) for d in days]


def test_a_monday_meeting_is_reminded_on_friday_not_before(meeting):
    monday = meeting("2026-12-07", 9, 30)
    assert queue_meeting_reminders(date(2026, 12, 3)).queued == 0  # Thursday: Friday's meetings only
    run = queue_meeting_reminders(date(2026, 12, 4))
    assert run.queued == 1
    message = TextMessage.objects.get()
    assert message.purpose == "meeting_reminder" and message.client_id == monday.client_id
    assert message.key == f"meeting-reminder:{monday.pk}:2026-12-07T09:30"
    assert message.body == ("Muistutus: tapaamisenne (Työllisyyspalvelut / TyöVarikko) on 07.12.2026 klo 09.30, "
                            "Länsitie 5, 2. krs. Jos ette pääse, soittakaa numeroon +358 50 1112222.")


def test_a_tuesday_meeting_is_not_reminded_on_friday(meeting):
    meeting("2026-12-08")
    assert queue_meeting_reminders(date(2026, 12, 4)).queued == 0


def test_a_second_run_sends_nothing_twice(meeting, django_capture_on_commit_callbacks):
    meeting("2026-12-03")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.apply(args=["2026-12-02"]).get() == {"queued": 1, "already": 0, "skipped": 0}
        assert send_meeting_reminders.apply(args=["2026-12-02"]).get() == {"queued": 0, "already": 1, "skipped": 0}
    assert len(locmem.outbox) == 1 and locmem.outbox[0].to == "+358401234567"


def test_a_moved_meeting_is_reminded_of_its_new_time(meeting):
    moved = meeting("2026-12-03", 10)
    queue_meeting_reminders(date(2026, 12, 2))
    Meeting.objects.filter(pk=moved.pk).update(starts_at=at("2026-12-03", 13))
    assert queue_meeting_reminders(date(2026, 12, 2)).queued == 1
    assert "klo 13.00" in TextMessage.objects.order_by("-pk").first().body


@pytest.mark.parametrize("status", ["cancelled", "held", "no_show"])
def test_only_planned_meetings_are_reminded(meeting, status):
    meeting("2026-12-03", status=status)
    assert queue_meeting_reminders(date(2026, 12, 2)).queued == 0


def test_a_client_who_refused_texts_gets_no_reminder(meeting):
    m = meeting("2026-12-03")
    m.client.text_messages_refused = True
    m.client.save()
    assert queue_meeting_reminders(date(2026, 12, 2)).queued == 0 and not TextMessage.objects.exists()


@pytest.mark.parametrize("number", ["014 123 456", "12345", ""])
def test_no_reminder_without_a_mobile_number(meeting, number):
    m = meeting("2026-12-03")
    m.client.phone = number
    m.client.save()
    run = queue_meeting_reminders(date(2026, 12, 2))
    assert run.queued == 0 and not TextMessage.objects.exists()


def test_in_swedish_for_a_swedish_speaking_client_and_the_office_number_without_the_workers(meeting, coach, settings):
    m = meeting("2026-12-03", kind="phone")
    m.client.language = "sv"
    m.client.save()
    coach.phone = ""
    coach.save()
    queue_meeting_reminders(date(2026, 12, 2))
    body = TextMessage.objects.get().body
    assert body.startswith("Påminnelse: ert möte") and "per telefon" in body and settings.MUNICIPALITY_PHONE in body


def test_the_text_tells_nothing_of_health_benefits_or_notes(meeting):
    meeting("2026-12-03")
    queue_meeting_reminders(date(2026, 12, 2))
    body = TextMessage.objects.get().body.lower()
    for word in ("selkä", "luottamuksellinen", "tuki", "työmarkkina", "terve", "kela", "etuu"):
        assert word not in body


def test_each_reminder_is_in_the_access_log(meeting):
    m = meeting("2026-12-03")
    queue_meeting_reminders(date(2026, 12, 2))
    entry = AccessLogEntry.objects.get(what="text message")
    assert entry.client_id == m.client_id and entry.action == "export" and entry.user_id is None


def test_the_reminders_are_scheduled_daily():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="messaging.tasks.send_meeting_reminders")
    assert task.enabled and task.crontab.hour == "15" and task.crontab.day_of_week == "*"


def test_a_meeting_cancelled_before_its_reminder_went_cancels_the_reminder(meeting, coach):
    from clients import services as client_services

    m = meeting("2026-12-03")
    queue_meeting_reminders(date(2026, 12, 2))  # queued, not sent (no commit in this test)
    Meeting.objects.filter(pk=m.pk).update(starts_at=at("2099-12-03"))  # the service wants a future meeting
    client_services.meeting_cancel(actor=coach, meeting_id=m.pk)
    reminder = TextMessage.objects.get()
    assert reminder.status == "cancelled" and reminder.cancelled_by == coach
    assert "peruttiin tai siirtyi" in reminder.error_in_words()


def test_a_moved_meeting_cancels_the_reminder_of_its_old_time_only(meeting):
    m = meeting("2026-12-03", 10)
    queue_meeting_reminders(date(2026, 12, 2))
    m.starts_at = at("2026-12-03", 13)
    m.save()
    queue_meeting_reminders(date(2026, 12, 2))
    statuses = dict(TextMessage.objects.values_list("key", "status"))
    assert statuses == {f"meeting-reminder:{m.pk}:2026-12-03T10:00": "cancelled",
                        f"meeting-reminder:{m.pk}:2026-12-03T13:00": "queued"}


def test_a_sent_reminder_is_not_touched_when_the_meeting_is_cancelled(meeting, django_capture_on_commit_callbacks):
    m = meeting("2026-12-03")
    with django_capture_on_commit_callbacks(execute=True):
        queue_meeting_reminders(date(2026, 12, 2))
    m.status = "cancelled"
    m.save()
    assert TextMessage.objects.get().status == "sent"
