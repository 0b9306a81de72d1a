"""From the login page's footer to the accessibility statement, feedback sent without signing in."""

import pytest

from joutsa_tyollisyys.models import AccessibilityFeedback
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_anyone_reads_the_statement_and_sends_feedback(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Saavutettavuusseloste").click()
    page.get_by_role("heading", name="Saavutettavuusseloste", level=1).wait_for()
    assert page.get_by_text("Palvelu täyttää osittain WCAG 2.1 -tason AA vaatimukset").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Lähetä palaute").click()
    page.get_by_text("Tämä kenttä vaaditaan").wait_for()  # after the form has come back
    page.get_by_label("Palautteesi").fill("Raportin kaavioita ei voi lukea ruudunlukijalla.")
    page.get_by_role("button", name="Lähetä palaute").click()
    page.get_by_text("Kiitos. Palautteesi lähetettiin").wait_for()
    assert AccessibilityFeedback.objects.get().message.startswith("Raportin kaavioita")
    page.get_by_role("button", name="På svenska").click()
    page.get_by_role("heading", name="Tillgänglighetsutlåtande", level=1).wait_for()
    page.screenshot(path="/tmp/lead_accessibility_sv.png", full_page=True)
