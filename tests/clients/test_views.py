import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from clients.models import Client, Invitation, Meeting
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import calendar_token_rotate
from tests.factories import ClientFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_search_by_exact_national_id_and_name_prefix(coach, login):
    wanted = ClientFactory(responsible_worker=coach, last_name="Kivelä")
    ClientFactory(responsible_worker=coach, last_name="Aho")
    http = login(coach)
    by_id = http.post("/clients/", {"q": wanted.national_id})
    assert list(by_id.context["page"]) == [wanted]
    by_name = http.get("/clients/", {"q": "kiv"})
    assert list(by_name.context["page"]) == [wanted]
    assert wanted.national_id not in by_name.content.decode()  # lists show ids masked
    assert wanted.masked_national_id in by_name.content.decode()


def test_client_list_has_bounded_queries(coach, login, django_assert_max_num_queries):
    for _ in range(30):
        ClientFactory(responsible_worker=coach)
    http = login(coach)
    with django_assert_max_num_queries(12):
        http.get("/clients/")


def test_client_page_has_bounded_queries(coach, login, django_assert_max_num_queries):
    client = ClientFactory(responsible_worker=coach)
    for _ in range(15):
        MeetingFactory(client=client)
    http = login(coach)
    http.get(client.get_absolute_url())
    with django_assert_max_num_queries(15):  # every app's section (tests/clients/test_client_page_queries.py)
        http.get(client.get_absolute_url())


@pytest.mark.parametrize(("typed", "words"), [("131052-308A", "tarkistemerkki"),
                                              ("131052 -308T", "välilyönti")])  # a space inside: not repaired
def test_create_form_shows_finnish_error_beside_the_id_and_saves_nothing(typed, words, coach, login):
    response = login(coach).post("/clients/new/", {"national_id": typed, "first_name": "A", "last_name": "B",
                                                   "language": "fi", "main_income": "income_support"})
    assert response.status_code == 200
    assert words in response.context["form"].errors["national_id"][0]
    assert not Client.objects.exists()


def test_duplicate_create_links_to_the_existing_client(coach, login):
    existing = ClientFactory(responsible_worker=coach)
    response = login(coach).post("/clients/new/", {"national_id": existing.national_id, "first_name": "A",
                                                   "last_name": "B", "language": "fi", "main_income": "other"})
    assert response.context["existing"] == existing
    assert f"/clients/{existing.pk}/" in response.content.decode()
    assert Client.objects.count() == 1


def test_coach_logs_a_meeting_and_plans_the_next(coach, login):
    client = ClientFactory(responsible_worker=coach)
    start = timezone.localtime() - timedelta(hours=1)
    response = login(coach).post(f"/clients/{client.pk}/meetings/log/", {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "kind": "in_person", "duration_minutes": 45,
        "notes": "Keskusteltiin", "next_steps": "Haetaan kurssille",
        "next_starts_at": (start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    })
    assert response.status_code == 302
    assert Meeting.objects.filter(client=client, status="held", notes="Keskusteltiin").exists()
    assert Meeting.objects.filter(client=client, status="planned").exists()


def test_clerk_sees_basic_data_but_no_meeting_notes(coach, make_user, login):
    client = ClientFactory(responsible_worker=coach, health_notes="Selkävaiva")
    MeetingFactory(client=client, notes="Luottamuksellinen muistiinpano")
    page = login(make_user(Role.OFFICE_CLERK)).get(client.get_absolute_url()).content.decode()
    assert client.last_name in page
    assert "Luottamuksellinen" not in page and "Selkävaiva" not in page


def test_invitation_letter_pdf_has_the_clients_name(coach, login):
    client = ClientFactory(responsible_worker=coach, first_name="Onerva", last_name="Kivimäki")
    http = login(coach)
    when = timezone.localtime() + timedelta(days=5)
    response = http.post(f"/clients/{client.pk}/invitations/new/", {
        "method": "letter", "starts_at": when.strftime("%Y-%m-%dT%H:%M"), "place": "TyöVarikko, Länsitie 5",
    })
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.meeting.status == "planned"
    pdf = http.get(f"/clients/{client.pk}/invitations/{invitation.pk}/letter.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Onerva Kivimäki" in text and "TyöVarikko" in text and "sivu 1/1" in text


def test_calendar_feed_lists_planned_meetings_and_rotation_kills_the_old_address(coach, login):
    client = ClientFactory(responsible_worker=coach)
    MeetingFactory(client=client, status="planned", starts_at=timezone.now() + timedelta(days=2))
    MeetingFactory(client=client, status="held")
    old_token = coach.calendar_token
    http = login(coach)
    feed = http.get(f"/clients/calendar/{old_token}.ics")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) == 1
    assert client.last_name not in feed.content.decode()  # initials only
    asked = http.post("/clients/meetings/calendar/rotate/")
    assert asked.status_code == 200 and "confirmed" in asked.content.decode()  # asked first: nothing changed yet
    assert http.get(f"/clients/calendar/{old_token}.ics").status_code == 200
    http.post("/clients/meetings/calendar/rotate/", {"confirmed": "1"})
    assert http.get(f"/clients/calendar/{old_token}.ics").status_code == 404


def test_calendar_feed_is_logged_per_person_as_its_owner(coach, client):
    people = [ClientFactory(responsible_worker=coach) for _ in range(2)]
    for person in people:
        MeetingFactory(client=person, status="planned", starts_at=timezone.now() + timedelta(days=2))
    assert client.get(f"/clients/calendar/{coach.calendar_token}.ics").status_code == 200  # no session
    rows = AccessLogEntry.objects.values_list("user_id", "client_id", "what")
    assert sorted(rows) == sorted((coach.pk, person.pk, "calendar feed") for person in people)


def test_the_administrator_rotates_a_workers_calendar_address(coach, make_user, login):
    old_token = coach.calendar_token
    admin = make_user(Role.ADMIN, is_staff=True)
    response = login(admin).post("/admin/core/user/", {"action": "rotate_calendar_tokens",
                                                        "_selected_action": [coach.pk]})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.calendar_token != old_token
    with pytest.raises(PermissionDenied):  # only the administrator changes another user's address
        calendar_token_rotate(actor=make_user(Role.SOCIAL_COUNSELLOR), user_ids=[coach.pk])


def test_login_is_locked_after_five_failures(make_user, client):
    make_user(Role.COACH, username="lukko")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "lukko", "password": "väärä"})
    response = client.post("/accounts/login/", {"username": "lukko", "password": "Salasana-123"})
    assert response.status_code == 429
    assert "15 minuutiksi" in response.content.decode()


def test_front_page_shows_my_meetings_this_week(coach, login):
    client = ClientFactory(responsible_worker=coach, last_name="Viikkolainen")
    MeetingFactory(client=client, status="planned", starts_at=timezone.now() + timedelta(minutes=30))
    page = login(coach).get("/").content.decode()
    assert "Viikkolainen" in page


def test_national_id_in_a_get_address_is_not_searched(coach, login):
    wanted = ClientFactory(responsible_worker=coach)
    ClientFactory(responsible_worker=coach)
    response = login(coach).get("/clients/", {"q": wanted.national_id})
    assert response.context["page"].paginator.count == 2  # the id in the address was ignored
    assert "lomakkeella" in response.content.decode()
