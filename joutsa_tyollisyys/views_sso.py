"""Sign-in and sign-out pages with single sign-on (``sso.py``): the sign-in page (the SSO button and, unless local
sign-in is off, the password form), the start and the return of the OpenID Connect flow, the sign-out of both, and
the page of a person who got in without any role."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views

from . import sso
from .roles import roles_of
from .two_factor import SSO_SESSION_KEY


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(sso_enabled=sso.enabled(), local_login=settings.LOCAL_LOGIN_ENABLED,
                       break_glass=bool(settings.BREAK_GLASS_USERNAME))
        return context


def _provider_failed(request):
    messages.error(request, _("Signing in through the organisation's identity service did not succeed. Try again; "
                              "if it keeps failing, tell the municipality's administrator of this system."))
    return redirect("login")


class StartView(oidc_views.OIDCAuthenticationRequestView):
    """To the provider's sign-in (state, nonce and PKCE kept in the session by the library)."""

    get_settings = staticmethod(sso.setting)

    def __init__(self, *args, **kwargs):
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except sso.ProviderUnavailable:
            return _provider_failed(request)
        return super().get(request)

    def get_extra_params(self, request):
        return {"ui_locales": request.LANGUAGE_CODE} if getattr(request, "LANGUAGE_CODE", "") else {}


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """The provider's answer: the library checks the state and the nonce, ``sso.SsoBackend`` the rest."""

    get_settings = staticmethod(sso.setting)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        return _provider_failed(self.request)

    def login_success(self):
        response = super().login_success()
        self.request.session[SSO_SESSION_KEY] = True  # the provider did the second factor
        if not roles_of(self.user) and not self.user.is_superuser:
            return redirect("no_role")
        return response


class LogoutView(auth_views.LogoutView):
    """Sign out here, and after a single sign-on at the provider too (RP-initiated logout) when it has an
    end-session endpoint; it returns to the sign-in page."""

    def post(self, request, *args, **kwargs):
        signed_in_with_sso = bool(request.session.get(SSO_SESSION_KEY))
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if signed_in_with_sso and sso.enabled():
            url = sso.logout_url(request, id_token)
            if url:
                return redirect(url)
        return response


@login_required
def no_role(request):
    """A person who signed in (through SSO) but whose groups give no role: whom to ask. No personal data."""
    if roles_of(request.user) or request.user.is_superuser:
        return redirect("core:home")
    return render(request, "registration/no_role.html", {
        "contact": settings.SSO_HELP_CONTACT, "municipality": settings.MUNICIPALITY_NAME})
