"""The monthly review of the payment-share list: contact persons, contacts made, responsible workers, the bulk
assignment (split from ``services``, which re-exports these: callers use ``services.entry_…``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from clients.models import Client
from clients.services import client_assign_worker
from joutsa_tyollisyys.formatting import format_date
from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.roles import CLIENT_WORKERS, has_role
from joutsa_tyollisyys.services import lock_for_update, notify, require, save_audited

from . import selectors
from .enums import BulkAction
from .models import PaymentShareEntry


def month_label(month) -> str:
    return f"{month.month}/{month.year}"


def _check_worker(worker):
    if worker is not None and not has_role(worker, *CLIENT_WORKERS):
        raise ValidationError({"worker": [_("Choose a coach or the social counsellor.")]})


@transaction.atomic
def entry_assign_contact(
    *, actor, entry_id: int, worker, expected_version: int | None = None, notify_worker: bool = True
) -> PaymentShareEntry:
    """Name who contacts the person about this month's list (decided in the monthly review)."""
    entry = lock_for_update(PaymentShareEntry, entry_id, expected_version)
    require(actor, "payment_share.assign_contact", entry)
    _check_worker(worker)
    if entry.contact_worker_id == getattr(worker, "pk", None):
        return entry
    entry.contact_worker = worker
    save_audited(entry, actor=actor)
    if notify_worker and worker is not None and worker.pk != actor.pk:
        notify(
            recipient=worker,
            url=entry.client.get_absolute_url(),
            message=Text(N_("You were asked to contact %(name)s (payment-share list %(month)s)."),
                         {"name": entry.client.full_name, "month": month_label(entry.month)}),
        )
    return entry


@transaction.atomic
def entry_mark_contacted(
    *, actor, entry_id: int, expected_version: int | None = None, on=None
) -> PaymentShareEntry:
    entry = lock_for_update(PaymentShareEntry, entry_id, expected_version)
    require(actor, "payment_share.assign_contact", entry)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"contacted_on": [_("The contact cannot be in the future.")]})
    if entry.contacted_on:
        raise ValidationError(
            _("This person was already marked contacted on %(date)s.")
            % {"date": format_date(entry.contacted_on)}
        )
    entry.contacted_on, entry.contacted_by = on, actor
    selectors.FIGURES.forget_on_commit()
    return save_audited(entry, actor=actor)


@transaction.atomic
def entry_assign_responsible(*, actor, entry_id: int, worker) -> Client:
    """Name the person's responsible worker from the review (through the clients app's service)."""
    entry = PaymentShareEntry.objects.select_related("client").get(pk=entry_id)
    require(actor, "payment_share.assign_contact", entry)
    if worker is None:
        raise ValidationError({"worker": [_("Choose the responsible worker.")]})
    selectors.FIGURES.forget_on_commit()
    try:
        return client_assign_worker(
            actor=actor,
            client_id=entry.client_id,
            worker=worker,
            reason=_("Named in the payment-share review of %(month)s") % {"month": month_label(entry.month)},
            expected_worker_id=None,  # the review names a worker only for someone without one: never overwrites
        )
    except PermissionDenied:
        raise ValidationError(
            {
                "worker": [
                    _(
                        "You cannot change the responsible worker of %(name)s: the client has a worker in "
                        "another team. Ask the social counsellor."
                    )
                    % {"name": entry.client.full_name}
                ]
            }
        ) from None


@transaction.atomic
def review_bulk_assign(*, actor, entry_ids, worker, action: str) -> int:
    """Assign many persons at once; all or nothing. Returns how many changed. A responsible worker is
    named only for persons who have none (the plan: clients are not passed around)."""
    require(actor, "payment_share.assign_contact")
    ids = sorted(set(entry_ids or []))
    if not ids:
        raise ValidationError({"entries": [_("Choose at least one person from the list.")]})
    if worker is None:
        raise ValidationError({"worker": [_("Choose the worker.")]})
    _check_worker(worker)
    entries = list(PaymentShareEntry.objects.filter(pk__in=ids).select_related("client"))
    if len(entries) != len(ids):
        raise ValidationError(_("Some of the chosen rows no longer exist: reload the page."))
    changed = 0
    for entry in entries:
        if action == BulkAction.RESPONSIBLE:
            if entry.client.responsible_worker_id is not None:  # a worker is changed on the client page only
                continue
            entry_assign_responsible(actor=actor, entry_id=entry.pk, worker=worker)
        elif action == BulkAction.CONTACT:
            if entry.contact_worker_id == worker.pk:
                continue
            entry_assign_contact(actor=actor, entry_id=entry.pk, worker=worker, notify_worker=False)
        else:
            raise ValidationError({"action": [_("Choose what to assign.")]})
        changed += 1
    if action == BulkAction.CONTACT and changed and worker.pk != actor.pk:
        notify(
            recipient=worker,
            url=reverse("payment_share:review") + f"?month={entries[0].month:%Y-%m}&mine=on",
            message=Text(N_("You were asked to contact %(count)s persons on the payment-share list %(month)s."),
                         {"count": changed, "month": month_label(entries[0].month)}),
        )
    return changed
