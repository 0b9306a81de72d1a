"""Periodic tasks live in Celery beat's database scheduler (django-celery-beat), so admins can change
their times in Administration → Periodic tasks. Apps schedule theirs with a data migration:

    operations = [daily_task("Name shown in admin", "app.tasks.task_name", hour=6, minute=15)]
    operations = [monthly_task("Name shown in admin", "app.tasks.task_name", day=5, hour=6)]
    operations = [every_minutes_task("Name shown in admin", "app.tasks.task_name", minutes=15)]
"""

from django.db import migrations


def daily_task(name: str, task: str, *, hour: int, minute: int = 0):
    return _cron_task(name, task, hour=hour, minute=minute, day_of_month="*")


def monthly_task(name: str, task: str, *, day: int, hour: int, minute: int = 0):
    """Once a month on ``day`` (admins change the day in the periodic task's crontab)."""
    return _cron_task(name, task, hour=hour, minute=minute, day_of_month=str(day))


def every_minutes_task(name: str, task: str, *, minutes: int):
    """Every ``minutes`` minutes, round the clock."""
    return _cron_task(name, task, hour="*", minute=f"*/{minutes}", day_of_month="*")


def _cron_task(name, task, *, hour, minute, day_of_month):
    def schedule(apps, schema_editor):
        crontab, _ = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
            minute=str(minute), hour=str(hour), day_of_week="*", day_of_month=day_of_month, month_of_year="*",
            timezone="Europe/Helsinki",
        )
        apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab}
        )

    def unschedule(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()

    return migrations.RunPython(schedule, unschedule)
