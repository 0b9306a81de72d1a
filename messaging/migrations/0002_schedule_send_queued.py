from django.db import migrations

from joutsa_tyollisyys.beat import every_minutes_task


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_text_message"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        every_minutes_task("Tekstiviestit: jonoon jääneiden lähetys", "messaging.tasks.send_queued_text_messages",
                           minutes=5),
    ]
