from django.apps import AppConfig


class RehabWorkConfig(AppConfig):
    name = "rehab_work"
    default_auto_field = "django.db.models.BigAutoField"
