"""Coach: the client page's texts → the client's texts page (statuses in words) → cancel a queued text → record the
client's refusal of texts on the client form → no text is queued for them any more."""

import pytest
from django.core.exceptions import ValidationError

from joutsa_tyollisyys.demo import ensure_demo_users
from messaging import services
from messaging.models import TextMessage
from tests.browser.conftest import assert_accessible
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coach_follows_and_cancels_texts_and_records_a_refusal(page, live_server, log_in):
    users = ensure_demo_users()
    coach = users["valmentaja"]
    client = ClientFactory(responsible_worker=coach, first_name="Ilmari", last_name="Kuusela", phone="0401234567")
    queued = services.queue_text_message(actor=coach, client=client, body="Soitamme teille ensi viikolla.",
                                         purpose="other", key="journey-1")
    failed = services.queue_text_message(actor=coach, client=client, body="Tervetuloa tapaamiseen.",
                                         purpose="invitation", key="journey-2")
    TextMessage.objects.filter(pk=failed.pk).update(status="failed", error="Undelivered: absent subscriber")
    TextMessage.objects.filter(pk=queued.pk).update(status="queued")  # sent at once (eager): waiting, as with Redis

    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("heading", name="Tekstiviestit").wait_for()
    page.get_by_role("link", name="Kaikki asiakkaan tekstiviestit").click()
    page.get_by_role("heading", name="Tekstiviestit: Ilmari Kuusela").wait_for()
    assert page.get_by_text("Välityspalvelu ei saanut viestiä perille").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Peruuta").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Perutaanko tämä tekstiviesti? Sitä ei lähetetä.").wait_for()  # asked first
    dialog.get_by_role("button", name="Kyllä, peru tekstiviesti").click()
    page.get_by_text("Tekstiviesti peruttiin: sitä ei lähetetä.").wait_for()
    queued.refresh_from_db()
    assert queued.status == "cancelled"
    assert page.locator(f"#text-message-{queued.pk}").get_by_text("Peruttu").is_visible()

    page.get_by_role("link", name="Takaisin asiakkaan sivulle").click()
    page.get_by_role("link", name="Muokkaa").click()
    page.get_by_label("Kieltäytyy tekstiviesteistä").check()
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Asiakastiedot tallennettu.").wait_for()
    assert page.get_by_text("Asiakas on kieltäytynyt tekstiviesteistä").is_visible()
    page.screenshot(path="/tmp/h6_text_messages_refused.png", full_page=True)
    client.refresh_from_db()
    assert client.text_messages_refused and client.text_messages_refused_by == coach
    with pytest.raises(ValidationError):
        services.queue_text_message(actor=coach, client=client, body="Hei", purpose="other", key="journey-3")
