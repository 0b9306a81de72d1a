"""Coach: consent → health check referral and outcome → sote-team consultation → next steps → pension
investigation checklist; the client page shows the last check and the open next steps. The office clerk
reaches none of it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from health_cooperation.models import (
    HealthCheckReferral,
    PensionExamination,
    SoteBooking,
    SoteNextStep,
    SoteSlot,
)
from joutsa_tyollisyys.demo import ensure_demo_users
from joutsa_tyollisyys.models import AccessLogEntry
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401  (the log_in fixture)
from tests.factories import ClientFactory
from tests.health_cooperation.factories import ScheduleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _exact(label):
    """A form label as crispy renders it (a required field's label ends in an asterisk)."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def _next_weekday_meeting_schedule():
    today = timezone.localdate()
    day = next(today + timedelta(days=n) for n in range(1, 8) if (today + timedelta(days=n)).weekday() < 5)
    return ScheduleFactory(weekday=day.weekday(), first_on=day, meetings_ahead=3)


def test_coach_consent_health_check_sote_consultation_and_pension_checklist(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    client = ClientFactory(
        responsible_worker=users["valmentaja"],
        first_name="Kalevi",
        last_name="Koivisto",
        unemployed_since=timezone.localdate() - timedelta(days=700),
    )
    _next_weekday_meeting_schedule()
    today = timezone.localdate().isoformat()

    log_in(page, "valmentaja")
    page.get_by_role("link", name="Terveys ja sote").click()
    page.get_by_role("heading", name="Terveys- ja sote-yhteistyö").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Sote-tiimin kokoukset").click()
    page.get_by_role("button", name="Luo tulevat kokoukset").click()
    page.get_by_text("3 uutta kokousta luotu.").wait_for()
    assert_accessible(page)

    # The client page refuses health work without a consent and links to record one.
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    section = page.locator("#health")
    section.get_by_text("Asiakkaalla ei ole voimassa olevaa suostumusta").wait_for()
    assert_accessible(page)
    section.get_by_role("link", name="Kirjaa suostumus").click()
    page.get_by_label("Käyttötarkoitus").select_option(label="Tietojen luovutus terveyspalveluille")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("link", name="Avaa terveys- ja sote-yhteistyö").click()

    # Refer to the unemployed health check with the TE referral form, then record the outcome.
    page.get_by_role("link", name="Ohjaa terveystarkastukseen").click()
    page.get_by_label("TE-palvelujen lähetelomake lähetetty").fill(today)
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Lähete terveystarkastukseen kirjattu.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Kirjaa tulos").click()
    page.get_by_label("Tarkastus tehty").fill(today)
    page.get_by_label(_exact("Työkyky")).select_option(label="Osittainen työkyky")
    page.get_by_label("Työkykyä koskeva merkintä (luottamuksellinen)").fill("Ei raskaita nostoja.")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Terveystarkastuksen tulos kirjattu.").wait_for()
    check = HealthCheckReferral.objects.get(client=client)
    assert (check.status, check.work_capacity, check.consent is not None) == ("done", "reduced", True)

    # Book a consultation in the next sote-team meeting: refused without the client's permission.
    slot = SoteSlot.objects.filter(kind="consultation").order_by("starts_at").first()
    page.get_by_role("link", name="Varaa aika sote-tiimistä").click()
    page.get_by_label(_exact("Aika")).select_option(value=str(slot.pk))
    page.get_by_label("Mitä tiimissä käsitellään").fill("Selkäkivut ja työkyky: mitä tutkimuksia tarvitaan?")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Konsultaatioon tarvitaan asiakkaan lupa").wait_for()
    assert not SoteBooking.objects.exists()
    assert_accessible(page)
    page.get_by_label("Asiakkaan lupa annettu").fill(today)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Aika varattu.").wait_for()

    # The worker who brought the case records next steps and marks one done.
    page.get_by_role("link", name=timezone.localtime(slot.starts_at).strftime("%d.%m.%Y %H:%M")).click()
    for description in ("Laboratoriolähete terveyskeskukseen", "Fysioterapeutin arvio"):
        page.get_by_label(_exact("Jatkotoimi")).fill(description)
        page.get_by_role("button", name="Lisää jatkotoimi").click()
        page.get_by_text("Jatkotoimi kirjattu.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Merkitse tehdyksi.*Laboratoriolähete")).click()
    page.get_by_text("Jatkotoimi merkitty tehdyksi.").wait_for()
    assert list(SoteNextStep.objects.order_by("id").values_list("status", flat=True)) == ["done", "open"]

    # The client page shows the last check and the open next steps.
    page.get_by_role("link", name="Kalevi Koivisto").click()
    section = page.locator("#health")
    assert timezone.localdate().strftime("%d.%m.%Y") in section.inner_text()
    assert "Fysioterapeutin arvio" in section.inner_text()
    assert "Laboratoriolähete terveyskeskukseen" not in section.inner_text()
    assert_accessible(page)

    # Pension investigation: the checklist of basic examinations.
    section.get_by_role("link", name="Avaa terveys- ja sote-yhteistyö").click()
    page.get_by_role("link", name="Aloita eläkeselvittely").click()
    page.get_by_label("Yhteyshenkilö terveyskeskuksessa").fill("Palveluohjaaja Laakso")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("heading", name="Eläkeselvittely: Kalevi Koivisto").wait_for()
    total = PensionExamination.objects.count()
    assert total >= 10
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Muokkaa\W*EKG")).click()
    page.get_by_label(_exact("Tila")).select_option(label="Tehty")
    page.get_by_label(_exact("Tehty")).fill(today)
    page.get_by_label("Vastuuhenkilö").fill("Terveydenhoitaja")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Tutkimus tallennettu.").wait_for()
    page.get_by_text(f"1/{total} tutkimusta selvitetty").wait_for()

    # The coach's front page lists the open investigation.
    page.get_by_role("link", name="Oma työpöytä").click()
    page.locator("#panel-pension_investigations").wait_for()
    assert (
        "Koivisto Kalevi"
        in page.locator(".card", has=page.locator("#panel-pension_investigations")).inner_text()
    )
    assert_accessible(page)
    assert AccessLogEntry.objects.filter(client_id=client.pk, what="pension investigation").exists()

    # The office clerk reaches none of the health pages and sees no health data on the client page.
    page.context.clear_cookies()
    log_in(page, "toimisto")
    for path in (
        f"/health/clients/{client.pk}/",
        f"/health/clients/{client.pk}/checks/new/",
        f"/health/bookings/{SoteBooking.objects.get().pk}/",
        "/health/",
        "/health/checks/due/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("heading", name="Kalevi Koivisto").wait_for()
    assert page.locator("#health").count() == 0
    assert "Fysioterapeutin arvio" not in page.content()
    assert_accessible(page)
