from django.apps import AppConfig


class PaymentShareConfig(AppConfig):
    name = "payment_share"
    default_auto_field = "django.db.models.BigAutoField"
