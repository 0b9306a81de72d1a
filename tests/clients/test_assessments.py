"""Service-need assessments and employment plans made with the TE office; the share up to date."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients import selectors, services
from clients.models import EmploymentPlan, ServiceNeedAssessment
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def record(actor, client, kind="assessment", made_on=None, due_in=90, made_by="Liisa Lahti, TE-toimisto"):
    made_on = made_on or TODAY()
    return services.te_record_add(
        actor=actor,
        client_id=client.pk,
        kind=kind,
        made_on=made_on,
        made_by=made_by,
        next_update_due=made_on + timedelta(days=due_in),
    )


def test_coach_records_an_assessment_and_an_employment_plan(coach):
    client = ClientFactory(responsible_worker=coach)
    assessment = record(coach, client)
    plan = record(coach, client, kind="employment_plan")
    assert isinstance(assessment, ServiceNeedAssessment) and isinstance(plan, EmploymentPlan)
    assert assessment.recorded_by == coach and assessment.history.first().history_user == coach
    assert assessment.is_up_to_date()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"due_in": 0}, "next_update_due"),
        ({"made_on": timezone.localdate() + timedelta(days=1)}, "made_on"),
        ({"made_by": "  "}, "made_by"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(coach, kwargs, field):
    client = ClientFactory(responsible_worker=coach)
    with pytest.raises(ValidationError) as excinfo:
        record(coach, client, **kwargs)
    assert field in excinfo.value.message_dict
    assert not ServiceNeedAssessment.objects.exists()


def test_only_the_clients_workers_record(coach, make_user):
    client = ClientFactory(responsible_worker=coach)
    for role in (Role.COACH, Role.OFFICE_CLERK, Role.WORKING_GROUP):
        with pytest.raises(PermissionDenied):
            record(make_user(role), client)
    record(make_user(Role.SOCIAL_COUNSELLOR), client)


def test_share_up_to_date_for_the_report(coach):
    on = TODAY()
    current, overdue, _never = (ClientFactory(responsible_worker=coach) for _ in range(3))
    ClientFactory(status="archived")  # not counted
    record(coach, current, made_on=on - timedelta(days=10))
    record(
        coach, current, kind="employment_plan", made_on=on - timedelta(days=10), due_in=10
    )  # due today: ok
    record(coach, overdue, made_on=on - timedelta(days=100), due_in=99)  # due yesterday
    result = selectors.assessments_up_to_date(on)
    assert result["clients"] == 3
    assert result["assessments"] == {"up_to_date": 1, "percent": Decimal("33.3")}
    assert result["employment_plans"] == {"up_to_date": 1, "percent": Decimal("33.3")}
    assert selectors.assessments_up_to_date(on + timedelta(days=1))["employment_plans"]["up_to_date"] == 0


def test_form_and_section_on_the_client_page(coach, login, django_assert_max_num_queries):
    client = ClientFactory(responsible_worker=coach)
    http = login(coach)
    response = http.post(
        f"/clients/{client.pk}/te-records/employment_plan/new/",
        {"made_on": TODAY().isoformat(), "made_by": "Markku Rinne", "next_update_due": TODAY().isoformat()},
    )
    assert response.status_code == 200 and "next_update_due" in response.context["form"].errors
    response = http.post(
        f"/clients/{client.pk}/te-records/employment_plan/new/",
        {
            "made_on": TODAY().isoformat(),
            "made_by": "Markku Rinne",
            "next_update_due": (TODAY() + timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert http.get(f"/clients/{client.pk}/te-records/unknown/new/").status_code == 404
    for _ in range(8):
        record(coach, client)
    with django_assert_max_num_queries(15):
        page = http.get(client.get_absolute_url()).content.decode()
    assert "Markku Rinne" in page
