"""Undo ("Kumoa", joutsa_tyollisyys/undo.py) of a cancelled health-check referral or sote-team booking, while
nothing has changed since (a slot booked by someone else in the meantime stays theirs)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from joutsa_tyollisyys import undo
from joutsa_tyollisyys.services import ConcurrentEditError, save_audited

from . import services
from .enums import BookingStatus, HealthCheckStatus
from .models import HealthCheckReferral, SoteBooking


def _restore(actor, model, pk, version, cancelled, restored, changed):
    try:
        obj = services._locked(actor, model, pk, version)
    except (model.DoesNotExist, ConcurrentEditError) as error:
        raise ValidationError(changed) from error
    if obj.status != cancelled:
        raise ValidationError(changed)
    obj.status, obj.cancel_reason = restored, ""
    if hasattr(obj, "cancelled_on"):
        obj.cancelled_on = None
    return save_audited(obj, actor=actor)


@undo.handler("health_cooperation.check_cancel")
@transaction.atomic
def health_check_cancel_undo(*, actor, pk: int, state: int) -> str:
    _restore(actor, HealthCheckReferral, pk, state, HealthCheckStatus.CANCELLED, HealthCheckStatus.REFERRED,
             _("The referral has changed since: the cancellation can no longer be undone."))
    return _("Undone: the referral is open again.")


@undo.handler("health_cooperation.booking_cancel")
@transaction.atomic
def sote_booking_cancel_undo(*, actor, pk: int, state: int) -> str:
    _restore(actor, SoteBooking, pk, state, BookingStatus.CANCELLED, BookingStatus.BOOKED,
             _("The booking has changed since: the cancellation can no longer be undone."))
    return _("Undone: the slot is booked again.")
