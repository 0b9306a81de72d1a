from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Invitation rounds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the rules)
            registrations,  # noqa: F401  (navigation, admin)
            signals,  # noqa: F401  (a held meeting marks the person contacted)
        )
