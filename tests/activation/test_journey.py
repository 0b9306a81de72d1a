"""Coach: a client who meets the activation condition → why → draft a plan with rehabilitative work →
agree it → the PDF → the work queue no longer lists the client."""

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from activation.models import ActivationPlan
from joutsa_tyollisyys.demo import ensure_demo_users
from tests.activation.factories import FiguresFactory, IncomeSupportClientFactory
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI"}  # the UI language follows the browser's


def label(text):
    """The field labelled exactly ``text`` (crispy marks required fields with an asterisk and pads the label
    with white space, which Playwright does not trim for a pattern)."""
    return re.compile(r"^\s*" + re.escape(text) + r"\*?\s*$")


def test_coach_drafts_agrees_and_prints_an_activation_plan(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    coach = users["valmentaja"]
    client = IncomeSupportClientFactory(
        responsible_worker=coach, first_name="Ilmari", last_name="Kuusela", born=date(1979, 4, 2)
    )
    FiguresFactory(client=client, subsidy_days_total=512, checked_by=coach)
    other = IncomeSupportClientFactory(
        responsible_worker=coach, first_name="Oona", last_name="Odottaja", born=date(1985, 1, 1)
    )
    FiguresFactory(client=other, subsidy_days_total=700)

    log_in(page, "valmentaja")
    panel = page.get_by_role("region", name="Aktivointisuunnitelmat")
    panel.get_by_role("link", name="Ilmari Kuusela").click()
    page.get_by_role("heading", name="Ilmari Kuusela").wait_for()
    section = page.get_by_role("region", name="Aktivointisuunnitelma")
    section.get_by_text("Ehto täyttyy: työmarkkinatukea 512 päivää (raja 500)").wait_for()
    section.get_by_text("Aktivointisuunnitelma puuttuu").wait_for()
    assert_accessible(page)

    section.get_by_role("link", name="Laadi aktivointisuunnitelma").click()
    page.get_by_label(label("Työvoimaviranomaisen asiantuntija")).fill("Liisa Lahti")  # TE24 in force
    page.get_by_label(label("Tavoitteet")).fill("Arjen rytmi ja työelämävalmiudet.")
    page.get_by_label(label("Kuntouttavan työtoiminnan tavoite")).fill("Päivärytmi ja työkyvyn kartoitus.")
    row = page.get_by_role("group", name="Rivi 1")
    row.get_by_label(label("Palvelu")).select_option(label="Kuntouttava työtoiminta")
    row.get_by_label(label("Paikka")).fill("TyöVarikko, puutyöt")
    row.get_by_label(label("Tuntia päivässä")).fill("3")  # below the law's minimum: refused
    row.get_by_label(label("Päivää viikossa")).fill("3")
    row.get_by_label(label("Alkaa")).fill(timezone.localdate().isoformat())
    row.get_by_label(label("Kesto (kuukautta)")).fill("6")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna luonnos").click()
    page.get_by_text("Kuntouttavaa työtoimintaa on vähintään 4 ja enintään 8 tuntia päivässä.").wait_for()
    assert not ActivationPlan.objects.exists()
    assert_accessible(page)
    page.get_by_role("group", name="Rivi 1").get_by_label(label("Tuntia päivässä")).fill("4")
    page.get_by_role("button", name="Tallenna luonnos").click()
    page.get_by_text("Suunnitelma tallennettu luonnoksena.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Sovi suunnitelmasta").click()
    page.get_by_label("Asiakas on allekirjoittanut").check()
    page.get_by_label("Kunnan edustaja on allekirjoittanut").check()
    page.get_by_label("TE-toimisto / työvoimaviranomainen on allekirjoittanut").check()
    assert_accessible(page)
    page.get_by_role("button", name="Sovi suunnitelmasta").click()
    page.get_by_text("Suunnitelmasta on sovittu, ja se on voimassa.").wait_for()
    plan = ActivationPlan.objects.get()
    assert plan.status == "agreed" and plan.agreed_on == timezone.localdate()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Suunnitelma (PDF)").click()
    with open(download_info.value.path(), "rb") as f:
        text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages).split())
    assert "Aktivointisuunnitelma" in text and "Ilmari Kuusela" in text
    assert "Ehto täyttyy: työmarkkinatukea 512 päivää (raja 500)" in text
    assert "Kuntouttava työtoiminta" in text and "TyöVarikko, puutyöt 4,0 3" in text
    assert "Kuntouttavan työtoiminnan tavoite Päivärytmi ja työkyvyn kartoitus." in text and "(380/2023)" in text

    page.get_by_role("link", name="Aktivointi", exact=True).click()
    page.get_by_role("heading", name="Aktivointisuunnitelma puuttuu").wait_for()
    assert_accessible(page)
    queue = page.get_by_role("table")
    queue.get_by_role("link", name="Odottaja Oona").wait_for()
    assert queue.get_by_role("link", name="Kuusela Ilmari").count() == 0
