"""Local password sign-in can be switched off (``LOCAL_LOGIN_ENABLED``); the break-glass account still signs in,
and its every use is logged, warned about and told to the other administrators."""

import pytest
from django.test import Client as HttpClient

from joutsa_tyollisyys.models import AccessLogEntry, Notification
from joutsa_tyollisyys.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Salasana-123"


def _sign_in(username, path="/accounts/login/"):
    http = HttpClient()
    response = http.post(path, {"username": username, "password": PASSWORD}, follow=True)
    return http, response


def test_with_local_sign_in_off_only_the_break_glass_account_gets_in(settings):
    settings.LOCAL_LOGIN_ENABLED = False
    settings.BREAK_GLASS_USERNAME = "hata"
    UserFactory(username="valmentaja", role=Role.COACH)
    UserFactory(username="hata", role=Role.ADMIN, is_staff=True)
    other_admin = UserFactory(username="paa2", role=Role.ADMIN, is_staff=True)
    http, _response = _sign_in("valmentaja")
    assert "_auth_user_id" not in http.session
    http, _response = _sign_in("valmentaja", "/admin/login/")  # nor through the administration's own page
    assert "_auth_user_id" not in http.session
    http, response = _sign_in("hata")
    assert "_auth_user_id" in http.session
    assert "Kirjauduit hätätunnuksella" in response.content.decode()
    entry = AccessLogEntry.objects.get(action="sign_in")
    assert (entry.username, entry.what) == ("hata", "break-glass sign-in")
    assert Notification.objects.get(recipient=other_admin).message == "Hätätunnus hata kirjautui sisään salasanalla."


def test_the_sign_in_page_without_local_sign_in(settings):
    settings.LOCAL_LOGIN_ENABLED = False
    settings.BREAK_GLASS_USERNAME = "hata"
    settings.OIDC_OP_ISSUER, settings.OIDC_RP_CLIENT_ID = "https://login.example", "app"
    page = HttpClient().get("/accounts/login/").content.decode()
    assert "Kirjaudu organisaation tunnuksella" in page and "Pääkäyttäjän hätäkirjautuminen" in page
    assert "Kirjaudu käyttäjätunnuksella ja salasanalla" not in page
    page = HttpClient(headers={"cookie": "django_language=sv"}).get("/accounts/login/").content.decode()
    assert "Logga in med organisationens konto" in page and "Nödinloggning för huvudanvändaren" in page


def test_with_local_sign_in_on_everyone_signs_in_and_the_break_glass_account_is_still_logged(settings):
    settings.BREAK_GLASS_USERNAME = "hata"
    UserFactory(username="valmentaja", role=Role.COACH)
    UserFactory(username="hata", role=Role.ADMIN, is_staff=True)
    http, _response = _sign_in("valmentaja")
    assert "_auth_user_id" in http.session
    assert not AccessLogEntry.objects.filter(action="sign_in").exists()
    _sign_in("hata")
    assert AccessLogEntry.objects.filter(action="sign_in", username="hata").count() == 1


def test_a_user_of_single_sign_on_has_no_password_to_change(make_user, login):
    user = make_user(Role.COACH)
    user.set_unusable_password()
    user.save()
    assert "Vaihda salasana" not in login(user).get("/").content.decode()


def test_production_refuses_local_sign_in_off_without_single_sign_on():
    from tests.core.test_settings import _run

    secrets = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 30 + "Yz!9" * 10, "ALLOWED_HOSTS": "t.example",
               "FIELD_ENCRYPTION_KEYS": "salt", "NATIONAL_ID_HASH_KEY": "k", "ACCESS_LOG_HMAC_KEY": "k2"}
    result = _run({**secrets, "LOCAL_LOGIN_ENABLED": "False"}, "check")
    assert result.returncode != 0 and "LOCAL_LOGIN_ENABLED=False needs single sign-on" in result.stderr
    result = _run({**secrets, "OIDC_OP_ISSUER": "https://login.example", "OIDC_RP_CLIENT_ID": "app"}, "check")
    assert result.returncode != 0 and "OIDC_RP_CLIENT_SECRET" in result.stderr
    result = _run({**secrets, "LOCAL_LOGIN_ENABLED": "False", "OIDC_OP_ISSUER": "https://login.example",
                   "OIDC_RP_CLIENT_ID": "app", "OIDC_RP_CLIENT_SECRET": "s"}, "check")
    assert result.returncode == 0, result.stderr
