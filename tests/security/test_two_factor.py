"""Two-step sign-in (TOTP + recovery codes) for roles that see personal data."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from joutsa_tyollisyys.roles import Role

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
SETUP, VERIFY = reverse("two_factor_setup"), reverse("two_factor_verify")


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _signed_in(user, language="fi"):
    http = HttpClient()
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    http.force_login(user)
    return http


def _code(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = (at or timezone.now()).timestamp()
    return f"{totp.token():06d}"


def _enrol(http, user):
    http.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = http.post(SETUP, {"code": _code(device), "next": HOME})
    return response, re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())


def test_a_coach_must_set_up_an_authenticator_before_any_page(coach):
    http = _signed_in(coach)
    response = http.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    page = http.get(SETUP).content.decode()
    assert "Ota kaksivaiheinen kirjautuminen käyttöön" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=coach)
    from base64 import b32encode

    assert b32encode(device.bin_key).decode()[:4] + " " in page  # the key typed into an app is base32
    response, codes = _enrol(http, coach)
    assert "Varakoodisi" in response.content.decode() and len(set(codes)) == 10
    assert http.get(HOME).status_code == 200
    assert TOTPDevice.objects.get(user=coach).confirmed


def test_the_pages_in_swedish(coach):
    http = _signed_in(coach, "sv")
    assert "Ta tvåstegsinloggning i bruk" in http.get(SETUP).content.decode()
    _enrol(http, coach)
    other = _signed_in(coach, "sv")
    assert "Inloggningskod" in other.get(VERIFY).content.decode()


def test_sign_in_needs_the_code_a_wrong_one_is_refused_and_throttled(coach):
    _enrol(_signed_in(coach), coach)
    device = TOTPDevice.objects.get(user=coach)
    http = _signed_in(coach)  # a new sign-in with the password
    response = http.get(reverse("clients:list"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    start = timezone.now() + timedelta(minutes=2)
    with time_machine.travel(start, tick=False):
        response = http.post(VERIFY, {"code": "000000"})
        assert "Koodi ei ole oikea" in response.content.decode()
        response = http.post(VERIFY, {"code": _code(device, start)})  # right, but too soon after a wrong one
        assert "Liian monta väärää koodia" in response.content.decode()
        assert http.get(HOME).status_code == 302
    later = start + timedelta(seconds=40)
    with time_machine.travel(later, tick=False):
        response = http.post(VERIFY, {"code": _code(device, later), "next": reverse("clients:list")})
        assert response.status_code == 302 and response["Location"] == reverse("clients:list")
        assert http.get(HOME).status_code == 200


def test_a_recovery_code_works_once(coach):
    _response, codes = _enrol(_signed_in(coach), coach)
    http = _signed_in(coach)
    assert http.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert http.get(HOME).status_code == 200
    again = _signed_in(coach)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        assert "Koodi ei ole oikea" in again.post(VERIFY, {"code": codes[0]}).content.decode()


def test_roles_without_personal_data_and_the_setting_off(make_user, coach, settings):
    assert _signed_in(make_user(Role.WORKING_GROUP, username="wg2")).get(HOME).status_code == 200
    dpo = make_user(Role.DATA_PROTECTION_OFFICER, username="dpo2")
    assert _signed_in(dpo).get(reverse("clients:log_extract")).status_code == 302
    settings.TWO_FACTOR_REQUIRED = False
    assert _signed_in(coach).get(HOME).status_code == 200


def test_public_pages_and_sign_out_stay_open(coach):
    http = _signed_in(coach)
    assert http.get(reverse("accessibility")).status_code == 200
    assert http.post(reverse("logout")).status_code == 302
    assert HttpClient().get(reverse("accessibility")).status_code == 200


def test_next_cannot_leave_the_site(coach):
    http = _signed_in(coach)
    http.get(SETUP)
    device = TOTPDevice.objects.get(user=coach)
    response = http.post(SETUP, {"code": _code(device), "next": "https://evil.example/"})
    assert 'href="/"' in response.content.decode()
