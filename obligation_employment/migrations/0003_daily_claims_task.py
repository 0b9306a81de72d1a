"""Schedule the daily claims check (lapse + 14-day reminders) in Celery beat's database scheduler.
The row is editable in admin (Periodic tasks) like any other beat schedule."""

from django.db import migrations

TASK = "obligation_employment.tasks.daily_claims_check"
NAME = "Palkkatuen maksatushakemukset: päivittäinen tarkistus"


def schedule(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = Crontab.objects.get_or_create(minute="15", hour="6", day_of_week="*", day_of_month="*",
                                               month_of_year="*", timezone="Europe/Helsinki")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": crontab})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("obligation_employment", "0002_seed_rates_and_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
