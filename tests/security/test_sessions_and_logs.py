import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from joutsa_tyollisyys.logging import RedactNationalIds
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_session_ends_after_30_minutes_idle_but_not_while_active(coach, client):
    client.force_login(coach)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get("/").status_code == 200  # activity renews the session
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get("/").status_code == 200  # 25 minutes after the last activity
    with time_machine.travel(start + timedelta(minutes=81), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert settings.SESSION_COOKIE_AGE == 1800


def test_log_lines_mask_national_ids():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "lookup %s failed", ("131052-308T",), None)
    RedactNationalIds().filter(record)
    assert "131052-308T" not in record.getMessage() and "131052-****" in record.getMessage()


def test_national_id_never_appears_in_urls_or_error_pages(coach, login):
    person = ClientFactory(responsible_worker=coach)
    http = login(coach)
    page = http.get(person.get_absolute_url()).content.decode()
    assert person.national_id not in page  # the client page shows it masked
    hrefs = " ".join(__import__("re").findall(r'href="([^"]*)"', page))
    assert person.national_id not in hrefs
    missing = http.get(f"/clients/{person.national_id}/")
    assert missing.status_code == 404 and person.national_id not in missing.content.decode()
