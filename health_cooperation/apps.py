from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthCooperationConfig(AppConfig):
    name = "health_cooperation"
    verbose_name = _("Health and social services cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the object rules)
            registrations,  # noqa: F401  (client-page section, front-page panels, navigation)
            signals,  # noqa: F401  (consent withdrawal stops what depends on it)
        )
