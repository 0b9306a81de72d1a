"""Undo ("Kumoa", joutsa_tyollisyys/undo.py) of this app's one-click actions: a cancelled agreement and a deleted
draft claim come back while nothing has changed since."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from joutsa_tyollisyys import undo
from joutsa_tyollisyys.formatting import format_date
from joutsa_tyollisyys.services import ConcurrentEditError, save_audited

from . import services
from .enums import OCCUPYING_STATUSES, AgreementStatus
from .models import RehabAgreement


@undo.handler("rehab_work.agreement_cancel")
@transaction.atomic
def agreement_cancel_undo(*, actor, pk: int, state) -> str:
    """Back to the status it was cancelled from; one that reserves the client's time is checked for overlaps."""
    version, previous = state
    changed = _("The agreement has changed since: the cancellation can no longer be undone.")
    try:
        agreement = services._locked_agreement(actor, pk, version)
    except (RehabAgreement.DoesNotExist, ConcurrentEditError) as error:
        raise ValidationError(changed) from error
    if agreement.status != AgreementStatus.CANCELLED or previous not in AgreementStatus.values:
        raise ValidationError(changed)
    agreement.status = previous
    if previous in OCCUPYING_STATUSES:
        services._lock_client(agreement.client_id)
        services._check_terms(agreement)
    save_audited(agreement, actor=actor)
    return _("Undone: the agreement is back in status “%(status)s”.") % {"status": agreement.get_status_display()}


@undo.handler("rehab_work.claim_delete")
@transaction.atomic
def claim_delete_undo(*, actor, pk: int, state) -> str:
    """The deleted draft is computed again for the same period (claim_create refuses if another draft has one)."""
    start, end = (date.fromisoformat(day) for day in state)
    claim = services.claim_create(actor=actor, period_start=start, period_end=end)
    return _("Undone: the draft claim for %(start)s–%(end)s was computed again.") % {
        "start": format_date(claim.period_start), "end": format_date(claim.period_end)}
