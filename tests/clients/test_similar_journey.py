"""Issue 19, item 8, from the coach's seat: a near-duplicate is warned about with the possible match; the second
save creates the client."""

import os
from datetime import date

import pytest

from clients import national_id as nid
from clients.models import Client
from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR")


def test_coach_is_warned_of_a_similar_client_before_creating(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    match = ClientFactory(national_id=nid.build(date(1975, 3, 1), 950), first_name="Maija", last_name="Meikäläinen",
                          responsible_worker=users["valmentaja"])
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("Henkilötunnus").fill(nid.build(date(1975, 3, 1), 951))
    page.get_by_label("Etunimet").fill("Matti")
    page.get_by_label("Sukunimi").fill("Virtanen")
    page.get_by_role("button", name="Tallenna").click()

    warning = page.locator("#similar-clients")
    assert "Samankaltainen asiakas on jo olemassa" in warning.inner_text()
    assert warning.get_by_role("link", name="Maija Meikäläinen").get_attribute("href") == f"/clients/{match.pk}/"
    assert "010375-****" in warning.inner_text()
    assert Client.objects.count() == 1
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/similar_fi.png", full_page=True)

    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(lambda url: "/clients/new/" not in url)
    assert Client.objects.count() == 2
    assert "Matti Virtanen" in page.locator("h1").inner_text()
