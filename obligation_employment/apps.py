from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationEmploymentConfig(AppConfig):
    name = "obligation_employment"
    verbose_name = _("Obligation employment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the object rules)
            registrations,  # noqa: F401  (client section, front-page panels, navigation, admin)
        )
