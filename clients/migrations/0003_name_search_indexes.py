"""Prefix search on names (``istartswith``) on PostgreSQL: UPPER(name) with varchar_pattern_ops, so that
``UPPER(last_name) LIKE 'KOR%'`` uses an index whatever the database's collation. SQLite needs none."""

from django.db import migrations

INDEXES = {
    "clients_client_last_name_upper": "last_name",
    "clients_client_first_name_upper": "first_name",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON clients_client (UPPER({column}) varchar_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_initial")]
    operations = [migrations.RunPython(create, drop)]
