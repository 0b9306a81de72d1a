"""A database error in the middle of a multi-step service leaves nothing half-saved."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone

from clients import services
from clients.models import Client, Meeting
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_failure_after_the_first_write_of_meeting_log_rolls_everything_back(coach):
    person = ClientFactory(responsible_worker=coach, status="new")
    with mock.patch.object(services, "meeting_plan", side_effect=DatabaseError("disk full")):
        with pytest.raises(DatabaseError):
            services.meeting_log(
                actor=coach,
                client_id=person.pk,
                starts_at=timezone.now() - timedelta(hours=1),
                kind="in_person",
                notes="n",
                next_starts_at=timezone.now() + timedelta(days=3),
            )
    assert not Meeting.objects.exists()
    person.refresh_from_db()
    assert person.status == "new"


def test_failure_in_client_create_after_saving_the_client_leaves_no_client(coach):
    with mock.patch("clients.services.ResponsibleWorkerChange.objects.create", side_effect=DatabaseError("boom")):
        with pytest.raises(DatabaseError):
            services.client_create(actor=coach, national_id="131052-308T", first_name="A", last_name="B")
    assert not Client.objects.exists()


def test_the_page_says_so_and_nothing_is_saved_when_the_database_fails(coach, login, settings):
    person = ClientFactory(responsible_worker=coach)
    http = login(coach)
    http.raise_request_exception = False
    start = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    with mock.patch.object(services, "meeting_plan", side_effect=DatabaseError("boom")):
        response = http.post(
            f"/clients/{person.pk}/meetings/log/",
            {
                "starts_at": start,
                "kind": "phone",
                "duration_minutes": 30,
                "next_starts_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            },
        )
    assert response.status_code == 500
    assert "Mitään ei tallentunut puolittain" in response.content.decode()
    assert not Meeting.objects.exists()
