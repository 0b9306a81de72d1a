"""Two-factor sign-in for local accounts: a TOTP authenticator app, with one-time recovery codes (django-otp).

Required (setting ``TWO_FACTOR_REQUIRED``, on in production) for every role that sees personal data. A user who
has signed in with a password but not with a second factor reaches only the enrolment and code pages, sign-out
and the public pages. Wrong codes are throttled by django-otp (2, 4, 8 … seconds) and by the page's own limit.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import PERSONAL_DATA_ROLES, Role, has_role

RECOVERY_CODES = 10
#: Roles that must use a second factor: those that see personal data, and the data protection officer (the log).
TWO_FACTOR_ROLES = frozenset(PERSONAL_DATA_ROLES | {Role.DATA_PROTECTION_OFFICER})
#: Sessions signed in through single sign-on carry this key; the provider is then responsible for the factors.
SSO_SESSION_KEY = "signed_in_with_sso"
_OPEN_URL_NAMES = ("two_factor_setup", "two_factor_verify", "logout", "login", "accessibility", "healthz",
                   "set_language", "sso_start", "oidc_authentication_callback")


def required_for(user) -> bool:
    return bool(getattr(settings, "TWO_FACTOR_REQUIRED", False) and user.is_authenticated
                and (user.is_superuser or has_role(user, *TWO_FACTOR_ROLES)))


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:
    """The device being enrolled (unconfirmed), made on first need; its secret stays the same until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def typed_key(device) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device) -> str:
    url = device.config_url
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=_("QR code"))


def _throttled(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    wait = max(1, int(((data or {}).get("locked_until", timezone.now()) - timezone.now()).total_seconds()) + 1)
    return ValidationError(
        {"code": _("Too many wrong codes. Wait %(seconds)s seconds and then try again.") % {"seconds": wait}},
        code="throttled")


def _clean(code: str) -> str:
    return "".join(str(code).split()).replace("-", "").lower()


@transaction.atomic
def totp_confirm(*, actor, code: str, request=None) -> list[str]:
    """Confirm the pending authenticator with a code from it; return new recovery codes (shown once)."""
    device = pending_totp(actor)
    error = _throttled(device)
    if error:
        raise error
    if not device.verify_token(_clean(code)):
        raise ValidationError({"code": _("The code is not right. Type the six digits your authenticator app "
                                         "shows now.")}, code="wrong")
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(actor=actor)
    if request is not None:
        otp_login(request, device)
    return codes


@transaction.atomic
def recovery_codes_renew(*, actor) -> list[str]:
    StaticDevice.objects.filter(user=actor).delete()
    device = StaticDevice.objects.create(user=actor, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def sign_in_verify(*, actor, code: str, request) -> None:
    """The second step of signing in: a TOTP code, or one recovery code (used up)."""
    totp = confirmed_totp(actor)
    if totp is None:
        raise ValidationError({"code": _("You have no authenticator yet. Set one up first.")}, code="none")
    code = _clean(code)
    devices = [totp] if code.isdigit() else list(StaticDevice.objects.filter(user=actor, confirmed=True))
    for device in devices:
        error = _throttled(device)
        if error:
            raise error
    for device in devices:
        if device.verify_token(code):
            otp_login(request, device)
            return
    raise ValidationError({"code": _("The code is not right. Type the six digits your authenticator app shows now, "
                                     "or one of your recovery codes.")}, code="wrong")


class TwoFactorRequiredMiddleware:
    """Send a signed-in user who must use a second factor and has not to the code page (or to set one up)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and required_for(user) and not request.session.get(SSO_SESSION_KEY)
                and not user.is_verified() and not self._is_open(request.path)):
            target = "two_factor_verify" if confirmed_totp(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_open(self, path):
        if self._open is None:
            self._open = tuple(reverse(name) for name in _OPEN_URL_NAMES)
        return path.startswith((settings.STATIC_URL, *self._open))
