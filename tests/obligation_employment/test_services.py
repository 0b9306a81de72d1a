"""Services: who may do each step, what they refuse (nothing half-saved), transitions, locking, history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from obligation_employment import rules, services
from obligation_employment.enums import CaseStatus, ClaimStatus, MeetingDecision, Outcome
from obligation_employment.models import ObligationCase, ObligationSettings, WageSubsidyClaim
from obligation_employment.tasks import daily_claims_check
from tests.factories import ClientFactory

from .factories import compute, eligible_client, make_case, submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _register(clerk, client, **kwargs):
    data = {"notice_date": TODAY() - timedelta(days=5), "allowance_end_date": TODAY() + timedelta(days=60)}
    return services.notice_register(actor=clerk, client_id=client.pk, **{**data, **kwargs})


def _errors(excinfo):
    return excinfo.value.message_dict


# --- Registering a notice ---


def test_clerk_registers_a_notice_and_the_case_awaits_the_meeting(clerk):
    case = _register(clerk, eligible_client())
    assert case.status == CaseStatus.AWAITING_MEETING and case.handler == clerk
    assert case.history.first().history_user == clerk


@pytest.mark.parametrize("role", [Role.COACH, Role.SOCIAL_COUNSELLOR, Role.WORKING_GROUP, Role.ADMIN])
def test_only_the_clerk_registers_notices(make_user, role):
    with pytest.raises(PermissionDenied):
        _register(make_user(role), eligible_client())
    assert not ObligationCase.objects.exists()


def test_an_ineligible_client_is_refused_with_the_reason_beside_the_date(clerk):
    today = TODAY()
    young = ClientFactory(born=date(today.year - 50, 1, 10))
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        _register(clerk, young)
    message = _errors(error)["allowance_end_date"][0]
    assert "Ei työllistämisvelvoitetta" in message and "57" in message
    assert not ObligationCase.objects.exists()


def test_a_second_open_case_for_the_same_client_is_refused(clerk):
    client = eligible_client()
    _register(clerk, client)
    with pytest.raises(ValidationError):
        _register(clerk, client)
    assert ObligationCase.objects.count() == 1


def test_a_notice_dated_in_the_future_is_refused(clerk):
    with pytest.raises(ValidationError) as error:
        _register(clerk, eligible_client(), notice_date=TODAY() + timedelta(days=1))
    assert "notice_date" in _errors(error)


def test_when_switched_off_no_new_cases_but_open_ones_continue(clerk):
    case = make_case(CaseStatus.AWAITING_MEETING, clerk=clerk)
    ObligationSettings.objects.filter(pk=1).update(enabled=False)
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        _register(clerk, eligible_client())
    assert "poistettu käytöstä" in error.value.messages[0]
    assert ObligationCase.objects.count() == 1
    services.meeting_decision_record(
        actor=clerk,
        case_id=case.pk,
        expected_version=case.version,
        meeting_date=TODAY(),
        meeting_decision=MeetingDecision.CLIENT_DECLINED,
        declined_reason="Ei halua",
    )


# --- The supervisors' meeting ---


def _meeting(actor, case, **kwargs):
    data = {
        "meeting_date": TODAY(),
        "meeting_decision": MeetingDecision.SUITABLE_WORK,
        "work_unit": "Kirjasto",
        "job_title": "Kirjastoavustaja",
        "supervisor": "M. Kinnunen",
        "weekly_hours": Decimal("38.25"),
    }
    return services.meeting_decision_record(
        actor=actor, case_id=case.pk, expected_version=case.version, **{**data, **kwargs}
    )


def test_social_counsellor_records_suitable_work(clerk, social):
    case = _meeting(social, make_case(clerk=clerk))
    assert case.status == CaseStatus.WORK_CHOSEN and case.job_title == "Kirjastoavustaja"
    assert case.history.first().history_user == social


def test_coach_cannot_record_the_meeting(clerk, coach):
    case = make_case(clerk=clerk, client=eligible_client(responsible_worker=coach))
    with pytest.raises(PermissionDenied):
        _meeting(coach, case)


def test_suitable_work_needs_unit_job_supervisor_and_hours(clerk):
    case = make_case(clerk=clerk)
    with pytest.raises(ValidationError) as error:
        _meeting(clerk, case, work_unit="", job_title=" ", supervisor="", weekly_hours=None)
    assert set(_errors(error)) == {"work_unit", "job_title", "supervisor", "weekly_hours"}
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_MEETING and case.version == 1


def test_hours_over_40_are_refused(clerk):
    with pytest.raises(ValidationError) as error:
        _meeting(clerk, make_case(clerk=clerk), weekly_hours=Decimal("40.5"))
    assert "weekly_hours" in _errors(error)


def test_declining_closes_the_case_with_the_reason(clerk):
    case = _meeting(
        clerk,
        make_case(clerk=clerk),
        meeting_decision=MeetingDecision.CLIENT_DECLINED,
        declined_reason="Jää eläkkeelle",
    )
    assert (case.status, case.outcome, case.closed_on) == (
        CaseStatus.CLOSED,
        Outcome.CLIENT_DECLINED,
        TODAY(),
    )


def test_declining_needs_a_reason(clerk):
    with pytest.raises(ValidationError) as error:
        _meeting(clerk, make_case(clerk=clerk), meeting_decision=MeetingDecision.CLIENT_DECLINED)
    assert "declined_reason" in _errors(error)


def test_a_stale_version_is_refused_and_nothing_is_overwritten(clerk, social):
    case = make_case(clerk=clerk)
    stale = case.version
    _meeting(social, case)
    with pytest.raises(ConcurrentEditError):
        services.meeting_decision_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=stale,
            meeting_date=TODAY(),
            meeting_decision=MeetingDecision.CLIENT_DECLINED,
            declined_reason="x",
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.WORK_CHOSEN


def test_steps_follow_the_transition_table(clerk):
    case = make_case(clerk=clerk)
    with pytest.raises(ValidationError):
        services.contract_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            contract_start=TODAY(),
            contract_end=None,
            monthly_salary=Decimal(2000),
            contract_weekly_hours=Decimal(38),
        )
    with pytest.raises(ValidationError):
        _meeting(clerk, _meeting(clerk, case))  # the meeting cannot decide twice


# --- Application and decision ---


def _apply(clerk, case, **kwargs):
    start = rules.month_start(TODAY(), 1)
    data = {
        "application_sent_on": TODAY(),
        "rate_category": "70",
        "applied_start": start,
        "applied_end": rules.default_contract_end(start),
        "claim_period_months": 1,
    }
    return services.application_record(
        actor=clerk, case_id=case.pk, expected_version=case.version, **{**data, **kwargs}
    )


def test_application_of_the_100_percent_category_is_limited_to_12_months(clerk):
    case = make_case(CaseStatus.WORK_CHOSEN, clerk=clerk)
    start = rules.month_start(TODAY(), 1)
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        _apply(clerk, case, rate_category="100", applied_start=start, applied_end=rules.period_end(start, 13))
    assert "12" in _errors(error)["applied_end"][0]
    _apply(clerk, case, rate_category="100", applied_start=start, applied_end=rules.period_end(start, 12))


def test_application_needs_a_rate_in_force(clerk):
    case = make_case(CaseStatus.WORK_CHOSEN, clerk=clerk)
    with pytest.raises(ValidationError) as error:
        _apply(clerk, case, applied_start=date(2023, 1, 1), applied_end=date(2023, 6, 30))
    assert "rate_category" in _errors(error)


def test_application_period_end_before_start_is_refused(clerk):
    case = make_case(CaseStatus.WORK_CHOSEN, clerk=clerk)
    with pytest.raises(ValidationError) as error:
        _apply(clerk, case, applied_start=date(2026, 5, 1), applied_end=date(2026, 4, 30))
    assert "applied_end" in _errors(error)


def test_the_decision_lays_out_the_claims_with_their_deadlines(clerk):
    start = date(2025, 11, 1)
    case = make_case(CaseStatus.DECISION_RECEIVED, clerk=clerk, start=start, months=2)
    claims = list(
        case.claims.order_by("number").values_list("period_start", "period_end", "deadline", "status")
    )
    assert claims == [
        (date(2025, 11, 1), date(2025, 12, 31), date(2026, 2, 28), ClaimStatus.DUE),
        (date(2026, 1, 1), date(2026, 2, 28), date(2026, 4, 30), ClaimStatus.DUE),
        (date(2026, 3, 1), date(2026, 4, 30), date(2026, 6, 30), ClaimStatus.DUE),
    ]


def test_a_bad_decision_saves_nothing(clerk):
    case = make_case(CaseStatus.APPLICATION_SENT, clerk=clerk)
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            decision_date=TODAY(),
            decision_rate=Decimal("120"),
            decision_start=case.applied_start,
            decision_end=case.applied_start - timedelta(days=1),
            monthly_maximum=Decimal("-5"),
        )
    assert set(_errors(error)) == {"decision_rate", "decision_end", "monthly_maximum"}
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLICATION_SENT and not case.claims.exists()


# --- Contract ---


def _contract(clerk, case, **kwargs):
    data = {
        "contract_start": case.decision_start,
        "contract_end": None,
        "monthly_salary": Decimal("2300"),
        "contract_weekly_hours": Decimal("38.25"),
    }
    return services.contract_record(
        actor=clerk, case_id=case.pk, expected_version=case.version, **{**data, **kwargs}
    )


def test_the_contract_ends_after_six_months_by_default(clerk):
    case = make_case(CaseStatus.DECISION_RECEIVED, clerk=clerk, start=date(2026, 3, 1))
    case = _contract(clerk, case)
    assert case.status == CaseStatus.EMPLOYED and case.contract_end == date(2026, 8, 31)


def test_a_contract_starting_outside_the_decision_is_refused(clerk):
    case = make_case(CaseStatus.DECISION_RECEIVED, clerk=clerk, start=date(2026, 3, 1))
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        _contract(clerk, case, contract_start=date(2026, 2, 28))
    assert "01.03.2026" in _errors(error)["contract_start"][0]


def test_a_contract_ending_before_it_starts_is_refused(clerk):
    case = make_case(CaseStatus.DECISION_RECEIVED, clerk=clerk, start=date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        _contract(clerk, case, contract_end=date(2026, 2, 1), monthly_salary=Decimal("0"))
    assert set(_errors(error)) == {"contract_end", "monthly_salary"}
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_RECEIVED and case.contract_start is None


# --- Closing ---


def test_ending_employment_early_cuts_the_claims(clerk):
    start = rules.month_start(TODAY(), -2)
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=start, months=1)
    last_day = start + timedelta(days=40)  # in the second claim period
    case = services.case_close(
        actor=clerk,
        case_id=case.pk,
        expected_version=case.version,
        outcome=Outcome.EMPLOYMENT_ENDED_EARLY,
        closed_on=last_day,
        outcome_notes="Irtisanoutui",
    )
    claims = list(case.claims.order_by("number"))
    assert len(claims) == 2
    assert claims[1].period_end == last_day and claims[1].deadline == rules.claim_deadline(last_day)


def test_an_outcome_must_fit_the_status(clerk):
    case = make_case(CaseStatus.WORK_CHOSEN, clerk=clerk)
    with pytest.raises(ValidationError) as error:
        services.case_close(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            outcome=Outcome.EMPLOYMENT_COMPLETED,
            closed_on=TODAY(),
        )
    assert "outcome" in _errors(error)


def test_closing_before_employment_removes_the_unmade_claims(clerk):
    case = make_case(CaseStatus.DECISION_RECEIVED, clerk=clerk)
    services.case_close(
        actor=clerk,
        case_id=case.pk,
        expected_version=case.version,
        outcome=Outcome.CLIENT_DECLINED,
        closed_on=TODAY(),
        outcome_notes="Peruutti",
    )
    assert not WageSubsidyClaim.objects.filter(case=case).exists()


# --- Claims ---


@pytest.fixture
def employed(clerk):
    return make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(TODAY(), -2), months=1)


def test_the_subsidy_is_computed_and_capped(clerk, employed):
    claim = compute(employed.claims.get(number=1), clerk, wages=Decimal("2500.00"))
    assert claim.wages == Decimal("2500.00") and claim.subsidy_amount == Decimal("1400.00")  # 1 750 capped
    claim = compute(claim, clerk, wages=Decimal("1500.00"))
    assert claim.subsidy_amount == Decimal("1050.00")


def test_negative_wages_are_refused_in_finnish_and_nothing_is_saved(clerk, employed):
    claim = employed.claims.get(number=1)
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        compute(claim, clerk, wages=Decimal("-10"))
    assert "nollaa suurempi" in _errors(error)["wages"][0]
    claim.refresh_from_db()
    assert claim.wages is None and claim.version == 1


def test_claims_are_for_the_clerk_only(employed, coach, social):
    claim = employed.claims.get(number=1)
    for user in (coach, social):
        with pytest.raises(PermissionDenied):
            compute(claim, user)


def test_a_claim_cannot_be_sent_before_it_is_computed(clerk, employed):
    claim = employed.claims.get(number=1)
    with pytest.raises(ValidationError):
        services.claim_submit(
            actor=clerk,
            claim_id=claim.pk,
            expected_version=claim.version,
            submitted_on=TODAY(),
            amount_claimed=Decimal("100"),
        )


def test_a_claim_is_sent_and_paid(clerk, employed):
    claim = submit(compute(employed.claims.get(number=1), clerk), clerk)
    assert claim.status == ClaimStatus.SUBMITTED and claim.amount_claimed == Decimal("1400.00")
    claim = services.claim_mark_paid(
        actor=clerk,
        claim_id=claim.pk,
        expected_version=claim.version,
        paid_on=TODAY(),
        amount_paid=Decimal("1400.00"),
    )
    assert claim.status == ClaimStatus.PAID
    assert [h.status for h in claim.history.order_by("history_date")][-3:] == ["due", "submitted", "paid"]


def test_a_claim_cannot_be_sent_before_its_period_ends(clerk, employed):
    claim = compute(employed.claims.get(number=2), clerk)  # last month's period
    with pytest.raises(ValidationError) as error:
        submit(claim, clerk, on=claim.period_end - timedelta(days=1))
    assert "submitted_on" in _errors(error)


def test_a_claim_cannot_be_sent_after_its_deadline(clerk):
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(TODAY(), -6), months=1)
    claim = compute(case.claims.get(number=1), clerk)  # deadline: end of four months ago
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        submit(claim, clerk, on=TODAY())
    assert "vanhentunut" in _errors(error)["submitted_on"][0]
    submit(claim, clerk, on=claim.deadline)  # but sent on the deadline day it is in time


def test_the_amount_claimed_cannot_exceed_the_computed_subsidy(clerk, employed):
    claim = compute(employed.claims.get(number=1), clerk)
    with pytest.raises(ValidationError) as error:
        services.claim_submit(
            actor=clerk,
            claim_id=claim.pk,
            expected_version=claim.version,
            submitted_on=TODAY(),
            amount_claimed=claim.subsidy_amount + Decimal("0.01"),
        )
    assert "amount_claimed" in _errors(error)


def test_the_amount_paid_cannot_exceed_the_claim(clerk, employed):
    claim = submit(compute(employed.claims.get(number=1), clerk), clerk)
    with pytest.raises(ValidationError) as error:
        services.claim_mark_paid(
            actor=clerk,
            claim_id=claim.pk,
            expected_version=claim.version,
            paid_on=TODAY(),
            amount_paid=Decimal("1400.01"),
        )
    assert "amount_paid" in _errors(error)


def test_two_clerks_editing_the_same_claim(clerk, make_user, employed):
    other = make_user(Role.OFFICE_CLERK, username="clerk2")
    claim = employed.claims.get(number=1)
    services.claim_compute(
        actor=other, claim_id=claim.pk, expected_version=claim.version, wages=Decimal(1000)
    )
    with pytest.raises(ConcurrentEditError):
        services.claim_compute(
            actor=clerk, claim_id=claim.pk, expected_version=claim.version, wages=Decimal(2000)
        )
    claim.refresh_from_db()
    assert claim.wages == Decimal("1000.00")


# --- The daily task ---


def test_the_daily_task_lapses_reminds_and_is_idempotent(clerk):
    today = TODAY()
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(today, -5), months=1)
    claims = {c.number: c for c in case.claims.all()}
    WageSubsidyClaim.objects.filter(pk=claims[1].pk).update(deadline=today - timedelta(days=1))
    WageSubsidyClaim.objects.filter(pk=claims[2].pk).update(deadline=today)
    WageSubsidyClaim.objects.filter(pk=claims[3].pk).update(deadline=today + timedelta(days=14))
    WageSubsidyClaim.objects.filter(pk=claims[4].pk).update(deadline=today + timedelta(days=15))
    WageSubsidyClaim.objects.filter(number__gt=4).update(deadline=today + timedelta(days=90))

    assert daily_claims_check() == {"lapsed": 1, "reminded": 2}
    status = dict(WageSubsidyClaim.objects.values_list("number", "status"))
    assert status[1] == ClaimStatus.LAPSED and status[2] == status[3] == status[4] == ClaimStatus.DUE
    notes = list(Notification.objects.filter(recipient=clerk).values_list("message", flat=True))
    assert len(notes) == 3 and any("vanhentui" in n for n in notes)
    assert len(mail.outbox) == 2  # the reminders (no e-mail about the lapse)
    assert case.client.last_name not in mail.outbox[0].subject  # no personal data in e-mail

    assert daily_claims_check() == {"lapsed": 0, "reminded": 0}
    assert Notification.objects.count() == 3 and len(mail.outbox) == 2


def test_a_lapsed_claim_sent_in_time_can_still_be_recorded(clerk):
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(TODAY(), -6), months=1)
    claim = compute(case.claims.get(number=1), clerk)
    services.claims_mark_lapsed()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.LAPSED
    claim = submit(claim, clerk, on=claim.deadline)
    assert claim.status == ClaimStatus.SUBMITTED and claim.lapsed_on is None


def test_reminders_go_to_the_clerks_when_the_handler_has_left(clerk, make_user):
    other = make_user(Role.OFFICE_CLERK, username="clerk2")
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk)
    clerk.is_active = False
    clerk.save()
    WageSubsidyClaim.objects.filter(case=case, number=1).update(deadline=TODAY() + timedelta(days=3))
    services.claims_send_reminders()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


def test_wages_cannot_be_entered_for_a_period_that_has_not_ended(clerk):
    today = TODAY()
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(today, -1), months=1)
    claim = case.claims.get(number=1)
    WageSubsidyClaim.objects.filter(pk=claim.pk).update(period_end=today + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        compute(claim, clerk)
    assert "wages" in _errors(error)
    claim.refresh_from_db()
    assert claim.wages is None and claim.subsidy_amount is None
    WageSubsidyClaim.objects.filter(pk=claim.pk).update(period_end=today)
    assert compute(claim, clerk).subsidy_amount is not None
