"""Celery beat queues the meeting reminders every day at 15.00 (``tasks.send_meeting_reminders``); on a day that is
not a working day the task finds nothing to remind."""

from django.db import migrations

from joutsa_tyollisyys.beat import daily_task


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_schedule_send_queued")]

    operations = [
        daily_task("Tekstiviestit: tapaamismuistutukset", "messaging.tasks.send_meeting_reminders", hour=15),
    ]
