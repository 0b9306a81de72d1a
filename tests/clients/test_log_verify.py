"""Issue 19: the data protection officer's front page leads to the log extract and to the whole log's verification."""

import pytest
from django.db import connection
from django.urls import reverse

from joutsa_tyollisyys.access_log import log_access, write_checkpoint
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db
URL = reverse("clients:log_verify")


@pytest.fixture
def world(make_user, login):
    coach = make_user(Role.COACH, username="ver_coach")
    dpo = make_user(Role.DATA_PROTECTION_OFFICER, username="ver_dpo")
    client = ClientFactory(responsible_worker=coach)
    for _ in range(3):
        log_access(user=coach, client=client, action="view", what="client page", path=client.get_absolute_url())
    return {"coach": coach, "dpo": dpo, "http": login(dpo)}


def test_the_front_page_leads_to_the_extract_and_the_verification(world):
    html = world["http"].get(reverse("core:home")).content.decode()
    assert "Roolillesi ei ole työpöydällä mitään" not in html
    assert f'href="{reverse("clients:log_extract")}"' in html
    assert f'href="{URL}"' in html
    assert "Tarkistuspistettä ei ole vielä kirjoitettu." in html
    write_checkpoint()
    assert "Viimeisin tarkistuspiste" in world["http"].get(reverse("core:home")).content.decode()


def test_the_page_shows_the_checkpoint_and_checks_only_when_asked(world):
    write_checkpoint()
    html = world["http"].get(URL).content.decode()
    assert "Viimeisin tarkistuspiste:" in html and "3 riviä" in html
    assert "Eheä" not in html
    html = world["http"].post(URL).content.decode()
    assert "Eheä: 3 riviä tarkistettu" in html


def test_an_altered_row_is_found(world):
    victim = AccessLogEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AccessLogEntry._meta.db_table} SET username = 'x' WHERE id = %s", [victim.pk])
    html = world["http"].post(URL).content.decode()
    assert f"Lokin ketju katkeaa rivillä {victim.pk}" in html
    assert "Eheä" not in html


def test_rows_cut_off_after_the_checkpoint_are_found(world):
    write_checkpoint()
    last = AccessLogEntry.objects.order_by("-id").first()
    with connection.cursor() as cursor:  # the model refuses: as someone with the database's password would
        cursor.execute(f"DELETE FROM {AccessLogEntry._meta.db_table} WHERE id = %s", [last.pk])
    html = world["http"].post(URL).content.decode()
    assert "Lokista on poistettu rivejä" in html


def test_swedish(world):
    world["http"].cookies["django_language"] = "sv"
    html = world["http"].post(URL).content.decode()
    assert "Intakt: 3 rader kontrollerade" in html


def test_other_roles_cannot_verify(world, login):
    http = login(world["coach"])
    assert http.get(URL).status_code == 403
    assert http.post(URL).status_code == 403
    assert "Tee asiakkaan lokiote" not in http.get(reverse("core:home")).content.decode()
