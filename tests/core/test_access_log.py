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


def test_one_row_is_one_statement(coach, django_assert_num_queries):
    from joutsa_tyollisyys.access_log import log_access

    client = ClientFactory(responsible_worker=coach)
    log_access(user=coach, client=client, what="first")
    with django_assert_num_queries(1):
        entry = log_access(user=coach, client=client, what="second")
    assert AccessLogEntry.objects.order_by("-id").first() == entry
    assert entry.hash == entry.compute_hash() and entry.prev_hash == AccessLogEntry.objects.order_by("id")[0].hash
    call_command("verify_access_log")


def test_the_chain_cannot_fork(coach):
    from django.db import IntegrityError, transaction

    from joutsa_tyollisyys.access_log import log_access

    first = log_access(user=coach, what="first")
    log_access(user=coach, what="second")
    fork = AccessLogEntry(username="x", action="view", what="fork", prev_hash=first.hash)
    fork.hash = fork.compute_hash()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.bulk_create([fork])


def test_a_writer_that_lost_the_race_reads_again(coach, monkeypatch):
    """Rows appended between a writer's read of the last row and its insert: the insert conflicts and the writer
    chains its rows to the new last row."""
    from joutsa_tyollisyys import access_log

    clients = [ClientFactory(responsible_worker=coach) for _ in range(2)]
    access_log.log_access(user=coach, what="before")
    stale = access_log._last_hash()
    access_log.log_access(user=coach, what="meanwhile")
    reads = []

    def last_hash():
        reads.append(1)
        return stale if len(reads) == 1 else access_log.AccessLogEntry.objects.order_by("-id")[0].hash

    monkeypatch.setattr(access_log, "_last_hash", last_hash)
    rows = access_log.log_access_many(user=coach, client_ids=[c.pk for c in clients], what="list")
    assert len(reads) == 2 and [r.client_id for r in rows] == [c.pk for c in clients]
    assert AccessLogEntry.objects.count() == 4
    call_command("verify_access_log")
