import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joutsa_tyollisyys.settings")

app = Celery("joutsa_tyollisyys")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
