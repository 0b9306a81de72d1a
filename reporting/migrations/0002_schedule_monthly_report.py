"""Celery beat generates the previous month's report on the 5th at 6.00 (admins change the day in
Administration → Periodic tasks → the task's crontab)."""

from django.db import migrations

from joutsa_tyollisyys.beat import monthly_task


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        monthly_task(
            "Seurantaraportti: edellisen kuukauden luonnos",
            "reporting.tasks.generate_monthly_report",
            day=5,
            hour=6,
        )
    ]
