"""Two users writing the same row at the same moment, for real (PostgreSQL: row locks; SQLite has one writer).

``at_once(first, second)`` runs ``first`` in a transaction of its own thread and keeps that transaction open a
moment after it has written; meanwhile ``second`` runs in another thread. A service that locks the row before it
checks the version (``SELECT ... FOR UPDATE``) makes ``second`` wait for ``first``'s commit and then see its
change; a service that reads, checks and writes without the lock passes the check on the old row and overwrites
``first``'s change (the lost update). Use under ``@pytest.mark.django_db(transaction=True)``.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction


def needs_row_locks():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are PostgreSQL's (DATABASE_URL=postgres://...): SQLite lets one writer in at a time.")


def at_once(first, second, *, hold=0.6):
    """Returns {"first": result or exception, "second": result or exception}."""
    written, results = threading.Event(), {}

    def run(name, call, wait_for=None, then=None):
        try:
            if wait_for is not None:
                wait_for.wait(10)
            with transaction.atomic():
                results[name] = call()
                if then is not None:
                    then.set()
                    time.sleep(hold)  # the other user's request arrives while this one has not yet committed
        except Exception as error:  # noqa: BLE001 - the caller asserts which one was refused
            results[name] = error
            if then is not None:
                then.set()
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("first", first, None, written)),
        threading.Thread(target=run, args=("second", second, written, None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results
