"""The access log sealed in batches (issue 24): reads append unchained rows, ``seal`` chains them in order; nothing is
lost, a row committed late is sealed after the head, and tampering after sealing (or alteration before it) is found
by ``verify_access_log``."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from joutsa_tyollisyys import access_log_chain as chain
from joutsa_tyollisyys.access_log import log_access, log_access_many, seal
from joutsa_tyollisyys.models import AccessLogEntry

pytestmark = pytest.mark.django_db
TABLE = AccessLogEntry._meta.db_table


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _chain():
    return list(AccessLogEntry.objects.filter(seq__isnull=False).order_by("seq"))


def test_unsealed_rows_are_sealed_in_id_order_into_one_chain(coach):
    log_access(user=coach, client_id=1, what="one")
    log_access_many(user=coach, client_ids=[2, 3, 4], what="list")
    assert AccessLogEntry.objects.filter(hash__isnull=True).count() == 4
    assert all(row.mac == chain.pending_mac(row.hashed_fields()) for row in AccessLogEntry.objects.all())

    assert seal().sealed == 4
    rows = _chain()
    assert [r.client_id for r in rows] == [1, 2, 3, 4] and [r.seq for r in rows] == [1, 2, 3, 4]
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    prev = chain.GENESIS
    for row in rows:
        assert row.prev_hash == prev and row.hash == row.compute_hash() and row.mac == ""
        prev = row.hash
    assert seal().sealed == 0  # nothing left, nothing sealed twice
    log_access(user=coach, client_id=5, what="later")
    assert seal().sealed == 1 and _chain()[-1].prev_hash == rows[-1].hash
    call_command("verify_access_log")


def test_batches_lose_nothing_and_a_late_commit_is_sealed_after_the_head(coach, capsys):
    log_access_many(user=coach, client_ids=list(range(1, 8)), what="list")
    head = max(AccessLogEntry.objects.values_list("id", flat=True))
    assert seal(batch=3).sealed == 7  # three transactions: 3 + 3 + 1
    # A row whose insert got its id before the head's but committed after the head was sealed:
    late = AccessLogEntry(id=head + 100, username="coach", client_id=8, action="view", what="late")
    late.mac = chain.pending_mac(late.hashed_fields())
    AccessLogEntry.objects.bulk_create([late])
    log_access(user=coach, client_id=9, what="after")
    earlier = AccessLogEntry(id=head + 50, username="coach", client_id=10, action="view", what="earlier id")
    earlier.mac = chain.pending_mac(earlier.hashed_fields())
    AccessLogEntry.objects.bulk_create([earlier])  # committed last, below the ids sealed before it
    # The row logged normally takes the next id of the table's sequence: head + 1 on PostgreSQL (explicit ids do not
    # move the sequence), above every id on SQLite. Either way it is not where it was committed (second of three).
    unsealed = sorted(AccessLogEntry.objects.filter(hash__isnull=True).values_list("id", "client_id"))
    by_id = [client_id for _, client_id in unsealed]
    assert by_id in ([9, 10, 8], [10, 8, 9]) and by_id != [8, 9, 10]
    assert seal(batch=2).sealed == 3
    rows = _chain()
    assert len(rows) == AccessLogEntry.objects.count() == 10
    assert [r.client_id for r in rows][-3:] == by_id  # the unsealed rows in id order, after the head
    assert [r.seq for r in rows] == list(range(1, 11))
    call_command("verify_access_log")
    assert "Access log intact: 10 rows" in capsys.readouterr().out


def test_tampering_after_sealing_is_detected(coach):
    rows = [log_access(user=coach, client_id=i, what=f"row {i}") for i in range(1, 5)]
    call_command("verify_access_log")  # seals them
    _sql(f"UPDATE {TABLE} SET what = %s WHERE id = %s", ["changed", rows[2].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"broken at entry {rows[2].pk}"):
        call_command("verify_access_log")


def test_moving_a_sealed_row_back_to_unsealed_is_detected(coach):
    rows = [log_access(user=coach, client_id=i, what=f"row {i}") for i in range(1, 4)]
    seal()
    _sql(f"UPDATE {TABLE} SET hash = NULL, prev_hash = NULL, seq = NULL WHERE id = %s", [rows[1].pk])  # noqa: S608
    # The chain breaks at the row after it, and the moved row (a sealed row has no MAC) is named as altered.
    with pytest.raises(CommandError, match=rf"broken at entry {rows[2].pk} \(checked 2 rows\)\. "
                                           rf"Access log entry {rows[1].pk} was altered"):
        call_command("verify_access_log")


def test_a_row_altered_before_its_sealing_is_not_sealed_and_is_reported(coach):
    rows = [log_access(user=coach, client_id=i, what=f"row {i}") for i in range(1, 4)]
    _sql(f"UPDATE {TABLE} SET client_id = 99 WHERE id = %s", [rows[1].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"entry {rows[1].pk} was altered before it was sealed"):
        call_command("verify_access_log")
    assert [r.pk for r in _chain()] == [rows[0].pk]  # the altered row and those after it wait, unsealed
    assert AccessLogEntry.objects.filter(hash__isnull=True).count() == 2


def test_rows_chained_before_batches_are_continued(coach):
    """Rows written by the old writer (chained at once, no place number) stay the chain's start."""
    prev, old = chain.GENESIS, []
    for i in range(2):
        entry = AccessLogEntry(username="coach", client_id=i, action="view", what=f"old {i}", prev_hash=prev)
        entry.hash = prev = entry.compute_hash()
        old.append(entry)
    AccessLogEntry.objects.bulk_create(old)
    call_command("checkpoint_access_log")  # a head before batches: named by id
    log_access(user=coach, client_id=3, what="new")
    assert seal().sealed == 1 and _chain()[0].prev_hash == old[-1].hash
    call_command("verify_access_log")
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [old[-1].pk])  # noqa: S608
    with pytest.raises(CommandError):
        call_command("verify_access_log")


def test_the_checkpoint_seals_first_and_names_the_head_by_its_place(coach, capsys):
    rows = [log_access(user=coach, client_id=i, what=f"row {i}") for i in range(1, 4)]
    call_command("checkpoint_access_log")
    assert "3 rows up to entry" in capsys.readouterr().out
    assert AccessLogEntry.objects.filter(hash__isnull=True).count() == 0
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [rows[-1].pk])  # noqa: S608
    with pytest.raises(CommandError, match="rows were removed"):
        call_command("verify_access_log")


def test_the_seal_task_runs_every_minute():
    from django_celery_beat.models import PeriodicTask

    from joutsa_tyollisyys.tasks import seal_access_log

    task = PeriodicTask.objects.get(task="joutsa_tyollisyys.tasks.seal_access_log")
    assert task.enabled and task.crontab.minute == "*/1" and task.crontab.hour == "*"
    log_access(what="x")
    assert seal_access_log.delay().get() == 1


def test_the_data_subjects_copy_shows_no_chain_fields(coach):
    from types import SimpleNamespace

    from clients import gdpr
    from tests.factories import ClientFactory

    client = ClientFactory(responsible_worker=coach)
    log_access(user=coach, client=client, what="client page")
    seal()
    rows = gdpr.access_log_rows(client, SimpleNamespace(full=True))
    assert len(rows) == 1 and {"seq", "mac", "hash", "prev_hash"}.isdisjoint(rows[0])
    assert not any(len(str(value)) == 64 for value in rows[0].values())  # no hash or MAC under another name


def test_a_sealer_that_read_a_stale_head_reads_it_again(coach, monkeypatch):
    """Two sealers at once (SQLite has no advisory lock): the one that chained to a head another has moved on from
    conflicts on the unique place and link, rolls its batch back and chains to the new head."""
    from joutsa_tyollisyys import access_log

    log_access_many(user=coach, client_ids=[1, 2], what="list")
    seal()
    log_access(user=coach, client_id=3, what="later")
    real, calls = access_log._head, []

    def head():
        calls.append(1)
        return (0, chain.GENESIS) if len(calls) == 1 else real()

    monkeypatch.setattr(access_log, "_head", head)
    assert seal().sealed == 1 and len(calls) == 2
    assert [r.client_id for r in _chain()] == [1, 2, 3]
    call_command("verify_access_log")
