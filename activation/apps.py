from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivationConfig(AppConfig):
    name = "activation"
    verbose_name = _("Activation plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the object rules)
            registrations,  # noqa: F401  (client-page section, front-page panel, navigation)
        )
