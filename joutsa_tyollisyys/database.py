"""What a piece of work asks of the database for itself (the connection's defaults are in settings)."""

from contextlib import contextmanager

from django.db import connection, transaction

#: What the web's connections go without (settings) and an analytic transaction gets back: the server's own
#: value of each (``boot_val``: what the connection options replaced).
ANALYTIC_SETTINGS = ("jit", "max_parallel_workers_per_gather")


@contextmanager
def analytic_queries():
    """A transaction for aggregates over years of rows (the monthly report): PostgreSQL's JIT and parallel
    workers, off for the web's short queries (settings), pay back here (JIT alone ≈ 7 % of a report's
    computation). Inside an outer transaction the settings are put back on the way out (a failure rolls them
    back with the savepoint)."""
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, current_setting(name), set_config(name, boot_val, true) FROM pg_settings "
                    "WHERE name = ANY(%s)", [list(ANALYTIC_SETTINGS)])
                previous = [(name, value) for name, value, _new in cursor.fetchall()]
        yield
        if postgresql:
            with connection.cursor() as cursor:
                for name, value in previous:
                    cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
