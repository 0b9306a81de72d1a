from django.apps import AppConfig


class HealthCooperationConfig(AppConfig):
    name = "health_cooperation"
    default_auto_field = "django.db.models.BigAutoField"
