"""The coach creates a group with a weekly schedule → adds two participants → records a session's
attendance → issues a competence certificate and downloads the Finnish PDF (parsed)."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401
from tests.factories import ClientFactory
from tests.rehab_work.factories import PlacementFactory
from workshop.models import Group, SessionAttendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEKDAYS = ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI", "accept_downloads": True}


def test_coach_runs_a_group_and_certifies_competence(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    coach = users["valmentaja"]
    veera = ClientFactory(responsible_worker=coach, first_name="Veera", last_name="Lahtinen")
    olli = ClientFactory(responsible_worker=coach, first_name="Olli", last_name="Mattila")
    PlacementFactory(name="TyöVarikko", kind="tyovarikko", capacity=16)
    today = timezone.localdate()
    first = today - timedelta(days=7)

    log_in(page, "valmentaja")
    page.get_by_role("link", name="Työpaja").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Uusi ryhmä").click()
    page.get_by_label("Nimi").fill("Voimavararyhmä")
    page.get_by_label("Työtoimintapaikka").select_option(label="TyöVarikko")
    page.get_by_label(WEEKDAYS[first.weekday()], exact=True).check()
    page.get_by_label("Alkaa klo").fill("09:30")
    page.get_by_label("Ensimmäinen kokoontuminen").fill(first.isoformat())
    page.get_by_label("Viimeinen kokoontuminen").fill((first + timedelta(weeks=9)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Ryhmä perustettu ja kokoontumiset aikataulutettu.").wait_for()
    assert_accessible(page)
    assert Group.objects.get().sessions.count() == 10

    for client in (veera, olli):
        page.get_by_role("link", name="Lisää osallistuja").click()
        page.get_by_label("Asiakas").select_option(label=str(client))
        page.get_by_label("Liittyi").fill(first.isoformat())
        page.get_by_role("button", name="Tallenna").click()
        page.get_by_text("Osallistuja lisätty.").wait_for()
    assert page.get_by_text("Veera Lahtinen").count() and page.get_by_text("Olli Mattila").count()

    # Last week's session: Veera present, Olli absent.
    page.get_by_role("link", name=re.compile(rf"{first.day:02d}\.{first.month:02d}\.{first.year}")).click()
    assert_accessible(page)
    page.get_by_role("group", name="Veera Lahtinen").get_by_label("Läsnä").check()
    page.get_by_role("group", name="Olli Mattila").get_by_label("Poissa").check()
    page.get_by_role("button", name="Tallenna läsnäolot").click()
    page.get_by_text("Läsnäolot tallennettu.").wait_for()
    marks = dict(SessionAttendance.objects.values_list("client__first_name", "presence"))
    assert marks == {"Veera": "present", "Olli": "absent"}

    # Today's session is on the coach's front page.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("Voimavararyhmä")).first.wait_for()

    # The competence certificate from Veera's page.
    page.goto(f"{live_server.url}{veera.get_absolute_url()}")
    page.get_by_role("link", name="Kirjoita osaamistodistus").click()
    assert_accessible(page)
    page.get_by_role("combobox", name="Tutkinto").select_option(label="Puuteollisuuden perustutkinto")
    areas = ["Puutuotteiden valmistaminen", "Pintakäsittely puusepänteollisuudessa"]
    for area in areas:
        page.get_by_label(f"{area} (Puuteollisuuden perustutkinto)").check()
    page.get_by_label("Työtoimintapaikka").select_option(label="TyöVarikko")
    page.get_by_label("Työskentely alkaen").fill(first.isoformat())
    page.get_by_label("Työskentely asti").fill(today.isoformat())
    page.get_by_label("Tehty työ ja osoitettu osaaminen").fill("Kunnosti huonekaluja itsenäisesti.")
    page.get_by_label("Allekirjoittajan nimike").fill("Vastaava työ- ja yksilövalmentaja")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Osaamistodistus kirjoitettu.").wait_for()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Osaamistodistus: Puuteollisuuden perustutkinto")).click()
    reader = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Osaamistodistus" in text and "Veera Lahtinen" in text
    assert all(area in text for area in areas)
    assert "Vastaava työ- ja yksilövalmentaja" in text and coach.get_full_name() in text
