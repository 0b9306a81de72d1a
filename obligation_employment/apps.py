from django.apps import AppConfig


class ObligationEmploymentConfig(AppConfig):
    name = "obligation_employment"
    default_auto_field = "django.db.models.BigAutoField"
