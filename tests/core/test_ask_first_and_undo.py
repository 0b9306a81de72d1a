"""Issue 19 item 9: a destructive one-click action asks first (a confirmation page without JavaScript, a dialog
with it) and, where the domain allows, can be undone for 15 minutes from its success message ("Kumoa")."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from clients.models import Consent, Meeting
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _planned(coach, **kwargs):
    client = ClientFactory(responsible_worker=coach)
    return MeetingFactory(client=client, status="planned", starts_at=timezone.now() + timedelta(days=2), **kwargs)


def _cancel_url(meeting):
    return f"/clients/{meeting.client_id}/meetings/{meeting.pk}/cancel/"


def _undo_token(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match and match.group(1)


def test_cancelling_a_meeting_asks_first_and_changes_nothing_until_confirmed(coach, login):
    meeting = _planned(coach)
    http = login(coach)
    page = http.post(_cancel_url(meeting), {"next": "/clients/meetings/"})
    text = page.content.decode()
    assert page.status_code == 200 and "Peruutetaanko tapaaminen?" in text
    assert 'name="confirmed" value="1"' in text and 'name="next" value="/clients/meetings/"' in text
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    from joutsa_tyollisyys.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(client_id=meeting.client_id, what="confirmation question").exists()
    done = http.post(_cancel_url(meeting), {"next": "/clients/meetings/", "confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == "/clients/meetings/"
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_the_success_message_offers_undo_and_undo_restores_the_meeting(coach, login):
    meeting = _planned(coach)
    http = login(coach)
    page = http.post(_cancel_url(meeting), {"confirmed": "1"}, follow=True)
    token = _undo_token(page)
    assert "Tapaaminen peruttu." in page.content.decode() and token and "Kumoa" in page.content.decode()
    back = http.post("/undo/", {"token": token, "next": meeting.client.get_absolute_url()}, follow=True)
    assert "Kumottu: tapaaminen on taas suunniteltu." in back.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert [h.status for h in meeting.history.order_by("history_id")][-3:] == ["planned", "cancelled", "planned"]
    assert meeting.history.latest().history_user == coach  # the undo is audited like any change
    again = http.post("/undo/", {"token": token}, follow=True)  # the same token twice: the meeting has changed
    assert "ei voi enää kumota" in again.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_undo_is_refused_after_15_minutes(coach, login):
    meeting = _planned(coach)
    http = login(coach)
    token = _undo_token(http.post(_cancel_url(meeting), {"confirmed": "1"}, follow=True))
    with time_machine.travel(timezone.now() + timedelta(minutes=14, seconds=50)):
        assert http.post("/undo/", {"token": token}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"  # in time
    token = _undo_token(http.post(_cancel_url(meeting), {"confirmed": "1"}, follow=True))
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=10)):
        late = http.post("/undo/", {"token": token}, follow=True)
    assert "Kumoaminen on liian myöhäistä" in late.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_undo_is_refused_when_the_meeting_changed_since(coach, login):
    meeting = _planned(coach)
    http = login(coach)
    token = _undo_token(http.post(_cancel_url(meeting), {"confirmed": "1"}, follow=True))
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 5)  # someone else changed it
    page = http.post("/undo/", {"token": token}, follow=True)
    assert "ei voi enää kumota" in page.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_another_users_token_or_a_forged_one_does_nothing(coach, login, make_user):
    meeting = _planned(coach)
    token = _undo_token(login(coach).post(_cancel_url(meeting), {"confirmed": "1"}, follow=True))
    colleague = make_user(Role.COACH, username="colleague", team=coach.team)
    assert login(colleague).post("/undo/", {"token": token}).status_code == 403
    forged = login(coach).post("/undo/", {"token": token[:-3] + "abc"}, follow=True)
    assert "Tätä toimintoa ei voi kumota." in forged.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_undo_checks_the_role_again(coach, login):
    meeting = _planned(coach)
    http = login(coach)
    token = _undo_token(http.post(_cancel_url(meeting), {"confirmed": "1"}, follow=True))
    coach.groups.clear()  # no longer a coach
    assert http.post("/undo/", {"token": token}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_undo_needs_a_post_and_a_login(client):
    assert client.get("/undo/").status_code in (302, 405)
    assert client.post("/undo/", {"token": "x"}).status_code == 302  # to the login page


def test_a_withdrawn_consent_can_be_undone(coach, login):
    client = ClientFactory(responsible_worker=coach)
    consent = Consent.objects.create(client=client, purpose="health_services", given_on=date(2025, 1, 1))
    http = login(coach)
    url = f"/clients/{client.pk}/consents/{consent.pk}/withdraw/"
    assert http.post(url).status_code == 200 and Consent.objects.get(pk=consent.pk).withdrawn_on is None
    page = http.post(url, {"confirmed": "1"}, follow=True)
    assert "Suostumus peruttu" in page.content.decode(), re.findall(r'class="alert[^>]*>([^<]*)', page.content.decode())
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == timezone.localdate()
    http.post("/undo/", {"token": _undo_token(page)})
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None


def test_every_destructive_one_click_form_asks_first():
    """The templates' one-button forms that cancel, delete, withdraw or remove carry the confirm attributes."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    destructive = re.compile(r"(cancel|delete|withdraw|leave|remove|finalise)", re.I)
    missing = []
    for template in root.glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>", template.read_text()):
            action = re.search(r'action="([^"]*)"', form)
            if action and destructive.search(action.group(1)) and "confirm_attrs" not in form:
                missing.append(f"{template.name}: {form}")
    # The import's "cancel, import nothing" answers the page's own question (replace the list or not).
    assert [m for m in missing if "job_cancel" not in m] == []
