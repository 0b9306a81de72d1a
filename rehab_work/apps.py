from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabWorkConfig(AppConfig):
    name = "rehab_work"
    verbose_name = _("Rehabilitative work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the object rules)
            registrations,  # noqa: F401  (client section, front-page panels, navigation, admin)
        )
