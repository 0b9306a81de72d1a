from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients import services
from clients.models import Client, Meeting, ResponsibleWorkerChange
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from tests.factories import ClientFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_create_assigns_the_creating_coach_and_records_history(coach):
    client = services.client_create(actor=coach, national_id="131052-308T", first_name="Maija", last_name="Meikäläinen")
    assert client.responsible_worker == coach
    assert client.birth_date.year == 1952
    assert ResponsibleWorkerChange.objects.filter(client=client, worker=coach).exists()
    assert client.history.first().history_user == coach


def test_duplicate_national_id_is_refused_with_the_existing_record(coach):
    first = services.client_create(actor=coach, national_id="131052-308T", first_name="A", last_name="B")
    with pytest.raises(services.DuplicateClientError) as error:
        services.client_create(actor=coach, national_id="131052-308t", first_name="C", last_name="D")
    assert error.value.existing == first
    assert Client.objects.count() == 1


def test_the_working_group_cannot_create_clients(make_user):
    with pytest.raises(PermissionDenied):
        services.client_create(actor=make_user(Role.WORKING_GROUP), national_id="131052-308T",
                               first_name="A", last_name="B")


def test_stale_version_is_refused_and_nothing_is_overwritten(coach):
    client = ClientFactory(responsible_worker=coach, phone="1")
    services.client_update(actor=coach, client_id=client.pk, expected_version=client.version, phone="2")
    with pytest.raises(ConcurrentEditError):
        services.client_update(actor=coach, client_id=client.pk, expected_version=client.version, phone="3")
    client.refresh_from_db()
    assert client.phone == "2"


def test_assign_worker_needs_a_reason_and_a_worker_role(coach, make_user):
    client = ClientFactory(responsible_worker=coach)
    clerk = make_user(Role.OFFICE_CLERK)
    with pytest.raises(ValidationError) as error:
        services.client_assign_worker(actor=coach, client_id=client.pk, worker=clerk, reason="x")
    assert "worker" in error.value.error_dict
    other = make_user(Role.COACH)
    with pytest.raises(ValidationError) as error:
        services.client_assign_worker(actor=coach, client_id=client.pk, worker=other, reason="  ")
    assert "reason" in error.value.error_dict
    services.client_assign_worker(actor=coach, client_id=client.pk, worker=other, reason="Työnjako")
    change = ResponsibleWorkerChange.objects.get(client=client)
    assert (change.worker, change.previous_worker, change.reason) == (other, coach, "Työnjako")


def test_team_mates_share_clients_other_teams_do_not(make_user):
    team = TeamFactory(name="T1")
    owner = make_user(Role.COACH, team=team)
    mate = make_user(Role.COACH, team=team)
    stranger = make_user(Role.COACH, team=TeamFactory(name="T2"))
    client = ClientFactory(responsible_worker=owner)
    assert mate.has_perm("clients.change_client", client)
    assert not stranger.has_perm("clients.view_client", client)


def test_youth_worker_sees_only_clients_under_29(make_user):
    youth = make_user(Role.YOUTH_WORKER)
    today = timezone.localdate()
    young = ClientFactory(responsible_worker=youth, born=today.replace(year=today.year - 28) - timedelta(days=10))
    old = ClientFactory(responsible_worker=youth, born=today.replace(year=today.year - 29) - timedelta(days=10))
    assert youth.has_perm("clients.view_client", young)
    assert not youth.has_perm("clients.view_client", old)


def test_meeting_log_books_next_meeting_and_marks_contact_checked(coach):
    client = ClientFactory(responsible_worker=coach, status="new")
    held = timezone.now() - timedelta(hours=1)
    services.meeting_log(actor=coach, client_id=client.pk, starts_at=held, kind="in_person", notes="n",
                         contact_checked=True, next_starts_at=timezone.now() + timedelta(days=7))
    assert list(Meeting.objects.order_by("starts_at").values_list("status", flat=True)) == ["held", "planned"]
    client.refresh_from_db()
    assert client.status == "active" and client.contact_checked_on == timezone.localdate(held)


def test_meeting_log_with_past_next_meeting_saves_nothing(coach):
    client = ClientFactory(responsible_worker=coach)
    with pytest.raises(ValidationError) as error:
        services.meeting_log(actor=coach, client_id=client.pk, starts_at=timezone.now() - timedelta(hours=1),
                             kind="phone", next_starts_at=timezone.now() - timedelta(days=2))
    assert "next_starts_at" in error.value.error_dict
    assert Meeting.objects.count() == 0


def test_no_show_only_for_past_planned_meetings(coach):
    client = ClientFactory(responsible_worker=coach)
    future = services.meeting_plan(actor=coach, client_id=client.pk, starts_at=timezone.now() + timedelta(days=1),
                                   kind="in_person")
    with pytest.raises(ValidationError):
        services.meeting_record_no_show(actor=coach, meeting_id=future.pk)
    Meeting.objects.filter(pk=future.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert services.meeting_record_no_show(actor=coach, meeting_id=future.pk).status == "no_show"


def test_letter_invitation_needs_time_place_and_address(coach):
    client = ClientFactory(responsible_worker=coach, street_address="")
    with pytest.raises(ValidationError) as error:
        services.invitation_create(actor=coach, client_id=client.pk, method="letter")
    assert {"starts_at", "place", "method"} <= set(error.value.error_dict)
    assert not Meeting.objects.exists()
