"""The data protection officer's access-log extract of one client."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from joutsa_tyollisyys.access_log_words import describe_what
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db
URL = reverse("clients:log_extract")


@pytest.fixture
def world(make_user, login):
    coach = make_user(Role.COACH, username="ext_coach", first_name="Sanna", last_name="Virtanen")
    social = make_user(Role.SOCIAL_COUNSELLOR, username="ext_social", first_name="Riikka", last_name="Mäkinen")
    clerk = make_user(Role.OFFICE_CLERK, username="ext_clerk", first_name="Pirjo", last_name="Nieminen")
    dpo = make_user(Role.DATA_PROTECTION_OFFICER, username="ext_dpo", first_name="Tiina", last_name="Tietosuoja")
    client = ClientFactory(responsible_worker=coach)
    other = ClientFactory(responsible_worker=coach)
    for user in (coach, social, clerk):
        assert login(user).get(client.get_absolute_url()).status_code == 200
    assert login(social).get(reverse("clients:edit", args=[client.pk])).status_code == 200
    assert login(coach).get(other.get_absolute_url()).status_code == 200
    return {"client": client, "other": other, "dpo": dpo, "http": login(dpo), "coach": coach}


def _post(world, fmt="html", **extra):
    today = timezone.localdate()
    data = {"national_id": world["client"].national_id, "start": f"{today - timedelta(days=30):%d.%m.%Y}",
            "end": f"{today:%d.%m.%Y}", "format": fmt, **extra}
    return world["http"].post(URL, data)


def test_extract_shows_who_read_the_client_in_words_and_logs_its_making(world):
    before = AccessLogEntry.objects.count()
    response = _post(world)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Sanna Virtanen", "Riikka Mäkinen", "Pirjo Nieminen", "Tiina Tietosuoja"):
        assert name in html
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    assert table.count("<tr>") == 5  # three client-page reads, one edit form, and the extract's own making
    assert "client page" not in table and "client edit form" not in table  # the codes are put into words
    with translation.override("fi"):
        assert describe_what("client page") in table
        assert describe_what("client edit form") in table
        assert str(Role.OFFICE_CLERK.label) in table
    assert "eheä" in html  # the hash chain verified on the page
    made = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert made.client_id == world["client"].pk and made.username == "ext_dpo" and made.action == "view"
    assert made.what.startswith("access log extract ")
    assert world["client"].national_id not in made.path  # the code was posted, not put in the address


def test_period_limits_the_rows(world):
    old = timezone.localdate() - timedelta(days=400)
    response = _post(world, start=f"{old:%d.%m.%Y}", end=f"{old + timedelta(days=1):%d.%m.%Y}")
    assert "Sanna Virtanen" not in response.content.decode()
    assert "Kukaan ei ole lukenut" in response.content.decode()


def test_csv_has_the_rows_in_words(world):
    response = _post(world, "csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert len(lines) == 1 + 5
    assert sum("Pirjo Nieminen" in line for line in lines) == 1
    assert "Toimistovirkailija" in text
    assert AccessLogEntry.objects.order_by("-id").first().action == "export"


def test_pdf(world):
    response = _post(world, "pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.order_by("-id").first().action == "pdf"


def test_a_broken_chain_is_shown(world):
    victim = AccessLogEntry.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AccessLogEntry._meta.db_table} SET username = 'x' WHERE id = %s", [victim.pk])
    html = _post(world).content.decode()
    assert f"katkeaa kohdassa {victim.pk}" in html


def test_bad_input_is_told_in_finnish_and_logs_nothing(world):
    before = AccessLogEntry.objects.count()
    response = _post(world, national_id="131052-308T")  # a valid code of no client
    assert "Yhdelläkään asiakkaalla ei ole tätä henkilötunnusta" in response.content.decode()
    response = _post(world, start="5.12.2026", end="1.12.2026")
    assert "Jakson loppu on ennen sen alkua" in response.content.decode()
    response = _post(world, national_id="12345")
    assert response.status_code == 200 and "131052-900W" in response.content.decode()
    assert AccessLogEntry.objects.count() == before


def test_the_data_protection_officer_sees_no_case_content(world):
    http = world["http"]
    assert http.get(world["client"].get_absolute_url()).status_code == 403
    assert http.get(reverse("clients:list")).status_code == 403


def test_other_roles_cannot_make_an_extract(world, login):
    http = login(world["coach"])
    assert http.get(URL).status_code == 403
    assert _post({**world, "http": http}).status_code == 403


def test_every_logged_what_code_has_words():
    """Every literal ``what=`` written by the views, and the beginning of every f-string one, is in words in
    the one table the extract and Administration share (``joutsa_tyollisyys.access_log_words``)."""
    root = Path(__file__).resolve().parents[2]
    codes, beginnings = set(), set()
    for path in root.glob("*/*.py"):
        if ".venv" in path.parts or path.parts[-2] == "tests":
            continue
        text = path.read_text()
        if "log_access" not in text and "log_persons" not in text:
            continue
        codes |= set(re.findall(r'what="([^"]+)"', text))
        beginnings |= set(re.findall(r'what=f"([^{"]+?)\{', text))
    from rehab_work.views import PDF_DOCUMENTS

    codes |= {what for _template, _file, what in PDF_DOCUMENTS.values()}
    missing = [c for c in codes if describe_what(c) == c]
    samples = ("7", "2026-03", "Työkokeilu")  # a number, a month or a title follows the beginning
    missing += [b for b in beginnings if all(describe_what(b + x) == b + x for x in samples)]
    assert codes and beginnings and not missing, missing


def test_the_form_opens_on_a_leap_day_with_a_year_back(make_user, login, time_machine):
    time_machine.move_to("2028-02-29 12:00+02:00")  # today.replace(year=2027) had no such day: a server error
    http = login(make_user(Role.DATA_PROTECTION_OFFICER, username="leap_dpo"))
    response = http.get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["start"].isoformat() == "2027-02-28"
