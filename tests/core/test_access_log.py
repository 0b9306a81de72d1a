import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from joutsa_tyollisyys.models import AccessLogEntry
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_client_page_view_writes_exactly_one_row(coach, login):
    client = ClientFactory(responsible_worker=coach)
    before = AccessLogEntry.objects.count()
    response = login(coach).get(client.get_absolute_url())
    assert response.status_code == 200
    rows = list(AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - before])
    assert len(rows) == 1
    assert rows[0].client_id == client.pk and rows[0].username == "coach" and rows[0].action == "view"


def test_denied_view_writes_no_row(make_user, login):
    client = ClientFactory(responsible_worker=make_user(username="owner"))
    other = make_user(username="other")
    from tests.factories import TeamFactory

    other.team = TeamFactory(name="muu")
    other.save()
    assert login(other).get(client.get_absolute_url()).status_code == 403
    assert AccessLogEntry.objects.count() == 0


def test_chain_verifies_and_a_changed_row_breaks_it(coach, login):
    client = ClientFactory(responsible_worker=coach)
    http = login(coach)
    for _ in range(3):
        http.get(client.get_absolute_url())
    call_command("verify_access_log")
    victim = AccessLogEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AccessLogEntry._meta.db_table} SET username = %s WHERE id = %s", ["someone", victim.pk]
        )
    with pytest.raises(CommandError, match=str(victim.pk)):
        call_command("verify_access_log")


def test_a_removed_row_breaks_the_chain(coach, login):
    client = ClientFactory(responsible_worker=coach)
    http = login(coach)
    for _ in range(3):
        http.get(client.get_absolute_url())
    victim = AccessLogEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessLogEntry._meta.db_table} WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError):
        call_command("verify_access_log")


def test_log_is_append_only_through_the_orm(coach, login):
    client = ClientFactory(responsible_worker=coach)
    login(coach).get(client.get_absolute_url())
    entry = AccessLogEntry.objects.get()
    entry.what = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().update(what="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()


def test_pdf_and_national_id_search_are_logged(coach, login):
    client = ClientFactory(responsible_worker=coach)
    login(coach).post("/clients/", {"q": client.national_id})
    entry = AccessLogEntry.objects.get()
    assert entry.action == "search" and entry.client_id == client.pk
    assert client.national_id not in entry.path


def test_many_rows_at_once_keep_the_chain(coach):
    from joutsa_tyollisyys.access_log import log_access, log_access_many

    clients = [ClientFactory(responsible_worker=coach) for _ in range(3)]
    log_access(user=coach, client=clients[0], what="one")
    rows = log_access_many(user=coach, client_ids=[c.pk for c in clients], what="list")
    assert [r.client_id for r in rows] == [c.pk for c in clients]
    call_command("verify_access_log")
