"""What the coach and the administrator see: histories, access log, roles and admin headings in their language."""

import os

import pytest

from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.demo import ensure_demo_users
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=False)


def _swedish(page, live_server):
    page.request.post(f"{live_server.url}/i18n/setlang/", form={"language": "sv", "next": "/"},
                      headers={"X-CSRFToken": next(c["value"] for c in page.context.cookies()
                                                   if c["name"] == "csrftoken")})


def test_the_coach_reads_the_client_history_in_words(page, live_server, log_in):
    page.set_viewport_size({"width": 1366, "height": 768})
    users = ensure_demo_users()
    client = ClientFactory(responsible_worker=users["valmentaja"], first_name="Ilmari", last_name="Kuusela")
    client.status = "inactive"
    client.save()

    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    history = page.locator("section", has=page.get_by_role("heading", name="Muutoshistoria"))
    history.scroll_into_view_if_needed()
    _shot(page, "history-fi")
    headers = history.locator("th").all_inner_texts()
    assert headers == ["Aika", "Tieto", "Muutos", "Tekijä"]
    text = history.inner_text()
    assert "Muutettu: tila: Aktiivinen → Ei aktiivinen" in text and "Luotu" in text
    assert "Changed" not in text and "Created" not in text

    _swedish(page, live_server)
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    history = page.locator("section", has=page.get_by_role("heading", name="Ändringshistorik"))
    history.scroll_into_view_if_needed()
    _shot(page, "history-sv")
    assert "Ändrad: status: Aktiv → Inaktiv" in history.inner_text()


def test_the_administrator_sees_roles_log_rows_and_headings_in_words(page, live_server, log_in):
    page.set_viewport_size({"width": 1366, "height": 768})
    users = ensure_demo_users()
    client = ClientFactory()
    log_access(user=users["valmentaja"], client=client, action="view", what="client page")
    log_access(user=users["toimisto"], client=client, action="view", what="KEHA compensation claim 3")

    log_in(page, "paakayttaja")
    page.goto(f"{live_server.url}/admin/core/accesslogentry/?client_id={client.pk}")
    _shot(page, "accesslog-fi")
    rows = page.locator("#result_list").inner_text()
    assert "Asiakkaan sivu" in rows and "Valtionkorvauksen tilitys KEHA-keskukselle 3" in rows
    assert "client page" not in rows and "KEHA compensation claim" not in rows

    page.goto(f"{live_server.url}/admin/core/user/{users['valmentaja'].pk}/change/")
    _shot(page, "user-fi")
    roles = page.locator("select[id^=id_groups] option").all_inner_texts()
    assert "Valmentaja" in roles and "Toimistovirkailija" in roles and "coach" not in roles
    # Only a superuser makes superusers (issue 23): the administrator role gets no checkbox (its label for a
    # superuser is tested in tests/core/test_words_on_screen.py).
    assert page.get_by_label("Järjestelmän pääkäyttäjä (superuser)").count() == 0

    _swedish(page, live_server)
    page.goto(f"{live_server.url}/admin/core/user/{users['valmentaja'].pk}/change/")
    roles = page.locator("select[id^=id_groups] option").all_inner_texts()
    assert "Coach" in roles and "Byråtjänsteman" in roles and "office_clerk" not in roles
    page.goto(f"{live_server.url}/admin/core/accesslogentry/?client_id={client.pk}")
    _shot(page, "accesslog-sv")
    assert "Klientens sida" in page.locator("#result_list").inner_text()
