"""The data protection officer signs in with a password and an authenticator code, and makes a client's log extract."""

import re

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from joutsa_tyollisyys.roles import Role
from tests.browser.conftest import assert_accessible
from tests.factories import ClientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _code(user):
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():06d}"


def test_dpo_enrols_an_authenticator_and_makes_an_extract(page, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = True
    page.set_viewport_size({"width": 1366, "height": 768})
    coach = UserFactory(username="b_coach", role=Role.COACH, first_name="Sanna", last_name="Virtanen")
    dpo = UserFactory(username="b_dpo", role=Role.DATA_PROTECTION_OFFICER, first_name="Tiina", last_name="Tietosuoja")
    client = ClientFactory(responsible_worker=coach)
    from joutsa_tyollisyys.access_log import log_access

    log_access(user=coach, client=client, action="view", what="client page", path=client.get_absolute_url())

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill("b_dpo")
    page.get_by_label("Salasana").fill("Salasana-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("heading", name="Ota kaksivaiheinen kirjautuminen käyttöön").wait_for()
    assert_accessible(page)
    page.screenshot(path="/tmp/h9_2fa_setup_fi.png")
    page.get_by_label("Koodi").fill("123456" if _code(dpo) != "123456" else "654321")
    page.get_by_role("button", name="Vahvista").click()
    page.get_by_text("Koodi ei ole oikea").wait_for()
    page.wait_for_timeout(2500)  # the throttle after a wrong code
    page.get_by_label("Koodi").fill(_code(dpo))
    page.get_by_role("button", name="Vahvista").click()
    page.get_by_role("heading", name="Varakoodisi").wait_for()
    assert len(re.findall(r"\b[a-z2-7]{8}\b", page.get_by_test_id("recovery-codes").inner_text())) == 10
    page.get_by_role("link", name="Jatka").click()

    # the main navigation's link (the front page's panel has its own, "Tee asiakkaan lokiote")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Lokiote", exact=True).click()
    page.get_by_role("heading", name="Asiakkaan lokiote").wait_for()
    page.get_by_label("Asiakkaan henkilötunnus").fill(client.national_id)
    page.get_by_role("button", name="Näytä lokiote").click()
    table = page.locator("table")
    table.wait_for()
    assert "Sanna Virtanen" in table.inner_text()
    assert "Asiakkaan sivu" in table.inner_text()  # the log's code in words (access_log_words)
    assert "Tämä lokiote, ajanjakso" in table.inner_text()
    assert page.get_by_text("Lokin tiivisteketju tarkistettiin otetta tehtäessä: eheä").is_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/h9_extract_fi.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Lataa PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.context.add_cookies([{"name": "django_language", "value": "sv", "url": live_server.url}])
    page.goto(f"{live_server.url}/clients/access-log-extract/")
    page.get_by_role("heading", name="Loggutdrag för en klient").wait_for()
    page.get_by_label("Klientens personbeteckning").fill(client.national_id)
    page.get_by_role("button", name="Visa utdraget").click()
    page.locator("table").wait_for()
    assert "Klientens sida" in page.locator("table").inner_text()
    page.screenshot(path="/tmp/h9_extract_sv.png", full_page=True)
