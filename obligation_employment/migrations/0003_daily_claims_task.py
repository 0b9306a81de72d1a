"""Schedule the daily claims check (lapse + 14-day reminders); editable in admin (Periodic tasks)."""

from django.db import migrations

from joutsa_tyollisyys.beat import daily_task


class Migration(migrations.Migration):
    dependencies = [
        ("obligation_employment", "0002_seed_rates_and_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [daily_task("Palkkatuen maksatushakemukset: päivittäinen tarkistus",
                             "obligation_employment.tasks.daily_claims_check", hour=6, minute=15)]
