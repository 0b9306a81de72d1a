from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from activation import selectors, services
from activation.models import ActivationFigures, ActivationPlan, PlanReview, PlanTask
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from tests.activation.factories import (
    FiguresFactory,
    IncomeSupportClientFactory,
    PlanFactory,
    agreed_plan,
    rehab_row,
    service_type,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def plan_fields(**overrides):
    fields = {
        "starts_on": TODAY(),
        "review_by": TODAY() + timedelta(days=180),
        "municipality_party": "Sanna Virtanen",
        "employment_party": "Liisa Lahti",
    }
    fields.update(overrides)
    return fields


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_coach_drafts_a_plan_with_a_rehabilitative_work_row(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    plan = services.plan_draft(actor=coach, client_id=client.pk, tasks=[rehab_row()], **plan_fields())
    assert plan.status == "draft" and plan.kind == "activation" and plan.created_by == coach
    task = plan.tasks.get()
    assert (task.place, task.days_per_week, task.length_months) == ("TyöVarikko", 3, 6)
    assert plan.history.first().history_user == coach


def test_typ_client_gets_a_multi_agency_plan_with_kela_as_a_party(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach, is_typ=True)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_draft(actor=coach, client_id=client.pk, tasks=[rehab_row()], **plan_fields())
    assert "kela_party" in errors_of(excinfo)
    plan = services.plan_draft(
        actor=coach, client_id=client.pk, tasks=[rehab_row()], **plan_fields(kela_party="Kelan edustaja")
    )
    assert plan.kind == "multi_agency"


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"days_per_week": 5}, "tasks-0-days_per_week"),
        ({"days_per_week": 0}, "tasks-0-days_per_week"),
        ({"hours_per_day": 3}, "tasks-0-hours_per_day"),
        ({"length_months": 2}, "tasks-0-length_months"),
        ({"place": ""}, "tasks-0-place"),
        ({"starts_on": None}, "tasks-0-starts_on"),
    ],
)
def test_rehab_rows_outside_the_law_are_refused_and_nothing_is_saved(coach, row, field):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_draft(actor=coach, client_id=client.pk, tasks=[rehab_row(**row)], **plan_fields())
    assert field in errors_of(excinfo)
    assert not ActivationPlan.objects.exists() and not PlanTask.objects.exists()


def test_review_date_must_be_after_the_start_and_a_task_is_required(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    with translation.override("fi"), pytest.raises(ValidationError) as excinfo:
        services.plan_draft(actor=coach, client_id=client.pk, tasks=[], **plan_fields(review_by=TODAY()))
    errors = errors_of(excinfo)
    assert errors["review_by"] == ["Arviointipäivän on oltava suunnitelman alkamispäivän jälkeen."]
    assert "tasks" in errors
    assert not ActivationPlan.objects.exists()


def test_non_rehab_row_needs_no_details(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    plan = services.plan_draft(
        actor=coach,
        client_id=client.pk,
        **plan_fields(),
        tasks=[
            {
                "service_type": service_type("health_check"),
                "description": "Terveystarkastus",
                "days_per_week": 9,
            }
        ],
    )
    assert plan.tasks.get().days_per_week is None


def test_other_coach_and_clerk_and_working_group_cannot_draft(coach, make_user):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    for role in (Role.COACH, Role.OFFICE_CLERK, Role.WORKING_GROUP, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            services.plan_draft(
                actor=make_user(role), client_id=client.pk, tasks=[rehab_row()], **plan_fields()
            )
    assert not ActivationPlan.objects.exists()


def test_social_counsellor_may_draft(coach, make_user):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    services.plan_draft(
        actor=make_user(Role.SOCIAL_COUNSELLOR), client_id=client.pk, tasks=[rehab_row()], **plan_fields()
    )


def agree(plan, actor, **kwargs):
    values = {
        "agreed_on": TODAY(),
        "client_signed": True,
        "municipality_signed": True,
        "employment_signed": True,
    }
    values.update(kwargs)
    return services.plan_agree(actor=actor, plan_id=plan.pk, expected_version=plan.version, **values)


def test_agreeing_a_new_plan_ends_the_previous_one(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    old = agreed_plan(client, agreed_on=TODAY() - timedelta(days=100))
    new = PlanFactory(client=client)
    agree(new, coach)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, old.ended_on, old.end_reason) == ("ended", TODAY(), "replaced")
    assert (new.status, new.agreed_on, new.client_signed) == ("agreed", TODAY(), True)
    assert selectors.plan_in_force(client) == new
    assert selectors.plan_in_force(client, on=TODAY() - timedelta(days=1)) == old


def test_agree_needs_every_signature_and_changes_nothing_otherwise(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    old = agreed_plan(client, agreed_on=TODAY() - timedelta(days=100))
    plan = PlanFactory(client=client)
    with pytest.raises(ValidationError) as excinfo:
        agree(plan, coach, employment_signed=False)
    assert "employment_signed" in errors_of(excinfo)
    old.refresh_from_db()
    plan.refresh_from_db()
    assert old.status == "agreed" and plan.status == "draft"


def test_agree_in_the_future_or_before_the_plan_in_force_is_refused(coach):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    agreed_plan(client, agreed_on=TODAY() - timedelta(days=3))
    plan = PlanFactory(client=client)
    with pytest.raises(ValidationError) as excinfo:
        agree(plan, coach, agreed_on=TODAY() + timedelta(days=1))
    assert "agreed_on" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        agree(plan, coach, agreed_on=TODAY() - timedelta(days=10))
    assert "agreed_on" in errors_of(excinfo)


def test_an_agreed_plan_cannot_be_agreed_again_or_edited(coach):
    plan = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach))
    with pytest.raises(ValidationError):
        agree(plan, coach)
    with pytest.raises(ValidationError):
        services.plan_update(
            actor=coach, plan_id=plan.pk, expected_version=plan.version, tasks=[rehab_row()], **plan_fields()
        )


def test_second_save_of_the_same_draft_is_refused(coach, make_user):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    plan = PlanFactory(client=client)
    opened = plan.version
    services.plan_update(
        actor=coach,
        plan_id=plan.pk,
        expected_version=opened,
        tasks=[rehab_row()],
        **plan_fields(goals="Ensimmäinen"),
    )
    with pytest.raises(ConcurrentEditError):
        services.plan_update(
            actor=make_user(Role.SOCIAL_COUNSELLOR),
            plan_id=plan.pk,
            expected_version=opened,
            tasks=[rehab_row()],
            **plan_fields(goals="Toinen"),
        )
    plan.refresh_from_db()
    assert plan.goals == "Ensimmäinen"


def test_update_replaces_the_rows(coach):
    plan = PlanFactory(client=IncomeSupportClientFactory(responsible_worker=coach))
    services.plan_update(
        actor=coach,
        plan_id=plan.pk,
        expected_version=plan.version,
        tasks=[rehab_row(), rehab_row(days_per_week=1)],
        **plan_fields(),
    )
    assert [t.days_per_week for t in plan.tasks.all()] == [3, 1]


def test_end_a_plan_with_a_reason(coach):
    plan = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach))
    with pytest.raises(ValidationError) as excinfo:
        services.plan_end(
            actor=coach, plan_id=plan.pk, expected_version=plan.version, ended_on=TODAY(), reason="replaced"
        )
    assert "reason" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_end(
            actor=coach,
            plan_id=plan.pk,
            expected_version=plan.version,
            ended_on=plan.agreed_on - timedelta(days=1),
            reason="employed",
        )
    assert "ended_on" in errors_of(excinfo)
    services.plan_end(
        actor=coach, plan_id=plan.pk, expected_version=plan.version, ended_on=TODAY(), reason="employed"
    )
    plan.refresh_from_db()
    assert (plan.status, plan.end_reason) == ("ended", "employed")
    assert selectors.plan_in_force(plan.client) is None
    with pytest.raises(ValidationError):  # ended is final
        services.plan_end(
            actor=coach, plan_id=plan.pk, expected_version=plan.version, ended_on=TODAY(), reason="moved"
        )


def test_review_moves_the_review_date(coach):
    plan = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach))
    with pytest.raises(ValidationError) as excinfo:
        services.plan_review(
            actor=coach,
            plan_id=plan.pk,
            expected_version=plan.version,
            reviewed_on=TODAY(),
            next_review_by=TODAY(),
        )
    assert "next_review_by" in errors_of(excinfo)
    services.plan_review(
        actor=coach,
        plan_id=plan.pk,
        expected_version=plan.version,
        reviewed_on=TODAY(),
        next_review_by=TODAY() + timedelta(days=90),
        notes="Sujuu",
    )
    plan.refresh_from_db()
    assert plan.review_by == TODAY() + timedelta(days=90)
    assert PlanReview.objects.get().reviewed_by == coach


def test_figures_are_saved_and_locked(coach, make_user):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    values = {
        "checked_on": TODAY(),
        "subsidy_days_12m": 100,
        "subsidy_days_total": 512,
        "income_support_months": 0,
        "receives_unemployment_benefit": False,
        "receives_income_support": True,
    }
    figures = services.figures_save(actor=coach, client_id=client.pk, **values)
    assert figures.condition(TODAY()).met
    services.figures_save(
        actor=coach,
        client_id=client.pk,
        expected_version=figures.version,
        **{**values, "subsidy_days_total": 520},
    )
    with pytest.raises(ConcurrentEditError):
        services.figures_save(actor=coach, client_id=client.pk, expected_version=figures.version, **values)
    with pytest.raises(ValidationError) as excinfo:
        services.figures_save(actor=coach, client_id=client.pk, **{**values, "subsidy_days_12m": 600})
    assert "subsidy_days_12m" in errors_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.figures_save(actor=make_user(Role.OFFICE_CLERK), client_id=client.pk, **values)
    assert ActivationFigures.objects.get().subsidy_days_total == 520


def test_work_queue_lists_clients_meeting_the_condition_without_a_plan(coach):
    waiting = FiguresFactory(client=IncomeSupportClientFactory(responsible_worker=coach, last_name="Aalto")).client
    with_plan = FiguresFactory(client=IncomeSupportClientFactory(responsible_worker=coach)).client
    agreed_plan(with_plan)
    FiguresFactory(client=IncomeSupportClientFactory(responsible_worker=coach), subsidy_days_total=499)  # not met
    IncomeSupportClientFactory(responsible_worker=coach)  # no figures
    FiguresFactory()  # somebody else's client
    entries = selectors.clients_meeting_condition_without_plan(coach)
    assert [e.client for e in entries] == [waiting]
    assert "600" in entries[0].result.explanation


def test_reviews_due_within_30_days_or_overdue(coach):
    soon = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach), review_by=TODAY() + timedelta(days=30))
    overdue = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach), review_by=TODAY() - timedelta(days=1))
    agreed_plan(IncomeSupportClientFactory(responsible_worker=coach), review_by=TODAY() + timedelta(days=31))
    PlanFactory(client=IncomeSupportClientFactory(responsible_worker=coach), review_by=TODAY())  # a draft has no review
    assert list(selectors.reviews_due(coach)) == [overdue, soon]


def test_plans_in_force_count(coach):
    agreed_plan(IncomeSupportClientFactory(), agreed_on=TODAY() - timedelta(days=20))
    ended = agreed_plan(IncomeSupportClientFactory(), agreed_on=TODAY() - timedelta(days=20))
    ended.status, ended.ended_on = "ended", TODAY() - timedelta(days=5)
    ended.save()
    PlanFactory()
    assert selectors.plans_in_force_count(TODAY()) == 1
    assert selectors.plans_in_force_count(TODAY() - timedelta(days=10)) == 2
    assert selectors.plans_in_force_count(TODAY() - timedelta(days=30)) == 0


def test_only_one_agreed_plan_per_client_in_the_database():
    from django.db import IntegrityError, transaction

    client = IncomeSupportClientFactory()
    agreed_plan(client)
    with pytest.raises(IntegrityError), transaction.atomic():
        agreed_plan(client)
