"""Single sign-on against a real OpenID Connect provider on loopback (``provider.py``), through Django's test
client: the code flow, the role from the group mapping, the issuer and audience checks, sign-out at the provider."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth.models import Group
from django.test import Client as HttpClient

from joutsa_tyollisyys.models import AccessLogEntry, SsoGroupRole, SsoIdentity, User
from joutsa_tyollisyys.roles import Role
from tests.factories import TeamFactory
from tests.sso.provider import CLIENT_ID, configure, oidc_provider, set_person  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@contextmanager
def _serving(document):
    """A plain HTTP server on loopback answering every GET with ``document`` as JSON."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = json.dumps(document).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def sign_in(http, issuer, sub, next_url=""):
    """Start at the app, sign in at the provider's form as ``sub``, come back: the app's last response."""
    start = http.get("/accounts/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302 and start["Location"].startswith(f"{issuer}/oauth2/authorize?"), start
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["nonce"][0] and query["state"][0]
    assert query["code_challenge_method"] == ["S256"]
    answer = httpx.post(start["Location"], data={"sub": sub})
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert back.path == "/accounts/sso/callback/"
    return http.get(f"{back.path}?{back.query}")


@pytest.fixture
def sso_on(settings, oidc_provider):  # noqa: F811
    configure(settings, oidc_provider)
    return oidc_provider


def test_a_mapped_group_gives_its_role_and_team(sso_on):
    team = TeamFactory(name="Valmennus")
    SsoGroupRole.objects.create(group="tyollisyys-valmentajat", role=Role.COACH, team=team)
    set_person(sso_on, "anna", groups=["tyollisyys-valmentajat", "kaikki"], given_name="Anna", family_name="Aalto")
    http = HttpClient()
    response = sign_in(http, sso_on, "anna")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="anna")
    assert set(user.groups.values_list("name", flat=True)) == {str(Role.COACH)}
    assert user.team == team and not user.has_usable_password() and (user.first_name, user.last_name) == (
        "Anna", "Aalto")
    assert SsoIdentity.objects.get(user=user).subject == "anna"
    home = http.get("/")
    assert home.status_code == 200 and "Valmentaja" in home.content.decode()
    audit = AccessLogEntry.objects.get(action="roles")
    assert audit.username == "anna" and audit.what == "anna: +coach, team - -> Valmennus (single sign-on groups)"


def test_the_provider_does_the_second_factor(sso_on, settings):
    settings.TWO_FACTOR_REQUIRED = True
    SsoGroupRole.objects.create(group="sosiaalityo", role=Role.SOCIAL_COUNSELLOR)
    set_person(sso_on, "sami", groups=["sosiaalityo"])
    http = HttpClient()
    sign_in(http, sso_on, "sami")
    assert http.get("/").status_code == 200  # not sent to set up an authenticator


def test_a_person_without_a_mapped_group_gets_in_without_a_role(sso_on):
    SsoGroupRole.objects.create(group="tyollisyys-valmentajat", role=Role.COACH)
    set_person(sso_on, "ville", groups=["kirjasto"])
    http = HttpClient()
    response = sign_in(http, sso_on, "ville")
    assert response.status_code == 302 and response["Location"] == "/accounts/no-role/"
    page = http.get("/accounts/no-role/").content.decode()
    assert "Kysy tämän järjestelmän pääkäyttäjältä" in page
    assert http.get("/").status_code == 302  # the front page sends them back there
    assert http.get("/clients/").status_code == 403
    assert not User.objects.get(username="ville").groups.exists()


def test_a_removed_group_takes_the_role_away_at_the_next_sign_in(sso_on):
    SsoGroupRole.objects.create(group="hallinto", role=Role.ADMIN)
    SsoGroupRole.objects.create(group="valmentajat", role=Role.COACH)
    set_person(sso_on, "paula", groups=["hallinto", "valmentajat"])
    sign_in(HttpClient(), sso_on, "paula")
    user = User.objects.get(username="paula")
    assert set(user.groups.values_list("name", flat=True)) == {str(Role.ADMIN), str(Role.COACH)} and user.is_staff
    set_person(sso_on, "paula", groups=["valmentajat"])
    sign_in(HttpClient(), sso_on, "paula")
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {str(Role.COACH)} and not user.is_staff
    assert AccessLogEntry.objects.filter(action="roles").order_by("id").last().what == (
        "paula: -admin (single sign-on groups)")


def test_only_the_configured_issuer_is_accepted(settings, oidc_provider):  # noqa: F811
    # A discovery document that names another issuer than the configured one is refused.
    document = {"issuer": "https://login.evil.example", "authorization_endpoint": f"{oidc_provider}/oauth2/authorize"}
    with _serving(document) as other:
        configure(settings, other)
        response = HttpClient().get("/accounts/sso/start/", follow=True)
    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "Kirjautuminen organisaation tunnistuspalvelun kautta ei onnistunut" in response.content.decode()
    # The same provider under another name (127.0.0.1 for localhost), its endpoints given without discovery: its
    # ID token's iss is not the configured issuer, so no sign-in.
    other_name = oidc_provider.replace("localhost", "127.0.0.1")
    # Endpoints given without discovery: the ID token's iss is not the configured issuer, so no sign-in.
    configure(settings, other_name, **{f"OIDC_OP_{name}": f"{oidc_provider}{path}" for name, path in (
        ("AUTHORIZATION_ENDPOINT", "/oauth2/authorize"), ("TOKEN_ENDPOINT", "/oauth2/token"),
        ("USER_ENDPOINT", "/userinfo"), ("JWKS_ENDPOINT", "/jwks"))})
    set_person(oidc_provider, "mallory", groups=[])
    http = HttpClient()
    response = sign_in(http, oidc_provider, "mallory")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not User.objects.filter(username="mallory").exists()
    assert "_auth_user_id" not in http.session


def test_a_token_for_another_client_is_refused(sso_on, settings):
    set_person(sso_on, "eve", groups=[])
    http = HttpClient()
    start = http.get("/accounts/sso/start/")
    answer = httpx.post(start["Location"].replace(f"client_id={CLIENT_ID}", "client_id=another-app"),
                        data={"sub": "eve"})
    back = urlsplit(answer.headers["location"])
    response = http.get(f"{back.path}?{back.query}")
    assert response["Location"] == "/accounts/login/" and not User.objects.filter(username="eve").exists()


def test_sign_out_goes_to_the_providers_end_session(sso_on):
    SsoGroupRole.objects.create(group="valmentajat", role=Role.COACH)
    set_person(sso_on, "olli", groups=["valmentajat"])
    http = HttpClient()
    sign_in(http, sso_on, "olli")
    id_token = http.session["oidc_id_token"]
    response = http.post("/accounts/logout/")
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso_on}/oauth2/end_session"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert "_auth_user_id" not in http.session


def test_the_sign_out_form_may_go_to_the_provider(sso_on):
    response = HttpClient().get("/accounts/login/")
    assert f"form-action 'self' {sso_on}" in response["Content-Security-Policy"]


def test_a_wrong_state_is_refused(sso_on):
    http = HttpClient()
    http.get("/accounts/sso/start/")
    assert http.get("/accounts/sso/callback/?code=x&state=forged").status_code == 400


def test_without_configuration_there_is_no_single_sign_on(settings):
    settings.OIDC_OP_ISSUER = ""
    page = HttpClient().get("/accounts/login/").content.decode()
    assert "/accounts/sso/start/" not in page
    assert HttpClient().get("/accounts/sso/start/").status_code == 404
    assert HttpClient().get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_a_person_stopped_at_the_local_code_step_may_sign_in_through_the_provider(sso_on, settings):
    settings.TWO_FACTOR_REQUIRED = True
    SsoGroupRole.objects.create(group="valmentajat", role=Role.COACH)
    local = User.objects.create_user("liisa", password="Salasana-123")
    local.groups.add(Group.objects.get(name="coach"))
    http = HttpClient()
    http.post("/accounts/login/", {"username": "liisa", "password": "Salasana-123"})
    assert http.get("/")["Location"].startswith("/accounts/two-factor/setup/")  # the local code step
    set_person(sso_on, "liisa", groups=["valmentajat"])
    response = sign_in(http, sso_on, "liisa")  # the same person's account at the provider takes over "liisa"
    assert response["Location"] == "/" and http.get("/").status_code == 200
    assert SsoIdentity.objects.get(subject="liisa").user == local


def test_a_deactivated_user_does_not_get_in_through_the_provider(sso_on):
    SsoGroupRole.objects.create(group="valmentajat", role=Role.COACH)
    set_person(sso_on, "lahtenyt", groups=["valmentajat"])
    sign_in(HttpClient(), sso_on, "lahtenyt")
    User.objects.filter(username="lahtenyt").update(is_active=False)
    set_person(sso_on, "lahtenyt", groups=[])
    http = HttpClient()
    assert sign_in(http, sso_on, "lahtenyt")["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in http.session
    assert set(User.objects.get(username="lahtenyt").groups.values_list("name", flat=True)) == {"coach"}
