"""Tamper evidence that holds (issue 23, item 4): the chain is keyed with a key outside the database and its head is
checkpointed outside the table, so cutting off the newest rows, or removing a row and rebuilding the chain after it,
is found by ``verify_access_log``."""

import importlib
import logging

import pytest
from django.apps import apps as global_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from joutsa_tyollisyys import access_log_chain as chain
from joutsa_tyollisyys.access_log import log_access, seal
from joutsa_tyollisyys.models import AccessLogEntry

pytestmark = pytest.mark.django_db
TABLE = AccessLogEntry._meta.db_table


def _rows(user, n):
    return [log_access(user=user, client_id=i, what=f"row {i}") for i in range(1, n + 1)]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _rebuild_after(removed_id):
    """What someone with write access to the table (and not the key) does: remove a row and re-link the rows after
    it with the algorithm in the source code, guessing the key."""
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [removed_id])
    prev = AccessLogEntry.objects.filter(id__lt=removed_id).order_by("-id").values_list("hash", flat=True)[0]
    with override_settings(ACCESS_LOG_HMAC_KEY="a-guess"):
        for entry in AccessLogEntry.objects.filter(id__gt=removed_id).order_by("id"):
            entry.prev_hash = prev
            new = entry.compute_hash()
            _sql(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, entry.pk])
            prev = new


def test_removing_a_row_and_rebuilding_the_chain_is_detected(coach):
    rows = _rows(coach, 4)
    call_command("verify_access_log")
    _rebuild_after(rows[1].pk)
    with pytest.raises(CommandError, match=f"broken at entry {rows[2].pk}"):
        call_command("verify_access_log")


def test_the_chain_is_keyed_with_the_key_from_the_settings(coach):
    entry = log_access(user=coach, client_id=1, what="x")
    seal()
    entry.refresh_from_db()
    assert entry.hash == entry.compute_hash()
    with override_settings(ACCESS_LOG_HMAC_KEY="another key"):
        assert entry.compute_hash() != entry.hash
        with pytest.raises(CommandError):
            call_command("verify_access_log")


def test_cutting_off_the_newest_rows_is_detected_by_the_checkpoint(coach, capsys):
    rows = _rows(coach, 5)
    call_command("checkpoint_access_log")
    assert "5 rows up to entry" in capsys.readouterr().out
    call_command("verify_access_log")
    _sql(f"DELETE FROM {TABLE} WHERE id >= %s", [rows[3].pk])  # the two newest: the rest still chains
    with pytest.raises(CommandError, match="rows were removed"):
        call_command("verify_access_log")


def test_rows_written_after_the_checkpoint_still_verify(coach, capsys):
    _rows(coach, 2)
    call_command("checkpoint_access_log")
    _rows(coach, 3)
    call_command("verify_access_log")
    assert "Access log intact: 5 rows" in capsys.readouterr().out


def test_removing_rows_and_writing_as_many_new_ones_is_detected(coach):
    rows = _rows(coach, 3)
    call_command("checkpoint_access_log")
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [rows[2].pk])
    _rows(coach, 2)  # the chain continues from the new last row: it verifies, the checkpoint's head is gone
    with pytest.raises(CommandError, match="rows were removed"):
        call_command("verify_access_log")


def test_a_forged_checkpoint_is_refused(coach, settings):
    _rows(coach, 3)
    call_command("checkpoint_access_log")
    path = settings.ACCESS_LOG_CHECKPOINT_DIR / "access-log-checkpoints.jsonl"
    forged = path.read_text().replace('"count": 3', '"count": 2')
    path.write_text(forged)
    with pytest.raises(CommandError, match="not signed"):
        call_command("verify_access_log")


def test_the_checkpoint_goes_to_the_application_log_too(coach, caplog):
    _rows(coach, 2)
    with caplog.at_level(logging.INFO, logger="joutsa_tyollisyys.access_log.checkpoint"):
        call_command("checkpoint_access_log")
    line = caplog.records[-1].getMessage().split("checkpoint ", 1)[1]
    payload, valid = chain.read_line(line)
    assert valid and payload["count"] == 2


def test_the_checkpoint_task_is_scheduled_daily():
    from django_celery_beat.models import PeriodicTask

    from joutsa_tyollisyys.tasks import checkpoint_access_log

    task = PeriodicTask.objects.get(task="joutsa_tyollisyys.tasks.checkpoint_access_log")
    assert task.enabled and task.crontab.hour == "0"
    assert checkpoint_access_log.delay().get() == 0  # a checkpoint of an empty log
    call_command("verify_access_log")


def test_the_migration_rekeys_the_old_chain_and_refuses_a_broken_one(coach):
    """Rows written before the chain was keyed verify after the migration; a broken old chain stops it."""
    migration = importlib.import_module("joutsa_tyollisyys.migrations.0004_access_log_keyed_chain")

    class Editor:
        connection = connection

    def old_rows():
        entries, prev = [], chain.GENESIS
        for i in range(3):
            entry = AccessLogEntry(username="coach", user_id=coach.pk, client_id=i, action="view", what=f"old {i}",
                                   prev_hash=prev)
            entry.hash = prev = chain.unkeyed_hash(prev, entry.hashed_fields())
            entries.append(entry)
        return AccessLogEntry.objects.bulk_create(entries)

    old_rows()
    with pytest.raises(CommandError):
        call_command("verify_access_log")
    migration.rekey(global_apps, Editor())
    call_command("verify_access_log")
    log_access(user=coach, what="new")  # the writer chains to the re-keyed rows
    call_command("verify_access_log")

    _sql(f"DELETE FROM {TABLE}")
    entries = old_rows()
    _sql(f"UPDATE {TABLE} SET what = 'changed' WHERE id = %s", [entries[1].pk])
    with pytest.raises(RuntimeError, match=f"broken at entry {entries[1].pk}"):
        migration.rekey(global_apps, Editor())


def test_a_checkpoint_copied_from_the_application_log_is_used_when_the_file_is_gone(coach, settings, caplog):
    rows = _rows(coach, 4)
    with caplog.at_level(logging.INFO, logger="joutsa_tyollisyys.access_log.checkpoint"):
        call_command("checkpoint_access_log")
    logged = caplog.records[-1].getMessage()
    (settings.ACCESS_LOG_CHECKPOINT_DIR / "access-log-checkpoints.jsonl").unlink()  # the file removed too
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [rows[-1].pk])
    call_command("verify_access_log")  # without a checkpoint the cut is not seen...
    with pytest.raises(CommandError, match="rows were removed"):
        call_command("verify_access_log", checkpoint=logged)  # ...with the logged one it is
    with pytest.raises(CommandError, match="not signed"):
        call_command("verify_access_log", checkpoint=logged.replace('"count": 4', '"count": 3'))
