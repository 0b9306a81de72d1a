"""Coach: log in → find a client by national id → log a meeting → plan the next → invitation PDF."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from clients.models import Meeting
from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coach_finds_client_logs_meeting_and_prints_invitation(page, live_server, log_in):
    users = ensure_demo_users()
    client = ClientFactory(responsible_worker=users["valmentaja"], first_name="Ilmari", last_name="Kuusela")
    ClientFactory(responsible_worker=users["valmentaja"], last_name="Muu")

    log_in(page, "valmentaja")
    assert_accessible(page)
    page.get_by_role("link", name="Asiakkaat").first.click()
    page.get_by_label("Nimi tai henkilötunnus").fill(client.national_id)
    page.get_by_role("button", name="Hae").click()
    assert_accessible(page)
    page.get_by_role("link", name="Kuusela Ilmari").click()
    page.get_by_role("heading", name="Ilmari Kuusela").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Kirjaa tapaaminen").click()
    page.get_by_label("Muistiinpanot (luottamuksellinen)").fill("Keskusteltiin kuntouttavasta työtoiminnasta.")
    page.get_by_label("Sovitut jatkotoimet").fill("Tutustuminen TyöVarikkoon.")
    next_time = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Seuraava tapaaminen", exact=True).fill(next_time.strftime("%Y-%m-%dT10:00"))
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Tapaaminen kirjattu.").wait_for()
    assert Meeting.objects.filter(client=client, status="held").count() == 1
    assert Meeting.objects.filter(client=client, status="planned").count() == 1

    page.get_by_role("link", name="Kutsu", exact=True).click()
    page.get_by_label("Kirje").check()
    page.get_by_label("Tapaamisen aika").fill((next_time + timedelta(days=7)).strftime("%Y-%m-%dT13:00"))
    page.get_by_label("Paikka").fill("TyöVarikko, Länsitie 5")
    page.get_by_role("button", name="Tallenna").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Kutsukirje (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Ilmari Kuusela" in text
    assert_accessible(page)
