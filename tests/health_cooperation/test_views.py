from datetime import timedelta

import pytest
from django.utils import timezone

from health_cooperation import selectors, services
from health_cooperation.models import HealthCheckReferral, HealthCooperationSettings, SoteBooking
from joutsa_tyollisyys.models import AccessLogEntry
from tests.factories import ClientFactory
from tests.health_cooperation.factories import (
    BookingFactory,
    GuidedReferralFactory,
    HealthCheckFactory,
    HealthConsentFactory,
    NextStepFactory,
    SlotFactory,
    SoteMeetingFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _long_term(coach, **kwargs):
    return ClientFactory(responsible_worker=coach, unemployed_since=TODAY() - timedelta(days=500), **kwargs)


def _done_check(client, coach, days_ago):
    return HealthCheckFactory(
        client=client,
        referred_by=coach,
        status="done",
        work_capacity="able",
        referred_on=TODAY() - timedelta(days=days_ago + 10),
        checked_on=TODAY() - timedelta(days=days_ago),
    )


# --- consent refusal in the UI --------------------------------------------------------------------------


def test_form_without_consent_says_so_in_finnish_and_links_to_the_consent(
    coach, login, client_without_consent
):
    http = login(coach)
    page = http.get(f"/health/clients/{client_without_consent.pk}/checks/new/").content.decode()
    assert "suostumus" in page
    assert f"/clients/{client_without_consent.pk}/consents/new/" in page
    response = http.post(
        f"/health/clients/{client_without_consent.pk}/checks/new/", {"referred_on": TODAY().isoformat()}
    )
    assert response.status_code == 200
    assert f"/clients/{client_without_consent.pk}/consents/new/" in response.content.decode()
    assert not HealthCheckReferral.objects.exists()


def test_consultation_without_permission_shows_the_error_beside_the_field(coach, login, consenting_client):
    slot = SlotFactory(kind="consultation")
    response = login(coach).post(
        f"/health/clients/{consenting_client.pk}/sote/book/", {"slot": slot.pk, "topic": "Työkyvyn arvio"}
    )
    assert response.status_code == 200
    assert "lupa" in response.context["form"].errors["client_permission_on"][0]
    assert not SoteBooking.objects.exists()


def test_booking_form_offers_only_free_coming_slots(coach, login, consenting_client):
    free = SlotFactory()
    taken = SlotFactory(meeting=free.meeting)
    BookingFactory(slot=taken, client=ClientFactory(responsible_worker=coach))
    SlotFactory(meeting=SoteMeetingFactory(date=TODAY() - timedelta(days=7)))
    form = login(coach).get(f"/health/clients/{consenting_client.pk}/sote/book/").context["form"]
    assert list(form.fields["slot"].queryset) == [free]


def test_stale_outcome_form_is_refused_beside_the_form(coach, login, consenting_client):
    referral = HealthCheckFactory(client=consenting_client, referred_by=coach)
    services.health_check_update_forms(
        actor=coach, referral_id=referral.pk, expected_version=1, referral_form_sent_on=TODAY()
    )
    response = login(coach).post(
        f"/health/checks/{referral.pk}/outcome/",
        {
            "checked_on": TODAY().isoformat(),
            "work_capacity": "able",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    referral.refresh_from_db()
    assert referral.status == "referred"


# --- who sees health data -------------------------------------------------------------------------------


def test_the_client_page_says_when_the_last_check_was(coach, login, consenting_client):
    _done_check(consenting_client, coach, days_ago=40)
    step = NextStepFactory(
        booking=BookingFactory(client=consenting_client, brought_by=coach), description="Varaa fysioterapia"
    )
    page = login(coach).get(consenting_client.get_absolute_url()).content.decode()
    assert (TODAY() - timedelta(days=40)).strftime("%d.%m.%Y") in page
    assert step.description in page
    # The client page (health section included) is one read: exactly one access-log row.
    assert AccessLogEntry.objects.filter(client_id=consenting_client.pk).count() == 1


def test_the_clerk_sees_no_health_data_on_the_client_page(coach, clerk, login, consenting_client):
    _done_check(consenting_client, coach, days_ago=40)
    NextStepFactory(
        booking=BookingFactory(client=consenting_client, brought_by=coach), description="Varaa fysioterapia"
    )
    page = login(clerk).get(consenting_client.get_absolute_url()).content.decode()
    assert consenting_client.last_name in page
    assert "Varaa fysioterapia" not in page
    assert (TODAY() - timedelta(days=40)).strftime("%d.%m.%Y") not in page
    assert "/health/clients/" not in page
    assert login(clerk).get(f"/health/clients/{consenting_client.pk}/").status_code == 403


def test_sote_page_names_only_the_users_own_clients(coach, make_user, login, consenting_client):
    other = make_user(username="toinen")
    booking = BookingFactory(client=consenting_client, brought_by=coach)
    assert consenting_client.last_name in login(coach).get("/health/sote/").content.decode()
    page = login(other).get("/health/sote/").content.decode()
    assert consenting_client.last_name not in page
    assert f"/health/bookings/{booking.pk}/" not in page


def test_every_health_page_is_access_logged(coach, login, consenting_client):
    booking = BookingFactory(client=consenting_client, brought_by=coach)
    investigation = services.pension_investigation_open(
        actor=coach, client_id=consenting_client.pk, opened_on=TODAY()
    )
    http = login(coach)
    for url, what in [
        (f"/health/clients/{consenting_client.pk}/", "health and sote cooperation"),
        (f"/health/bookings/{booking.pk}/", "sote team case"),
        (f"/health/pension/{investigation.pk}/", "pension investigation"),
        (f"/health/clients/{consenting_client.pk}/checks/new/", "health check referral form"),
    ]:
        before = AccessLogEntry.objects.count()
        assert http.get(url).status_code == 200
        assert AccessLogEntry.objects.filter(client_id=consenting_client.pk, what=what).exists()
        assert AccessLogEntry.objects.count() == before + 1


# --- lists ----------------------------------------------------------------------------------------------


def test_checks_due_lists_long_term_unemployed_without_a_recent_check(coach, login):
    never = _long_term(coach, last_name="Eikoskaan")
    old = _long_term(coach, last_name="Vanha")
    _done_check(old, coach, days_ago=400)
    recent = _long_term(coach, last_name="Tuore")
    _done_check(recent, coach, days_ago=100)
    ClientFactory(responsible_worker=coach, unemployed_since=TODAY() - timedelta(days=200), last_name="Lyhyt")
    http = login(coach)
    assert set(http.get("/health/checks/due/").context["page"]) == {never, old}
    # N is an admin setting (12 by default) and a query parameter overrides it.
    assert set(http.get("/health/checks/due/", {"months": 3}).context["page"]) == {never, old, recent}
    settings = HealthCooperationSettings.load()
    settings.health_check_interval_months = 3
    settings.save()
    assert set(http.get("/health/checks/due/").context["page"]) == {never, old, recent}


def test_checks_due_shows_consent_and_open_referral(coach, login):
    client = _long_term(coach)
    HealthConsentFactory(client=client)
    HealthCheckFactory(client=client, referred_by=coach)
    row = login(coach).get("/health/checks/due/").context["page"][0]
    assert row.has_consent and row.open_referral == TODAY() - timedelta(days=10)


def test_checks_due_is_scoped_to_the_users_clients(coach, make_user, login):
    _long_term(coach)
    other = make_user(username="toinen")
    assert list(login(other).get("/health/checks/due/").context["page"]) == []


def test_front_page_lists_open_pension_investigations_and_next_steps(coach, login, consenting_client):
    investigation = services.pension_investigation_open(
        actor=coach, client_id=consenting_client.pk, opened_on=TODAY()
    )
    NextStepFactory(
        booking=BookingFactory(client=consenting_client, brought_by=coach), description="Soita Kelaan"
    )
    page = login(coach).get("/").content.decode()
    assert f"/health/pension/{investigation.pk}/" in page
    assert "Soita Kelaan" in page


# --- query bounds ---------------------------------------------------------------------------------------


def _busy_client(coach, n=8):
    client = _long_term(coach)
    HealthConsentFactory(client=client)
    for i in range(n):
        _done_check(client, coach, days_ago=30 + i * 200)
        GuidedReferralFactory(client=client, sent_by=coach)
        booking = BookingFactory(client=client, brought_by=coach, slot=SlotFactory())
        NextStepFactory(booking=booking)
        NextStepFactory(booking=booking, status="done", done_on=TODAY(), done_by=coach)
    investigation = services.pension_investigation_open(actor=coach, client_id=client.pk, opened_on=TODAY())
    return client, booking, investigation


@pytest.mark.parametrize("n", [2, 8])
def test_pages_have_bounded_queries(coach, login, django_assert_max_num_queries, n):
    client, booking, investigation = _busy_client(coach, n)
    for _ in range(n * 3):
        _long_term(coach)
    http = login(coach)
    for url, limit in [
        (f"/health/clients/{client.pk}/", 20),
        (f"/health/bookings/{booking.pk}/", 14),
        (f"/health/pension/{investigation.pk}/", 14),
        ("/health/checks/due/", 15),
        ("/health/sote/", 15),
        ("/health/", 16),
        (client.get_absolute_url(), 15),  # the whole client page with this app's section
        ("/", 8),
    ]:
        http.get(url)
        with django_assert_max_num_queries(limit):
            assert http.get(url).status_code == 200


# --- report selectors -----------------------------------------------------------------------------------


def test_report_figures_for_a_period(coach, consenting_client):
    day = TODAY()
    _done_check(consenting_client, coach, days_ago=5)
    HealthCheckFactory(
        client=ClientFactory(responsible_worker=coach),
        referred_by=coach,
        status="done",
        work_capacity="reduced",
        referred_on=day - timedelta(days=50),
        checked_on=day - timedelta(40),
    )
    assert selectors.health_checks_done(day - timedelta(days=10), day) == {
        "total": 1,
        "by_work_capacity": {"able": 1},
    }
    assert selectors.health_checks_done(day - timedelta(days=60), day)["total"] == 2
    GuidedReferralFactory(client=consenting_client, sent_by=coach, sent_on=day - timedelta(days=20))
    GuidedReferralFactory(
        client=consenting_client,
        sent_by=coach,
        target="mental_health",
        sent_on=day - timedelta(days=20),
        status="done",
        received_on=day - timedelta(days=15),
        done_on=day - timedelta(days=10),
    )
    GuidedReferralFactory(
        client=consenting_client,
        sent_by=coach,
        target="kela_rehabilitation",
        status="stopped",
        sent_on=day - timedelta(days=20),
        stopped_on=day - timedelta(days=12),
    )
    then = selectors.open_referrals(day - timedelta(days=14))
    assert then["guided_by_target"] == {"social_counsellor": 1, "mental_health": 1, "kela_rehabilitation": 1}
    now = selectors.open_referrals(day)
    assert now["guided_total"] == 1 and now["guided_by_target"] == {"social_counsellor": 1}
    assert now["health_checks"] == 0


def test_the_admin_maintains_examination_types_and_the_schedule_but_sees_no_health_data(make_user, login):
    from joutsa_tyollisyys.roles import Role

    admin = make_user(Role.ADMIN, username="paakayttaja", is_staff=True)
    http = login(admin)
    for url in (
        "/admin/health_cooperation/examinationtype/",
        "/admin/health_cooperation/soteteamschedule/add/",
        "/admin/health_cooperation/healthcooperationsettings/",
    ):
        assert http.get(url).status_code == 200, url
    assert "EKG" in http.get("/admin/health_cooperation/examinationtype/").content.decode()
    assert http.get("/admin/health_cooperation/healthcheckreferral/").status_code == 404
    assert http.get("/health/checks/due/").status_code == 403
