"""Seed the rate tables (admin-editable afterwards) and the daily job that closes finished agreements.

- State compensation to the organiser (law 189/2001 § 24): 10,09 € per participant per participation day.
  Its earlier history is not recorded here; the admin adds rows when the amount changes.
- The client's expense allowance (kulukorvaus / toimintaraha): 9 € per day of attendance.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

SINCE = date(2015, 1, 1)


def seed(apps, schema_editor):
    apps.get_model("rehab_work", "CompensationRate").objects.get_or_create(
        valid_from=SINCE, defaults={"amount_per_day": Decimal("10.09")})
    apps.get_model("rehab_work", "ExpenseAllowanceRate").objects.get_or_create(
        valid_from=SINCE, defaults={"amount_per_day": Decimal("9.00")})
    crontab = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
        minute="15", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Helsinki")[0]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name="Close finished rehabilitative work agreements",
        defaults={"task": "rehab_work.close_finished_agreements", "crontab": crontab})


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task="rehab_work.close_finished_agreements").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rehab_work", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
