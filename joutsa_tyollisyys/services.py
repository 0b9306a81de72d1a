"""Helpers every app's services use: role checks, optimistic locking, audit stamping, notifications.

A service is ``<entity>_<action>(*, actor, ...)``, keyword-only, ``@transaction.atomic``; it checks
the actor's permission, validates (raising ``ValidationError`` with Finnish messages), writes and
leaves a trail in the change history (django-simple-history) with the actor as the author.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from .messages import Text, msgid_of
from .models import Notification, User, new_token


class ConcurrentEditError(ValidationError):
    """Somebody else saved the same record after this user opened it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. Nothing was overwritten: "
                "reload the page, check their changes and make yours again."
            ),
            code="concurrent_edit",
        )


class MissingVersionError(ValidationError):
    """A form for an existing record came without the version it was rendered with (an old page, a hand-made
    request): refused, never taken as "nobody has changed it since"."""

    def __init__(self):
        super().__init__(
            _(
                "The form came without the version of the record it was opened with, so it cannot be checked "
                "that nobody else has changed the record meanwhile. Nothing was saved: reload the page and make "
                "your change again."
            ),
            code="missing_version",
        )


def sent_version(value) -> int:
    """``expected_version`` for a service from what an edit form sent: missing is refused (``MissingVersionError``),
    garbage counts as stale (0 matches no version, so the service refuses it as a conflict)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise MissingVersionError()
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def require(actor, perm: str, obj=None):
    """Raise PermissionDenied unless ``actor`` has ``perm`` (object-level through django-rules)."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def lock_for_update(model: type[models.Model], pk, expected_version: int | None = None):
    """Fetch a row locked for the rest of the transaction and check its version (optimistic lock).

    ``expected_version`` is the version the user's form was rendered with; ``None`` skips the check
    (used by actions that cannot conflict, e.g. appending a row).
    """
    obj = model._default_manager.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and obj.version != int(expected_version):
        raise ConcurrentEditError()
    return obj


def save_audited(obj: models.Model, *, actor, bump_version: bool = True, **kwargs):
    """Save with the actor recorded as the author of the history row."""
    obj._history_user = actor
    if bump_version and hasattr(obj, "version") and not obj._state.adding:
        obj.version += 1
    obj.full_clean(exclude=kwargs.pop("clean_exclude", None))
    obj.save(**kwargs)
    return obj


def notify(*, recipient, message, url: str = "", email: bool = False):
    """A front-page notification (and an e-mail without personal data, when asked). ``message`` is a
    ``messages.Text`` (an English msgid and its parameters): each reader sees it in their own language; a plain
    string is stored as it is (shown in the language it was made in)."""
    if isinstance(message, Text):
        text, stored = message.in_default_language(), message.as_json()
    else:
        text, stored = str(message), None
    note = Notification.objects.create(recipient=recipient, message=text[:300], text_json=stored, url=url)
    if email and recipient.email:
        with translation.override(settings.LANGUAGE_CODE):  # the subject's language (the reader's is not known)
            body = _("You have a new notification in the employment services system.")
        send_mail(
            subject=text[:120],
            message=body,
            from_email=None,
            recipient_list=[recipient.email],
            fail_silently=True,
        )
    return note


def notification_mark_read(*, actor, notification_id: int):
    updated = Notification.objects.filter(pk=notification_id, recipient=actor, read_at__isnull=True)
    from django.utils import timezone

    return updated.update(read_at=timezone.now())


@transaction.atomic
def accessibility_feedback_send(*, actor, message: str, contact: str = "", page: str = ""):
    """Store feedback on accessibility and tell every administrator (a front-page note and, where they
    have an address, an e-mail that carries no personal data: the feedback is read in Administration).
    Anyone may send feedback, so ``actor`` may be anonymous."""
    from .models import AccessibilityFeedback
    from .roles import Role

    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write your feedback.")})
    feedback = AccessibilityFeedback(
        message=message, contact=(contact or "").strip(), page=(page or "")[:300],
        sent_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    feedback.full_clean()
    feedback.save()
    url = reverse("admin:core_accessibilityfeedback_change", args=[feedback.pk])
    admins = User.objects.filter(is_active=True, groups__name=str(Role.ADMIN)).distinct()
    for admin in admins:
        notify(recipient=admin, message=Text(N_("New feedback on accessibility: answer it within 14 days.")),
               url=url, email=True)
    return feedback


SUPERUSER = "superuser"  # in the audit of access changes: a superuser sees everything, as a role would


def user_access_changed(*, actor, request, user, roles_before, roles_after, team_before, team_after, via=""):
    """Audit a change of a user's roles or team (made in Administration → Users, or ``via="sso"`` by the groups of a
    single sign-on, the user then being the actor) in the access log, and tell the other administrators when it
    gave a role that sees clients' personal data: nobody grants such access unseen.
    ``roles_*`` are sets of role (group) names."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from .access_log import log_access
    from .roles import PERSONAL_DATA_ROLES, Role

    added, removed = sorted(roles_after - roles_before), sorted(roles_before - roles_after)
    if not added and not removed and team_before == team_after:
        return None
    parts = [f"+{name}" for name in added] + [f"-{name}" for name in removed]
    if team_before != team_after:
        parts.append(f"team {team_before or '-'} -> {team_after or '-'}")
    source = " (single sign-on groups)" if via == "sso" else ""
    entry = log_access(request=request, user=actor, action="roles",
                       what=f"{user.username}: {', '.join(parts)}{source}"[:200])
    granted = [name for name in added if name in PERSONAL_DATA_ROLES or name == SUPERUSER]
    if granted:
        admins = get_user_model().objects.filter(
            Q(groups__name=str(Role.ADMIN)) | Q(is_superuser=True), is_active=True,
        ).exclude(pk__in=[actor.pk, user.pk]).distinct()  # the others: not who gave, not who got
        values = {"actor": actor.get_username(), "user": user.get_username(),
                  "roles": [Text(N_("Superuser") if name == SUPERUSER else msgid_of(Role(name).label))
                            for name in granted]}
        if via == "sso":
            message = Text(N_("%(user)s got the role %(roles)s, which sees clients' personal data, from their groups "
                              "in the identity service at single sign-on."), values)
        else:
            message = Text(N_("%(actor)s gave %(user)s the role %(roles)s, which sees clients' personal data."), values)
        for admin in admins:
            notify(recipient=admin, message=message, url=f"/admin/core/user/{user.pk}/change/", email=True)
    return entry


@transaction.atomic
def calendar_token_rotate(*, actor, user_ids=None) -> int:
    """A new calendar-feed address (the old one stops working) for the actor, or, for the administrator, for
    ``user_ids`` (a lost phone, a worker who left). Returns the number of users whose address changed."""
    from .roles import Role, has_role

    ids = [actor.pk] if user_ids is None else list(user_ids)
    if ids != [actor.pk] and not has_role(actor, Role.ADMIN):
        raise PermissionDenied
    users = list(User.objects.select_for_update(of=("self",)).filter(pk__in=ids))
    for user in users:
        user.calendar_token = new_token()
        user.save(update_fields=["calendar_token"])
    return len(users)
