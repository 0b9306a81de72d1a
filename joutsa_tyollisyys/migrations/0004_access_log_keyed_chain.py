"""The access log's chain becomes keyed (``access_log_chain``): the rows written before are checked against the old,
unkeyed chain and re-linked with the key, in id order. A broken old chain stops the migration (re-keying it would
hide the break): find the row it names, then run it again."""

from django.db import migrations, models

BATCH = 2000


def rekey(apps, schema_editor):
    from joutsa_tyollisyys import access_log_chain as chain

    Entry = apps.get_model("core", "AccessLogEntry")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Entry._meta.db_table)
    update = f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s"  # noqa: S608 - the table's own name
    old_prev, new_prev, batch = chain.GENESIS, chain.GENESIS, []
    with connection.cursor() as cursor:
        for row in Entry.objects.order_by("id").iterator(chunk_size=BATCH):
            fields = chain.hashed_fields(row)
            if row.prev_hash != old_prev or chain.unkeyed_hash(row.prev_hash, fields) != row.hash:
                raise RuntimeError(
                    f"The access log's chain is broken at entry {row.pk}: it is not re-keyed. Find out what happened "
                    "to that row (manage.py verify_access_log on the old code), then migrate again."
                )
            old_prev = row.hash
            new_hash = chain.link_hash(new_prev, fields)
            batch.append((new_prev, new_hash, row.pk))
            new_prev = new_hash
            if len(batch) >= BATCH:
                cursor.executemany(update, batch)
                batch = []
        if batch:
            cursor.executemany(update, batch)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_access_log_chain_cannot_fork'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accesslogentry',
            name='action',
            field=models.CharField(choices=[('view', 'viewed'), ('pdf', 'printed (PDF)'), ('export', 'exported'), ('search', 'searched by national id'), ('roles', 'changed roles or team')], max_length=10, verbose_name='action'),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop, elidable=False),
    ]
