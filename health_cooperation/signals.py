"""Withdrawing the health consent stops what depends on it (the withdrawal is a ``clients`` service)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from clients.enums import ConsentPurpose
from clients.models import Consent


@receiver(post_save, sender=Consent, dispatch_uid="health_cooperation.consent_saved")
def consent_saved(sender, instance, created, raw=False, **kwargs):
    if raw or instance.purpose != ConsentPurpose.HEALTH_SERVICES or instance.withdrawn_on is None:
        return
    from .services import stop_after_consent_withdrawal

    stop_after_consent_withdrawal(
        actor=getattr(instance, "_history_user", None), client_id=instance.client_id
    )
