"""Generate the sote team's coming meetings daily; editable in admin (Periodic tasks)."""

from django.db import migrations

from joutsa_tyollisyys.beat import daily_task


class Migration(migrations.Migration):
    dependencies = [
        ("health_cooperation", "0002_seed_examination_types"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [daily_task("Sote-tiimi: tulevien kokousten luonti",
                             "health_cooperation.tasks.materialise_sote_meetings", hour=5, minute=30)]
