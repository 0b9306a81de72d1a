"""Celery beat ends the signed agreements whose last day has passed, daily at 1.30."""

from django.db import migrations

from joutsa_tyollisyys.beat import daily_task


class Migration(migrations.Migration):
    dependencies = [
        ("rehab_work", "0003_fk_indexes_covered"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        daily_task("Kuntouttava työtoiminta: päättyneiden sopimusten päättäminen",
                   "rehab_work.close_finished_agreements", hour=1, minute=30)
    ]
