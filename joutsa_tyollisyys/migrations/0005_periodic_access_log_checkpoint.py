"""Celery beat writes the access log's signed checkpoint daily at 0.15 (Administration → Periodic tasks)."""

from django.db import migrations

from joutsa_tyollisyys.beat import daily_task


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_access_log_keyed_chain"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        daily_task("Käyttölokin tarkistuspiste", "joutsa_tyollisyys.tasks.checkpoint_access_log", hour=0, minute=15)
    ]
