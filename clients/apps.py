from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Clients")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the object rules)
            registrations,  # noqa: F401  (sections, front-page panels, navigation)
        )
