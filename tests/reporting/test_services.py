from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from reporting import services
from reporting.models import MonthlyInputs, MonthlyReport
from reporting.tasks import generate_monthly_report
from tests.rehab_work.factories import AgreementFactory

from .factories import MARCH, InputsFactory

pytestmark = pytest.mark.django_db


def test_task_twice_leaves_one_draft(coach):
    first = generate_monthly_report.delay(MARCH.isoformat(), coach.pk).get()
    AgreementFactory(start_date=date(2024, 3, 4), end_date=date(2024, 8, 31))
    second = generate_monthly_report.delay(MARCH.isoformat(), coach.pk).get()
    assert first == second
    report = MonthlyReport.objects.get()
    assert (report.version, report.status) == (1, "draft")
    assert report.figures["indicators"]["rehab_clients"]["value"] == 1  # the draft was replaced


def test_scheduled_run_reports_on_the_previous_month(time_machine):
    time_machine.move_to("2024-04-05 06:00+03:00")
    report = MonthlyReport.objects.get(pk=generate_monthly_report())
    assert report.month == MARCH and report.created_by is None


def test_final_report_changes_only_by_a_new_version(coach):
    InputsFactory()
    draft = services.report_generate(actor=coach, month=MARCH)
    final = services.report_finalise(actor=coach, report_id=draft.pk)
    frozen = final.figures
    AgreementFactory(start_date=date(2024, 3, 4), end_date=date(2024, 8, 31))
    again = services.report_generate(actor=coach, month=MARCH)
    assert again.pk != final.pk and again.version == 2 and again.status == "draft"
    final.refresh_from_db()
    assert final.figures == frozen and final.status == "final"
    assert again.figures["indicators"]["rehab_clients"]["value"] == 1
    with pytest.raises(ValidationError) as error:
        services.report_finalise(actor=coach, report_id=final.pk)
    assert error.value.code == "final"
    assert services.report_generate(actor=coach, month=MARCH).pk == again.pk  # the v2 draft is replaced
    assert MonthlyReport.objects.count() == 2


def test_finalising_needs_the_months_figures_entered_before_generating(coach):
    draft = services.report_generate(actor=coach, month=MARCH)
    with pytest.raises(ValidationError) as error:
        services.report_finalise(actor=coach, report_id=draft.pk)
    assert error.value.code == "no_inputs"
    InputsFactory()  # entered after the draft was generated
    with pytest.raises(ValidationError) as error:
        services.report_finalise(actor=coach, report_id=draft.pk)
    assert error.value.code == "inputs_changed"
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.finalised_at is None


def test_finalising_notifies_the_working_group_by_e_mail(coach, make_user):
    members = [make_user(Role.WORKING_GROUP, username=f"wg{i}") for i in range(2)]
    make_user(Role.OFFICE_CLERK, username="not_notified")
    InputsFactory()
    report = services.report_finalise(actor=coach, report_id=services.report_generate(actor=coach, month=MARCH).pk)
    notes = Notification.objects.filter(url=report.get_absolute_url())
    assert sorted(n.recipient.username for n in notes) == ["wg0", "wg1"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    assert report.finalised_by == coach and report.finalised_at is not None


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.OFFICE_CLERK, Role.SOCIAL_COUNSELLOR, Role.ADMIN])
def test_only_coaches_manage_reports(make_user, role):
    user = make_user(role, username="someone")
    with pytest.raises(PermissionDenied):
        services.report_generate(actor=user, month=MARCH)
    with pytest.raises(PermissionDenied):
        services.inputs_save(actor=user, month=MARCH, data={})
    assert not MonthlyReport.objects.exists() and not MonthlyInputs.objects.exists()


def test_future_month_is_refused(coach, time_machine):
    time_machine.move_to("2024-03-10 12:00+02:00")
    with pytest.raises(ValidationError) as error:
        services.report_generate(actor=coach, month=date(2024, 4, 1))
    assert "month" in error.value.error_dict


def test_inputs_saved_with_optimistic_locking(coach, make_user):
    other = make_user(Role.COACH, username="coach2")
    saved = services.inputs_save(actor=coach, month=date(2024, 3, 15), data={"unemployment_rate": Decimal("9.9")})
    assert saved.month == MARCH and saved.version == 1 and saved.entered_by == coach
    services.inputs_save(actor=other, month=MARCH, data={"unemployment_rate": Decimal("9.8")}, expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.inputs_save(actor=coach, month=MARCH, data={"unemployment_rate": Decimal("1")}, expected_version=1)
    row = MonthlyInputs.objects.get()
    assert row.unemployment_rate == Decimal("9.8") and row.history.count() == 2


def test_bad_input_saves_nothing(coach):
    with pytest.raises(ValidationError) as error:
        services.inputs_save(actor=coach, month=MARCH, data={"unemployment_rate": Decimal("120")})
    assert "unemployment_rate" in error.value.error_dict
    assert not MonthlyInputs.objects.exists()


def test_one_draft_per_month_is_enforced_by_the_database(coach):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    services.report_generate(actor=coach, month=MARCH)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(month=MARCH, version=2, status="draft", generated_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(month=MARCH, version=1, status="final", generated_at=timezone.now())
