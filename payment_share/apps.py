from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentShareConfig(AppConfig):
    name = "payment_share"
    verbose_name = _("Payment-share list")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            permissions,  # noqa: F401  (registers the rules)
            registrations,  # noqa: F401  (client section, front-page panel, navigation, admin)
        )
