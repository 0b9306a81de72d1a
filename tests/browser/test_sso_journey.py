"""Single sign-on in a real browser against a real OpenID Connect provider on loopback (oidc-provider-mock): the
sign-in page in Finnish and Swedish, the coach signs in at the provider, gets the coach's role from the group
mapping and the coach's front page, and signs out of both; a person without a mapped group sees whom to ask."""

import re

import pytest

from joutsa_tyollisyys.models import SsoGroupRole
from joutsa_tyollisyys.roles import Role
from tests.browser.conftest import assert_accessible
from tests.sso.provider import configure, oidc_provider, set_person  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in_at_provider(page, live_server, oidc_provider, sub):  # noqa: F811
    page.get_by_role("link", name="Kirjaudu organisaation tunnuksella").click()
    page.wait_for_url(re.compile(re.escape(f"{oidc_provider}/oauth2/authorize")))
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_coach_signs_in_through_the_provider_and_out_of_both(page, live_server, settings, oidc_provider):  # noqa: F811
    configure(settings, oidc_provider, LOCAL_LOGIN_ENABLED=False, BREAK_GLASS_USERNAME="hata", TWO_FACTOR_REQUIRED=True)
    SsoGroupRole.objects.create(group="tyollisyys-valmentajat", role=Role.COACH)
    set_person(oidc_provider, "sanna.virtanen", groups=["tyollisyys-valmentajat", "kaikki-tyontekijat"],
               given_name="Sanna", family_name="Virtanen")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("heading", name="Kirjaudu sisään").wait_for()
    assert page.get_by_text("Pääkäyttäjän hätäkirjautuminen (hätätunnus)").is_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/h3_sso_login_fi.png")
    page.get_by_role("button", name="På svenska").click()
    page.get_by_role("link", name="Logga in med organisationens konto").wait_for()
    assert_accessible(page)
    page.screenshot(path="/tmp/h3_sso_login_sv.png")
    page.get_by_role("button", name="Suomeksi").click()

    _sign_in_at_provider(page, live_server, oidc_provider, "sanna.virtanen")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("heading", name="Oma työpöytä").wait_for()
    assert page.get_by_role("heading", name="Omat asiakkaat").is_visible()  # the coach's front page
    assert page.get_by_text("Valmentaja", exact=True).first.is_visible() or "Valmentaja" in page.content()
    assert_accessible(page)
    page.screenshot(path="/tmp/h3_sso_coach_front_fi.png")

    page.get_by_role("button", name="Sanna Virtanen").click()
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_url(re.compile(re.escape(f"{oidc_provider}/oauth2/end_session")))
    assert "id_token_hint" in page.url
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/accounts/login/")))
    page.get_by_role("heading", name="Kirjaudu sisään").wait_for()
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/accounts/login/")))  # signed out here too


def test_a_person_without_a_mapped_group_sees_whom_to_ask(page, live_server, settings, oidc_provider):  # noqa: F811
    configure(settings, oidc_provider, SSO_HELP_CONTACT="Tietohallinto, puh. 014 000 100")
    SsoGroupRole.objects.create(group="tyollisyys-valmentajat", role=Role.COACH)
    set_person(oidc_provider, "ville.kirjasto", groups=["kirjasto"], given_name="Ville", family_name="Kirjasto")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in_at_provider(page, live_server, oidc_provider, "ville.kirjasto")
    page.get_by_role("heading", name="Ei vielä käyttöoikeutta").wait_for()
    assert page.get_by_text("Yhteystiedot: Tietohallinto, puh. 014 000 100").is_visible()
    assert page.get_by_role("link", name="Asiakkaat").count() == 0
    assert_accessible(page)
    page.screenshot(path="/tmp/h3_sso_no_role_fi.png")
    page.context.add_cookies([{"name": "django_language", "value": "sv", "url": live_server.url}])
    page.reload()
    page.get_by_role("heading", name="Ingen behörighet ännu").wait_for()
    assert page.get_by_text("Kontakt: Tietohallinto").is_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/h3_sso_no_role_sv.png")
