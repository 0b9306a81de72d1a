"""Three roles: the coach drafts → the social counsellor approves → the coach signs and records two weeks of
attendance in the grid → the office clerk builds the month's KEHA claim and downloads the PDF and the XLSX."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from clients.models import Meeting
from joutsa_tyollisyys.dates import period_last_day
from joutsa_tyollisyys.demo import ensure_demo_users
from rehab_work import rules
from rehab_work.models import Attendance, RehabAgreement
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401
from tests.factories import ClientFactory
from tests.rehab_work.factories import PlacementFactory, this_monday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI", "accept_downloads": True}


def switch_user(page, log_in, username):  # noqa: F811
    page.context.clear_cookies()
    log_in(page, username)


def cell_label(client, day):
    weekdays = ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"]
    return f"{client.full_name}, {weekdays[day.weekday()]} {day.day}.{day.month}."


def set_cell(page, client, day, status):
    with page.expect_response(lambda r: "/rehab/attendance/cell/" in r.url):
        page.get_by_label(cell_label(client, day)).select_option(label=status)
    # The row is swapped in and then processed by htmx: wait until it has settled before the next cell.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
                           ".htmx-added')")


def download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return open(info.value.path(), "rb").read()


def test_coach_counsellor_and_clerk_take_an_agreement_to_a_keha_claim(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    client = ClientFactory(responsible_worker=users["valmentaja"], first_name="Ilmari", last_name="Kuusela")
    PlacementFactory(name="TyöVarikko", kind="tyovarikko", capacity=16)
    first_week, second_week = this_monday() - timedelta(weeks=2), this_monday() - timedelta(weeks=1)
    end = period_last_day(first_week, 6)

    # The coach drafts the agreement from the client's page.
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}{client.get_absolute_url()}")
    page.get_by_role("link", name="Laadi sopimus").click()
    assert_accessible(page)
    page.get_by_label("Työtoimintapaikka").select_option(label="TyöVarikko")
    page.get_by_label("Alkamispäivä").fill(first_week.isoformat())
    page.get_by_label("Päättymispäivä").fill(end.isoformat())
    page.get_by_label("Päivää viikossa").fill("4")
    page.get_by_label("Tuntia päivässä").fill("6")
    page.get_by_label("Tehtävät").fill("Puutyöt ja kierrätys")
    page.get_by_label("Tavoitteet").fill("Säännöllinen päivärytmi")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Sopimus laadittu.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Lähetä päätettäväksi").click()
    page.get_by_text("Lähetetty sosiaaliohjaajalle päätettäväksi.").wait_for()

    # The social counsellor approves it from the front-page queue.
    switch_user(page, log_in, "sosiaaliohjaaja")
    assert_accessible(page)
    page.get_by_role("link", name="Ilmari Kuusela").click()
    page.get_by_role("heading", name="Päätös kuntouttavasta työtoiminnasta").wait_for()
    assert_accessible(page)
    page.get_by_label("Hyväksy").check()
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Päätös tallennettu.").wait_for()

    # The coach sees the notification, signs (meetings booked), records two weeks of attendance.
    switch_user(page, log_in, "valmentaja")
    page.get_by_role("link", name=re.compile("Ilmari Kuusela.*hyväksyttiin")).click()
    page.get_by_role("link", name="Allekirjoita").click()
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Sopimus allekirjoitettu.").wait_for()
    agreement = RehabAgreement.objects.get(client=client)
    assert agreement.status == "signed"
    assert Meeting.objects.filter(client=client, status="planned").count() >= 2
    assert timezone.localtime(agreement.final_evaluation_meeting.starts_at).date() <= end - timedelta(days=14)

    page.get_by_role("link", name="Kirjaa läsnäolot viikkonäkymään").click()
    page.get_by_role("link", name="Edellinen viikko").click()
    page.get_by_role("link", name="Edellinen viikko").click()
    page.get_by_text(f"{first_week:%d.%m.%Y}").first.wait_for()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Kaikki läsnä").click()
    page.get_by_role("cell", name="4/4").wait_for()
    page.get_by_role("link", name="Seuraava viikko").click()
    page.get_by_text(f"{second_week:%d.%m.%Y}").first.wait_for()
    page.wait_for_load_state()  # htmx is loaded (deferred) before the cells are used
    for offset, status in enumerate(["Läsnä", "Läsnä", "Poissa: oma sairaus", "Läsnä"]):
        set_cell(page, client, second_week + timedelta(days=offset), status)
    page.get_by_role("cell", name="4/4").wait_for()
    assert_accessible(page)
    assert Attendance.objects.filter(agreement=agreement, status="present").count() == 7
    assert Attendance.objects.filter(agreement=agreement, status="own_illness").count() == 1

    # The clerk claims the month(s) of those weeks and checks the documents.
    period_start = first_week.replace(day=1)
    last_day = second_week + timedelta(days=3)
    period_end = min(rules.month_bounds(last_day.year, last_day.month)[1], timezone.localdate())
    switch_user(page, log_in, "toimisto")
    page.get_by_role("link", name="KEHA-tilitykset").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Uusi tilitys").click()
    page.get_by_label("Tilityskauden alku").fill(period_start.isoformat())
    page.get_by_label("Tilityskauden loppu").fill(period_end.isoformat())
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Tilitys laskettu.").wait_for()
    assert_accessible(page)

    pdf = PdfReader(io.BytesIO(download(page, "Tilitys (PDF)")))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert re.search(r"Osallistumispäiviä yhteensä\s*7", text), text
    assert "70,63" in text and client.national_id in text

    book = load_workbook(io.BytesIO(download(page, "Osallistujaerittely (XLSX)")))
    rows = list(book["Osallistujat"].iter_rows(values_only=True))
    participant = next(r for r in rows if r[0] == "Kuusela")
    total = next(r for r in rows if r[0] == "Yhteensä")
    assert participant[2] == client.national_id and participant[5] == 7
    assert total[5] == 7 and round(float(total[6]), 2) == 70.63
