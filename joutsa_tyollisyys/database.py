"""What a piece of work asks of the database for itself (the connection's defaults are in settings)."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def analytic_queries():
    """A transaction for aggregates over years of rows (the monthly report): PostgreSQL's JIT, off for the web's
    short queries (settings), compiles these once and pays back (≈ 7 % of a report's computation). Inside an
    outer transaction the setting is put back on the way out (a failure rolls it back with the savepoint)."""
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('jit'), set_config('jit', 'on', true)")
                previous = cursor.fetchone()[0]
        yield
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', %s, true)", [previous])
