"""Clerk uploads Kela's list with two bad rows → sees the row-numbered report → uploads the fixed file →
the progress bar finishes → the review lists the persons; the social counsellor names responsible
workers (one inline, the rest in bulk) → "with a responsible worker" reaches 100 %."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clients.models import Client
from joutsa_tyollisyys.demo import ensure_demo_users
from payment_share.models import PaymentShareEntry
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI"}


def test_clerk_imports_the_list_and_the_review_names_responsible_workers(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()

    log_in(page, "toimisto")
    page.get_by_role("link", name="Maksuosuuslista").first.click()
    page.get_by_text("Yhtään listaa ei ole vielä tuotu.").wait_for()
    page.get_by_role("link", name="Tuo lista").click()
    page.get_by_role("heading", name="Tuo maksuosuuslista").wait_for()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^\s*Tiedosto\W*$")).set_input_files(str(DATA / "journey_two_bad_rows.csv"))
    page.get_by_role("button", name="Tarkista ja tuo").click()
    page.get_by_role("heading", name="Tiedostossa on virheitä: mitään ei tuotu").wait_for()
    report = page.get_by_role("table", name="Tiedoston virheet")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(report.locator("tbody tr").nth(0).locator("td").first).to_have_text("3")
    expect(report.locator("tbody tr").nth(1).locator("td").first).to_have_text("6")
    expect(report).to_contain_text("negatiivinen")
    assert not PaymentShareEntry.objects.exists() and not Client.objects.exists()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^\s*Tiedosto\W*$")).set_input_files(str(DATA / "journey_fixed.csv"))
    page.get_by_role("button", name="Tarkista ja tuo").click()
    progress = page.get_by_label("Tuonnin eteneminen")
    expect(progress).to_have_attribute("value", "100")
    page.get_by_text("6 henkilöä tuotu.").wait_for()
    expect(page.get_by_role("status")).to_contain_text(
        "Uudet asiakastiedot (listalta, ei vielä tavoitettu): 6"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Siirry kuukausittaiseen läpikäyntiin").click()
    page.get_by_role("heading", name="Maksuosuuslista: 9/2024").wait_for()
    table = page.get_by_role("table", name="Maksuosuuslistan 9/2024 henkilöt")
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table).to_contain_text("Mäkinen Päivi")
    expect(table).to_contain_text("061165-****")
    expect(page.locator("#figure-with-worker")).to_have_text("0 %")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "sosiaaliohjaaja")
    page.get_by_role("link", name="Maksuosuuslista").first.click()
    page.get_by_role("heading", name="Maksuosuuslista: 9/2024").wait_for()
    assert_accessible(page)

    # On a 1366 px office screen the row's selects are wide enough to read a worker's name.
    page.set_viewport_size({"width": 1366, "height": 768})
    row = page.locator("tr", has=page.get_by_role("link", name="Mäkinen Päivi"))
    for label in ("Vastuutyöntekijä henkilölle Päivi Mäkinen", "Yhteydenottaja henkilölle Päivi Mäkinen"):
        assert row.get_by_label(label).bounding_box()["width"] >= 150, label
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # the table scrolls, not the page

    # One inline (htmx): the row is replaced and the figures refresh without reloading the page.
    row.get_by_label("Vastuutyöntekijä henkilölle Päivi Mäkinen").select_option(label="Sanna Virtanen")
    row.get_by_role("button", name="Nimeä").click()
    expect(page.locator("tr", has=page.get_by_role("link", name="Mäkinen Päivi"))).to_contain_text(
        "Sanna Virtanen"
    )
    expect(page.locator("#figure-with-worker")).to_have_text("16 %")

    # The rest in bulk: choose all on the page, the worker and the task, one click.
    page.get_by_label("Valitse kaikki tältä sivulta").check()
    page.get_by_label("Työntekijä", exact=True).select_option(label="Mikko Laine")
    page.get_by_label("Tehtävä").select_option(label="Nimeä vastuutyöntekijäksi")
    page.get_by_role("button", name="Nimeä valituille").click()
    page.get_by_text("Vastuutyöntekijä nimetty 5 henkilölle. 1 henkilöllä oli jo vastuutyöntekijä").wait_for()
    expect(page.locator("#figure-with-worker")).to_have_text("100 %")
    assert_accessible(page)

    page.get_by_role("link", name="Kehitys neljännesvuosittain").click()
    page.get_by_role("heading", name="Maksuosuus: kehitys neljännesvuosittain").wait_for()
    expect(page.get_by_role("table", name="Kuntaosuus neljännesvuosittain")).to_contain_text("3/2024")
    expect(page.get_by_role("img")).to_have_attribute("src", "/payment-share/trend/chart.svg")
    assert_accessible(page)

    workers = dict(Client.objects.values_list("last_name", "responsible_worker__username"))
    assert workers.pop("Mäkinen") == "valmentaja" and set(workers.values()) == {"valmentaja2"}
    assert users["sosiaaliohjaaja"].notifications.filter(message__contains="9/2024").exists()
