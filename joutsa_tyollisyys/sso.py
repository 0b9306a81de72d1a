"""Single sign-on over OpenID Connect with the organisation's identity provider (Entra ID, ADFS …).

mozilla-django-oidc does the protocol: the authorization-code flow with state, nonce and PKCE, the token request
and the ID token's signature (the provider's JWKS). On top of it, here:

- the configuration from the environment (settings: ``OIDC_*``), the endpoints from the issuer's discovery
  document unless given; off when no issuer or client id is set;
- only ID tokens whose ``iss`` is the configured issuer and whose ``aud`` names this client are accepted (the
  library checks neither), and a discovery document of another issuer is refused;
- the provider's account (issuer + ``sub``) is the user; a new one makes a user without a password;
- roles from the group claim through the administrator's mapping (``SsoGroupRole``) at every sign-in: a group
  no longer in the claim takes its role away; the changes go to the access log like the administrator's;
- the break-glass account: a local administrator who may sign in with a password when local sign-in is off;
- django-csp's middleware with the provider in ``form-action`` (the sign-out form redirects there).
"""

import logging
import time
from urllib.parse import urlencode, urlsplit

import requests
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import SsoGroupRole, SsoIdentity, User
from .roles import Role

logger = logging.getLogger(__name__)

#: Settings of an endpoint → its name in the discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_SECONDS = 3600
_discovery: dict = {}  # issuer → (fetched at, document)


class ProviderUnavailable(RuntimeError):
    """The identity provider did not answer, or answered something not to be trusted."""


def enabled() -> bool:
    return bool(settings.OIDC_OP_ISSUER and settings.OIDC_RP_CLIENT_ID)


def issuer() -> str:
    return settings.OIDC_OP_ISSUER.rstrip("/")


def discovery() -> dict:
    """The issuer's ``/.well-known/openid-configuration`` (kept for an hour), refused unless it names the
    configured issuer (OpenID Connect Discovery § 4.3)."""
    cached = _discovery.get(issuer())
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    try:
        response = requests.get(f"{issuer()}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"discovery failed: {error}") from error
    if str(document.get("issuer", "")).rstrip("/") != issuer():
        raise ProviderUnavailable(f"discovery names another issuer: {document.get('issuer')!r}")
    _discovery[issuer()] = (time.monotonic(), document)
    return document


def setting(name, *default):
    """A setting, for an endpoint left empty the discovery document's (mozilla-django-oidc's ``get_settings``)."""
    value = getattr(settings, name, None)
    if name in ENDPOINTS and not value:
        value = discovery().get(ENDPOINTS[name]) or ""
        if not value and name != "OIDC_OP_LOGOUT_ENDPOINT":
            raise ProviderUnavailable(f"the provider has no {ENDPOINTS[name]}")
        return value
    if value is None:
        if default:
            return default[0]
        raise ImproperlyConfigured(f"Setting {name} not found")
    return value


def logout_url(request, id_token: str | None) -> str:
    """The provider's end-session address (RP-initiated logout) that returns to the sign-in page; empty when the
    provider has none (or does not answer: the local sign-out has happened all the same)."""
    try:
        endpoint = setting("OIDC_OP_LOGOUT_ENDPOINT")
    except ProviderUnavailable:
        logger.warning("single sign-on: the provider's end-session endpoint is not known", exc_info=True)
        return ""
    if not endpoint:
        return ""
    params = {"client_id": settings.OIDC_RP_CLIENT_ID,
              "post_logout_redirect_uri": request.build_absolute_uri(reverse("login"))}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the endpoints read when needed (a password sign-in never asks the
    provider), the issuer and audience checked, users found by the provider's account, roles from groups."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802  (the library's attribute names)
        return setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return setting("OIDC_OP_JWKS_ENDPOINT")

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "nonce" not in kwargs:
            return None  # not the SSO callback (a password sign-in, say)
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, ProviderUnavailable, requests.RequestException) as error:
            logger.warning("single sign-on refused: %s", error)
            return None

    def retrieve_matching_jwk(self, token):
        """The provider's key by the token's ``kid`` (the library's way); a token without a ``kid`` only when the
        provider publishes exactly one key for the token's algorithm (the library would fail with a KeyError)."""
        import jwt

        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [key for key in response.json().get("keys", [])
                if key.get("alg", header.get("alg")) == header.get("alg") and key.get("use", "sig") == "sig"]
        if len(keys) != 1:
            raise SuspiciousOperation("a token without a key id, and not exactly one key of its algorithm")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)  # the signature and the nonce (and exp, by PyJWT)
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation(f"ID token of another issuer: {payload.get('iss')!r}")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The ID token's claims and the userinfo's together (Entra ID sends the groups only in the ID token)."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub", payload.get("sub")) != payload.get("sub"):
            raise SuspiciousOperation("userinfo of another subject")
        return sso_sign_in(claims={**userinfo, **payload}, request=self.request)

    def get_user(self, user_id):
        from .auth import ModelBackend

        return ModelBackend().get_user(user_id)  # roles read with the user; an inactive user is signed out


def groups_of(claims) -> list[str]:
    value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return sorted({str(group) for group in value if str(group).strip()})


def _username(claims) -> str:
    for claim in (settings.OIDC_USERNAME_CLAIM, "preferred_username", "email", "sub"):
        value = str(claims.get(claim) or "").strip().lower()
        if value:
            return value[:150]
    raise SuspiciousOperation("no user name in the claims")


@transaction.atomic
def sso_sign_in(*, claims, request) -> User:
    """The user of the provider's account in ``claims`` (made on the first sign-in: without a password), with
    their names and e-mail from the claims and their roles from the group claim (``sso_roles_apply``).

    A first sign-in whose user name is a local user's takes that user over (the municipality's accounts keep
    their history) unless the user is a superuser, the break-glass account or already another account's."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SuspiciousOperation("no subject in the claims")
    identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer(), subject=subject).first()
    if identity is None:
        username = _username(claims)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username)  # no usable password: only single sign-on
        elif (user.is_superuser or username == settings.BREAK_GLASS_USERNAME
              or SsoIdentity.objects.filter(user=user).exists()):
            raise SuspiciousOperation(f"the user name {username!r} belongs to a local account that SSO may not take")
        identity = SsoIdentity.objects.create(user=user, issuer=issuer(), subject=subject)
    else:
        user = identity.user
        if not user.is_active:
            raise SuspiciousOperation(f"the user {user.username!r} is deactivated")  # nothing changed or logged
        identity.last_signed_in = timezone.now()
        identity.save(update_fields=["last_signed_in"])
    changed = []
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name"), ("email", "email")):
        value = str(claims.get(claim) or "")[:150]
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)
    sso_roles_apply(user=user, groups=groups_of(claims), request=request)
    return user


@transaction.atomic
def sso_roles_apply(*, user, groups, request=None) -> set[str]:
    """Give ``user`` exactly the roles the mapping gives ``groups`` (other groups of theirs are kept), the team of
    the first mapped group that names one, and the administration's staff status with the administrator role.
    Audited like the administrator's changes (``services.user_access_changed``). Returns the roles."""
    from .services import user_access_changed

    mappings = list(SsoGroupRole.objects.filter(group__in=list(groups)).select_related("team"))
    wanted = {mapping.role for mapping in mappings}
    before = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    team_before = str(user.team) if user.team_id else ""
    role_groups = {group.name: group for group in Group.objects.filter(name__in=before | wanted)}
    user.groups.remove(*[role_groups[name] for name in before - wanted])
    user.groups.add(*[role_groups[name] for name in wanted - before])
    team = next((mapping.team for mapping in sorted(mappings, key=lambda m: (m.group, m.pk)) if mapping.team_id),
                None)
    fields = []
    if team is not None and user.team_id != team.pk:
        user.team = team
        fields.append("team")
    if user.is_staff != (str(Role.ADMIN) in wanted):
        user.is_staff = str(Role.ADMIN) in wanted
        fields.append("is_staff")
    if fields:
        user.save(update_fields=fields)
    user._role_cache = frozenset(wanted)
    user_access_changed(actor=user, request=request, user=user, roles_before=before, roles_after=wanted,
                        team_before=team_before, team_after=str(user.team) if user.team_id else "", via="sso")
    return wanted


def break_glass_used(request, user) -> None:
    """The break-glass account signed in with its password: a row in the access log, a warning in the server's
    log, a note (and e-mail) to every other administrator, and a warning on the user's own screen."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.utils.translation import gettext_noop as N_

    from .access_log import log_access
    from .messages import Text
    from .services import notify

    log_access(request=request, user=user, action="sign_in", what="break-glass sign-in")
    logger.warning("the break-glass account %s signed in with its password", user.get_username())
    others = get_user_model().objects.filter(
        Q(groups__name=str(Role.ADMIN)) | Q(is_superuser=True), is_active=True).exclude(pk=user.pk).distinct()
    message = Text(N_("The break-glass account %(user)s signed in with its password."), {"user": user.get_username()})
    for admin in others:
        notify(recipient=admin, message=message, url=reverse("admin:core_accesslogentry_changelist"), email=True)
    if request is not None:
        messages.warning(request, _("You signed in with the break-glass account. Its use is logged and told to the "
                                    "other administrators: use it only when single sign-on does not work."),
                         fail_silently=True)


def provider_origins() -> list[str]:
    """The provider's origins (the issuer's, and an end-session endpoint's given in the settings)."""
    origins = []
    for url in (issuer(), settings.OIDC_OP_LOGOUT_ENDPOINT):
        parts = urlsplit(url or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return list(dict.fromkeys(origins))


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's, with the provider's origin added to ``form-action`` when single sign-on is on: the sign-out
    form posts here and is redirected to the provider's end-session endpoint (a redirect that ``form-action``
    governs too)."""

    def process_response(self, request, response):
        if enabled():
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *provider_origins()]
            response._csp_update = update
        return super().process_response(request, response)
