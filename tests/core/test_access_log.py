import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from joutsa_tyollisyys.access_log import seal
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
    seal()  # rows are chained in batches (every minute): a row removed before its sealing is not seen (issue 24)
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
    """A read writes its row in one INSERT and reads nothing of the chain: concurrent readers do not wait for each
    other (issue 24); the row is chained when sealed."""
    from joutsa_tyollisyys.access_log import log_access

    client = ClientFactory(responsible_worker=coach)
    log_access(user=coach, client=client, what="first")
    with django_assert_num_queries(1) as captured:
        entry = log_access(user=coach, client=client, what="second")
    sql = captured.captured_queries[0]["sql"]
    assert sql.startswith("INSERT") and "SELECT" not in sql
    assert AccessLogEntry.objects.order_by("-id").first() == entry and entry.hash is None
    assert seal().sealed == 2
    entry.refresh_from_db()
    assert entry.hash == entry.compute_hash() and entry.prev_hash == AccessLogEntry.objects.order_by("id")[0].hash
    call_command("verify_access_log")


def test_the_chain_cannot_fork(coach):
    from django.db import IntegrityError, transaction

    from joutsa_tyollisyys.access_log import log_access

    first = log_access(user=coach, what="first")
    log_access(user=coach, what="second")
    seal()
    first.refresh_from_db()
    fork = AccessLogEntry(username="x", action="view", what="fork", prev_hash=first.hash)
    fork.hash = fork.compute_hash()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.bulk_create([fork])
    fork = AccessLogEntry(username="x", action="view", what="fork", seq=first.seq)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.bulk_create([fork])
