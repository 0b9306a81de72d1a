"""A real OpenID Connect provider on loopback for the single sign-on tests: oidc-provider-mock (Flask + Authlib)
in a thread, with its own signing keys, discovery document, token, userinfo and end-session endpoints. Nothing
of mozilla-django-oidc is mocked: the app talks to it over HTTP as it would to Entra ID."""

from contextlib import contextmanager
from urllib.parse import quote

import httpx
import oidc_provider_mock
import pytest

from joutsa_tyollisyys import sso

CLIENT_ID = "tyollisyys-test"
CLIENT_SECRET = "test-secret-not-for-production"


@contextmanager
def running_provider():
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def set_person(issuer, sub, *, groups=(), **claims):
    """The provider's account ``sub`` with these claims (its groups in the ``groups`` claim)."""
    body = {"email": f"{sub}@joutsa.example", "preferred_username": sub, "groups": list(groups), **claims}
    response = httpx.put(f"{issuer}/users/{quote(sub)}", json=body)
    assert response.status_code == 204, response.text


def configure(settings, issuer, **extra):
    sso._discovery.clear()
    settings.OIDC_OP_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    for name, value in extra.items():
        setattr(settings, name, value)


@pytest.fixture
def oidc_provider():
    with running_provider() as issuer:
        yield issuer
    sso._discovery.clear()
