"""Celery beat gives up lost and stale imports every 15 minutes (``tasks.expire_stale_imports``): a queued import
whose message was lost is noticed and its uploader told."""

from django.db import migrations

from joutsa_tyollisyys.beat import every_minutes_task


class Migration(migrations.Migration):
    dependencies = [
        ("payment_share", "0005_import_job_queued_at"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        every_minutes_task("Maksuosuuslistat: kadonneiden ja vanhentuneiden tuontien tarkistus",
                           "payment_share.tasks.expire_stale_imports", minutes=15)
    ]
