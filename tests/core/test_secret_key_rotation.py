"""Rotating SECRET_KEY keeps the national ids encrypted at rest readable when the old key is a fallback."""

import pytest
from django.db import connection

from clients.models import Client
from tests.factories import ClientFactory, national_id_for

pytestmark = pytest.mark.django_db

OLD_KEY = "old-secret-key-" + "a" * 40
NEW_KEY = "new-secret-key-" + "b" * 40


def _forget_derived_keys():
    # The library derives its Fernet keys once per field (cached properties); a new process would derive them anew.
    field = Client._meta.get_field("national_id")
    for name in ("keys", "f"):
        field.__dict__.pop(name, None)


@pytest.fixture
def rotate(settings):
    def to(secret_key, fallbacks):
        settings.SECRET_KEY = secret_key
        settings.SECRET_KEY_FALLBACKS = fallbacks
        _forget_derived_keys()

    yield to
    _forget_derived_keys()


def _stored(client_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id FROM clients_client WHERE id = %s", [client_id])
        return cursor.fetchone()[0]


def test_an_id_written_with_the_old_key_is_read_after_rotation_with_the_old_key_as_fallback(rotate):
    rotate(OLD_KEY, [])
    client = ClientFactory(national_id="131052-900W")
    assert "131052-900W" not in _stored(client.pk)  # encrypted at rest

    rotate(NEW_KEY, [OLD_KEY])
    assert Client.objects.get(pk=client.pk).national_id == "131052-900W"

    # New writes use the new key: readable without the old one once it is dropped.
    other = ClientFactory(national_id=national_id_for(7))
    rotate(NEW_KEY, [])
    assert Client.objects.get(pk=other.pk).national_id == other.national_id


def test_without_the_fallback_the_old_id_is_not_readable(rotate):
    rotate(OLD_KEY, [])
    client = ClientFactory(national_id="131052-900W")

    rotate(NEW_KEY, [])
    assert Client.objects.get(pk=client.pk).national_id != "131052-900W"


def test_the_fallbacks_come_from_the_environment():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "SECRET_KEY_FALLBACKS": "first-old,second-old"}
    result = subprocess.run(
        [sys.executable, "-c", "from joutsa_tyollisyys import settings; print(settings.SECRET_KEY_FALLBACKS)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "['first-old', 'second-old']", result.stderr
