import rules
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group
from django.db.models import OuterRef, Sum
from django.utils import timezone

from .proxy import client_ip
from .rows import RelatedRows

UserModel = get_user_model()


class ModelBackend(DjangoModelBackend):
    """Django's model permissions (used by the admin) — but never for permissions that django-rules
    defines: those are decided by their rule alone, without loading the permission tables."""

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def authenticate(self, request, username=None, password=None, **kwargs):
        """A password sign-in: refused while local sign-in is off (``LOCAL_LOGIN_ENABLED``) unless it is the
        break-glass account (``BREAK_GLASS_USERNAME``), whose every use is logged and told (``sso``)."""
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        break_glass = bool(settings.BREAK_GLASS_USERNAME) and username == settings.BREAK_GLASS_USERNAME
        if not settings.LOCAL_LOGIN_ENABLED and not break_glass:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and break_glass:
            from .sso import break_glass_used

            break_glass_used(request, user)
        return user

    def get_user(self, user_id):
        """The user of a session, with their roles (see ``roles.roles_of``) read in the same query."""
        groups = RelatedRows(Group.objects.filter(user=OuterRef("pk")), fields=["name"])
        user = UserModel._default_manager.annotate(role_groups=groups).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_cache = frozenset(group.name for group in user.role_groups)
        return user


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock of a user name from an address, and a lock of the address itself after
    ``LOGIN_FAILURES_PER_ADDRESS`` failures within ``AXES_COOLOFF_TIME`` whatever the user names (password spraying:
    one password tried on many names never trips a per-name limit)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)  # raises when locked
        limit = settings.LOGIN_FAILURES_PER_ADDRESS
        if settings.AXES_ENABLED and request is not None and address_failures(request) >= limit:
            request.axes_locked_out = request.axes_address_locked = True  # the lock-out page says which lock
            raise AxesBackendPermissionDenied("Too many failed logins from this address.")


def address_failures(request) -> int:
    """Failed logins from the request's address within the cool-off time, summed over every user name."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
