"""Office clerk: notice → supervisors' meeting → wage-subsidy application → decision → contract (PDF)
→ the claim schedule with its deadlines → the first claim computed, its summary PDF checked, sent."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from joutsa_tyollisyys.demo import ensure_demo_users
from obligation_employment import rules
from obligation_employment.enums import CaseStatus, ClaimStatus
from obligation_employment.models import ObligationCase, WageSubsidyRate
from tests.browser.conftest import (
    assert_accessible,
    log_in,  # noqa: F401  (the fixture)
)
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Finnish browser: LocaleMiddleware follows Accept-Language, and Chromium's default is English."""
    return {**browser_context_args, "locale": "fi-FI"}


def _pdf_text(download):
    with open(download.path(), "rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _iso(day):
    return day.strftime("%Y-%m-%d")


def _save(page):
    page.get_by_role("button", name="Tallenna").click()


def test_clerk_takes_an_obligation_case_from_notice_to_the_first_claim(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    # Transactional tests empty the tables, the migration's seed rows included: put the 70 % rate back.
    WageSubsidyRate.objects.get_or_create(
        category="70", valid_from=date(2023, 7, 1), defaults={"percent": 70}
    )
    today = timezone.localdate()
    client = ClientFactory(
        born=date(today.year - 58, 1, 10),
        first_name="Raimo",
        last_name="Lehtola",
        responsible_worker=users["valmentaja"],
    )
    start = rules.month_start(today, -2)  # the subsidy started two months ago: the first claim can be sent
    notice = start - timedelta(days=70)

    log_in(page, "toimisto")
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Kirjaa työllistämisilmoitus").click()
    page.get_by_role("heading", name="Kirjaa työllistämisilmoitus").wait_for()
    assert_accessible(page)
    page.get_by_label("Työllistämisilmoituksen päivämäärä").fill(_iso(notice))
    page.get_by_label("Ansiopäiväraha päättyy").fill(_iso(notice + timedelta(days=60)))
    _save(page)
    page.get_by_text("Työllistämisilmoitus kirjattu.").wait_for()
    page.get_by_text("Työllistämisvelvoite koskee asiakasta").wait_for()
    assert_accessible(page)
    case = ObligationCase.objects.get(client=client)

    # The supervisors' meeting list (navigation → tab) and its decision.
    page.get_by_role("link", name="Velvoitetyöllistäminen").first.click()
    page.get_by_role("link", name="Esihenkilöpalaveri", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Kirjaa päätös\s*:\s*Lehtola Raimo")).click()
    _save(page)  # nothing filled in: the form's errors, and no false "switched off" notice above them
    page.locator(".invalid-feedback").first.wait_for()
    assert page.get_by_text("Velvoitetyöllistäminen on poistettu käytöstä").count() == 0
    page.screenshot(path="/tmp/lead_obligation_meeting_error.png")
    page.get_by_label("Esihenkilöpalaverin päivämäärä").fill(_iso(notice + timedelta(days=10)))
    page.get_by_label("Sopiva työ löytyi").check()
    page.get_by_label("Yksikkö", exact=True).fill("Tekninen toimi, kiinteistöpalvelut")
    page.get_by_label("Tehtävänimike", exact=True).fill("Kiinteistönhoitaja")
    page.get_by_label("Esihenkilö", exact=True).fill("Jari Lahtinen")
    page.get_by_label("Työaika viikossa (h)").fill("38,25")
    assert_accessible(page)
    _save(page)
    page.get_by_text("Palaverin päätös kirjattu.").wait_for()

    page.get_by_role("link", name="Palkkatukihakemus").click()
    page.get_by_label("Hakemus lähetetty").fill(_iso(notice + timedelta(days=20)))
    page.get_by_label("Tukiluokka").select_option(label="70 % – alentunut työkyky")
    page.get_by_label("Tukea haettu alkaen").fill(_iso(start))
    page.get_by_label("Tukea haettu asti").fill(_iso(rules.default_contract_end(start)))
    page.get_by_label("Maksatusjakson pituus").select_option(label="1 kuukausi")
    assert_accessible(page)
    _save(page)
    page.get_by_text("Palkkatukihakemus kirjattu.").wait_for()

    page.get_by_role("link", name="Palkkatukipäätös").click()
    page.get_by_label("Päätöksen päivämäärä").fill(_iso(notice + timedelta(days=30)))
    assert page.get_by_label("Tukiprosentti (%)").input_value() == "70,00"  # from the rate table
    page.get_by_label("Enimmäismäärä kuukaudessa (€)").fill("1400,00")
    assert_accessible(page)
    _save(page)
    page.get_by_text("Päätös kirjattu ja maksatusjaksot muodostettu.").wait_for()

    page.get_by_role("link", name="Työsopimus", exact=True).click()
    contract_end = rules.default_contract_end(start)
    assert page.get_by_label("Työsuhde päättyy").input_value() == _iso(contract_end)  # six months by default
    page.get_by_label("Kuukausipalkka (€)").fill("2310,00")
    assert_accessible(page)
    _save(page)
    page.get_by_text("Työsopimus kirjattu").wait_for()
    with page.expect_download() as contract:
        page.get_by_role("link", name="Työsopimus (PDF)").click()
    text = _pdf_text(contract.value)
    assert "Raimo Lehtola" in text and client.national_id in text and "Kiinteistönhoitaja" in text
    assert f"{start:%d.%m.%Y}" in text and f"{contract_end:%d.%m.%Y}" in text and "2 310,00 €" in text

    # The claim schedule: six 1-month periods, each due two months after the end of its month.
    assert_accessible(page)
    rows = page.locator("#claims tbody tr")
    assert rows.count() == 6
    for number, (first, last) in enumerate(rules.claim_periods(start, contract_end, 1), start=1):
        row = page.locator(f'#claims tr[data-claim="{number}"]')
        assert f"{first:%d.%m.%Y}–{last:%d.%m.%Y}" in row.inner_text()
        assert f"{rules.claim_deadline(last):%d.%m.%Y}" in row.inner_text()

    # The first claim: wages in, the subsidy computed (70 % of 2 500 € = 1 750 €, capped at 1 400 €).
    page.get_by_role("link", name=re.compile(r"Palkkauskustannukset\s*1")).click()
    page.get_by_label("Jakson aikana maksetut palkkauskustannukset (€)").fill("2500,00")
    assert_accessible(page)
    _save(page)
    page.get_by_text("Tuki laskettu").wait_for()
    with page.expect_download() as summary:
        page.get_by_role("link", name=re.compile(r"Yhteenveto \(PDF\)\s*1")).click()
    text = _pdf_text(summary.value)
    deadline = rules.claim_deadline(rules.period_end(start, 1))
    assert "Haettava palkkatuki 1 400,00 €" in text
    assert f"Hakemus viimeistään {deadline:%d.%m.%Y}" in text

    page.get_by_role("link", name=re.compile(r"Merkitse lähetetyksi\s*1")).click()
    assert page.get_by_label("Haettu määrä (€)").input_value() == "1\xa0400,00"  # as Finns write it
    assert_accessible(page)
    _save(page)
    page.get_by_text("Hakemus merkitty lähetetyksi.").wait_for()
    claim = case.claims.get(number=1)
    assert (claim.status, claim.amount_claimed, claim.submitted_on) == (
        ClaimStatus.SUBMITTED,
        Decimal("1400.00"),
        today,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.EMPLOYED
    assert_accessible(page)

    # The clerk's lists: the case among the open ones, the sent claim awaiting payment, the next ones due.
    page.get_by_role("link", name="Velvoitetyöllistäminen").first.click()
    page.get_by_role("link", name=f"#{case.pk}").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Palkkatuen maksatushakemukset").click()
    awaiting = page.locator("section", has=page.get_by_role("heading", name="Lähetetyt, odottavat maksua"))
    awaiting_text = awaiting.inner_text().replace("\xa0", " ")
    assert "Lehtola Raimo" in awaiting_text and "1 400,00" in awaiting_text
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Palkkatuen maksatushakemukset erääntymässä").wait_for()
    assert_accessible(page)
