"""Two-factor pages: set up an authenticator app (with recovery codes), and the code step of signing in."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import two_factor
from .views_helpers import add_service_errors


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}))


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if ok and target.startswith("/") else "/"


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    device = two_factor.pending_totp(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_confirm(actor=request.user, code=form.cleaned_data["code"], request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": _next(request)})
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr": two_factor.qr_svg(device), "secret": two_factor.typed_key(device), "next": _next(request),
        "replacing": two_factor.confirmed_totp(request.user) is not None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if two_factor.confirmed_totp(request.user) is None:
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.sign_in_verify(actor=request.user, code=form.cleaned_data["code"], request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_next(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})
