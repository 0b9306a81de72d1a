"""Every change to an obligation-employment case or a wage-subsidy claim goes through here.

Each service checks the actor's permission (``permissions.py``), the state transition (``enums.py``)
and the input (Finnish messages beside the fields), then saves with the actor in the change history,
all in one transaction: bad input leaves nothing half-saved.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from clients.models import Client
from joutsa_tyollisyys.formatting import format_date, format_euro
from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.roles import Role, has_role
from joutsa_tyollisyys.services import lock_for_update, notify, require, save_audited

from . import rules
from .enums import (
    CASE_TRANSITIONS,
    CLAIM_TRANSITIONS,
    OUTCOMES_BY_STATUS,
    CaseStatus,
    ClaimStatus,
    MeetingDecision,
    Outcome,
)
from .models import ObligationCase, WageSubsidyClaim, WageSubsidyRate
from .selectors import process_enabled

MAX_WEEKLY_HOURS = Decimal(40)


# --- Helpers ---


def _raise_if(errors: dict):
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


def check_transition(obj, to):
    """Raise unless the case or claim ``obj`` may move to status ``to`` (the tables in enums.py)."""
    table = CLAIM_TRANSITIONS if isinstance(obj, WageSubsidyClaim) else CASE_TRANSITIONS
    if to not in table[type(to)(obj.status)]:
        raise ValidationError(
            _("This is not possible while the status is “%(status)s”.") % {"status": obj.get_status_display()}
        )


def _lock_case(actor, perm, case_id, expected_version, to_status) -> ObligationCase:
    case = lock_for_update(ObligationCase, case_id, expected_version)
    require(actor, perm, case.client)
    check_transition(case, to_status)
    return case


def _lock_claim(actor, claim_id, expected_version, to_status) -> WageSubsidyClaim:
    claim = lock_for_update(WageSubsidyClaim, claim_id, expected_version)
    require(actor, "obligation_employment.manage_claims", claim.case.client)
    check_transition(claim, to_status)
    return claim


def _not_future(errors, field, day, today):
    if day and day > today:
        errors[field] = _("The date cannot be in the future.")


def _period(errors, start, end, end_field):
    if start and end and end < start:
        errors[end_field] = _("The end cannot be before the start.")


def _hours(errors, field, hours):
    if hours is not None and not (0 < hours <= MAX_WEEKLY_HOURS):
        errors[field] = _("Working hours per week must be more than 0 and at most %(max)s.") % {
            "max": MAX_WEEKLY_HOURS
        }


def _positive(errors, field, value, message):
    if value is not None and value <= 0:
        errors[field] = message


def eligibility_of(client: Client, allowance_end_date: date) -> rules.Eligibility:
    return rules.obligation_eligibility(client.birth_date, allowance_end_date)


# --- The case ---


@transaction.atomic
def notice_register(*, actor, client_id: int, notice_date: date, allowance_end_date: date) -> ObligationCase:
    """The clerk registers the employment authority's notice; the case goes to the supervisors' meeting."""
    client = Client.objects.select_for_update(of=("self",)).get(pk=client_id)
    require(actor, "obligation_employment.manage_case", client)
    if not process_enabled():
        raise ValidationError(
            _("Obligation employment has been switched off: new cases cannot be registered.")
        )
    if ObligationCase.objects.open().filter(client=client).exists():
        raise ValidationError(_("The client already has an open obligation employment case."))
    errors = {}
    _not_future(errors, "notice_date", notice_date, timezone.localdate())
    if allowance_end_date:
        eligibility = eligibility_of(client, allowance_end_date)
        if not eligibility.eligible:
            errors["allowance_end_date"] = eligibility.explanation
    _raise_if(errors)
    case = ObligationCase(
        client=client,
        handler=actor,
        notice_date=notice_date,
        allowance_end_date=allowance_end_date,
        status=CaseStatus.AWAITING_MEETING,
    )
    return save_audited(case, actor=actor)


@transaction.atomic
def meeting_decision_record(
    *,
    actor,
    case_id: int,
    expected_version: int,
    meeting_date: date,
    meeting_decision: str,
    work_unit: str = "",
    job_title: str = "",
    supervisor: str = "",
    weekly_hours: Decimal | None = None,
    declined_reason: str = "",
) -> ObligationCase:
    """The supervisors' meeting chose suitable work (→ work chosen) or the client declined (→ closed)."""
    declined = meeting_decision == MeetingDecision.CLIENT_DECLINED
    case = _lock_case(
        actor,
        "obligation_employment.record_meeting_decision",
        case_id,
        expected_version,
        CaseStatus.CLOSED if declined else CaseStatus.WORK_CHOSEN,
    )
    errors = {}
    _not_future(errors, "meeting_date", meeting_date, timezone.localdate())
    if meeting_date and meeting_date < case.notice_date:
        errors["meeting_date"] = _("The meeting cannot be before the employment notice (%(date)s).") % {
            "date": format_date(case.notice_date)
        }
    if declined:
        if not (declined_reason or "").strip():
            errors["declined_reason"] = _("Write down why the client declined.")
    elif meeting_decision == MeetingDecision.SUITABLE_WORK:
        required = {
            "work_unit": (work_unit, _("Give the unit where the client will work.")),
            "job_title": (job_title, _("Give the job title.")),
            "supervisor": (supervisor, _("Give the supervisor's name.")),
            "weekly_hours": (weekly_hours, _("Give the working hours per week.")),
        }
        errors.update(
            {f: msg for f, (value, msg) in required.items() if value in (None, "") or not str(value).strip()}
        )
        _hours(errors, "weekly_hours", weekly_hours)
    else:
        errors["meeting_decision"] = _("Choose the decision of the meeting.")
    _raise_if(errors)
    case.meeting_date, case.meeting_decision = meeting_date, meeting_decision
    if declined:
        case.declined_reason = declined_reason.strip()
        case.status, case.outcome, case.closed_on = CaseStatus.CLOSED, Outcome.CLIENT_DECLINED, meeting_date
        case.outcome_notes = case.declined_reason
    else:
        case.work_unit, case.job_title, case.supervisor = (
            work_unit.strip(),
            job_title.strip(),
            supervisor.strip(),
        )
        case.weekly_hours, case.status = weekly_hours, CaseStatus.WORK_CHOSEN
    return save_audited(case, actor=actor)


def rate_for(category: str, day: date) -> WageSubsidyRate | None:
    try:
        return WageSubsidyRate.rate_on(day, category=category)
    except WageSubsidyRate.DoesNotExist:
        return None


def _check_subsidy_period(errors, category, start, end, end_field):
    """The rate table must have the category on the start date, and its longest period must hold."""
    if not (category and start and end) or end < start:
        return
    rate = rate_for(category, start)
    if rate is None:
        errors["rate_category"] = _(
            "No wage-subsidy rate of this category is in force on %(date)s: ask the "
            "administrator to add it to the rate table."
        ) % {"date": format_date(start)}
    elif rules.exceeds_months(start, end, rate.max_months):
        errors[end_field] = _(
            "This category is granted for at most %(months)s months: the period may end "
            "on %(last)s at the latest."
        ) % {"months": rate.max_months, "last": format_date(rules.period_end(start, rate.max_months))}


@transaction.atomic
def application_record(
    *,
    actor,
    case_id: int,
    expected_version: int,
    application_sent_on: date,
    rate_category: str,
    applied_start: date,
    applied_end: date,
    claim_period_months: int,
) -> ObligationCase:
    case = _lock_case(
        actor, "obligation_employment.manage_case", case_id, expected_version, CaseStatus.APPLICATION_SENT
    )
    errors = {}
    _not_future(errors, "application_sent_on", application_sent_on, timezone.localdate())
    if application_sent_on and case.meeting_date and application_sent_on < case.meeting_date:
        errors["application_sent_on"] = _(
            "The application cannot be sent before the supervisors' meeting (%(date)s)."
        ) % {"date": format_date(case.meeting_date)}
    _period(errors, applied_start, applied_end, "applied_end")
    if claim_period_months not in (1, 2, 3):
        errors["claim_period_months"] = _("A claim period is 1, 2 or 3 months.")
    _check_subsidy_period(errors, rate_category, applied_start, applied_end, "applied_end")
    _raise_if(errors)
    case.application_sent_on, case.rate_category = application_sent_on, rate_category
    case.applied_start, case.applied_end, case.claim_period_months = (
        applied_start,
        applied_end,
        claim_period_months,
    )
    case.status = CaseStatus.APPLICATION_SENT
    return save_audited(case, actor=actor)


@transaction.atomic
def decision_record(
    *,
    actor,
    case_id: int,
    expected_version: int,
    decision_date: date,
    decision_rate: Decimal,
    decision_start: date,
    decision_end: date,
    monthly_maximum: Decimal,
) -> ObligationCase:
    """The wage-subsidy decision; lays out the payment claims of the whole subsidy period."""
    case = _lock_case(
        actor, "obligation_employment.manage_case", case_id, expected_version, CaseStatus.DECISION_RECEIVED
    )
    errors = {}
    _not_future(errors, "decision_date", decision_date, timezone.localdate())
    if decision_date and decision_date < case.application_sent_on:
        errors["decision_date"] = _("The decision cannot be before the application was sent (%(date)s).") % {
            "date": format_date(case.application_sent_on)
        }
    if decision_rate is not None and not (0 < decision_rate <= 100):
        errors["decision_rate"] = _("The rate must be more than 0 and at most 100 %.")
    _positive(errors, "monthly_maximum", monthly_maximum, _("The monthly maximum must be more than zero."))
    _period(errors, decision_start, decision_end, "decision_end")
    _check_subsidy_period(errors, case.rate_category, decision_start, decision_end, "decision_end")
    _raise_if(errors)
    case.decision_date, case.decision_rate, case.monthly_maximum = (
        decision_date,
        decision_rate,
        monthly_maximum,
    )
    case.decision_start, case.decision_end, case.status = (
        decision_start,
        decision_end,
        CaseStatus.DECISION_RECEIVED,
    )
    save_audited(case, actor=actor)
    for claim in lay_out_claims(case):
        save_audited(claim, actor=actor)
    return case


def lay_out_claims(case) -> list[WageSubsidyClaim]:
    """The (unsaved) payment claims of a decided case: its periods and their deadlines."""
    periods = rules.claim_periods(case.decision_start, case.decision_end, case.claim_period_months)
    return [
        WageSubsidyClaim(
            case=case, number=number, period_start=start, period_end=end, deadline=rules.claim_deadline(end)
        )
        for number, (start, end) in enumerate(periods, start=1)
    ]


@transaction.atomic
def contract_record(
    *,
    actor,
    case_id: int,
    expected_version: int,
    contract_start: date,
    contract_end: date | None,
    monthly_salary: Decimal,
    contract_weekly_hours: Decimal,
) -> ObligationCase:
    """The employment contract (the municipality is the employer); the client is then employed."""
    case = _lock_case(
        actor, "obligation_employment.manage_case", case_id, expected_version, CaseStatus.EMPLOYED
    )
    contract_end = contract_end or (contract_start and rules.default_contract_end(contract_start))
    errors = {}
    if contract_start and not (case.decision_start <= contract_start <= case.decision_end):
        errors["contract_start"] = _(
            "The employment must start within the wage-subsidy decision's period %(start)s–%(end)s."
        ) % {"start": format_date(case.decision_start), "end": format_date(case.decision_end)}
    _period(errors, contract_start, contract_end, "contract_end")
    _positive(errors, "monthly_salary", monthly_salary, _("The monthly salary must be more than zero."))
    _hours(errors, "contract_weekly_hours", contract_weekly_hours)
    _raise_if(errors)
    case.contract_start, case.contract_end = contract_start, contract_end
    case.monthly_salary, case.contract_weekly_hours = monthly_salary, contract_weekly_hours
    case.status = CaseStatus.EMPLOYED
    return save_audited(case, actor=actor)


@transaction.atomic
def case_close(
    *, actor, case_id: int, expected_version: int, outcome: str, closed_on: date, outcome_notes: str = ""
) -> ObligationCase:
    """Close a case with its outcome. Claims not yet made for time after the employment are removed;
    a claim period running when the employment ended is cut at that day (its deadline follows)."""
    case = _lock_case(
        actor, "obligation_employment.manage_case", case_id, expected_version, CaseStatus.CLOSED
    )
    errors = {}
    if outcome not in OUTCOMES_BY_STATUS[CaseStatus(case.status)]:
        errors["outcome"] = _("This outcome does not fit a case whose status is “%(status)s”.") % {
            "status": case.get_status_display()
        }
    _not_future(errors, "closed_on", closed_on, timezone.localdate())
    if closed_on and closed_on < case.notice_date:
        errors["closed_on"] = _("A case cannot be closed before its employment notice (%(date)s).") % {
            "date": format_date(case.notice_date)
        }
    if outcome != Outcome.EMPLOYMENT_COMPLETED and not (outcome_notes or "").strip():
        errors["outcome_notes"] = _("Write down the reason.")
    _raise_if(errors)
    employed = case.status == CaseStatus.EMPLOYED
    case.outcome, case.closed_on, case.outcome_notes = outcome, closed_on, outcome_notes.strip()
    case.status = CaseStatus.CLOSED
    save_audited(case, actor=actor)
    last_day = closed_on if employed else None
    for claim in case.claims.select_for_update(of=("self",)).filter(status=ClaimStatus.DUE):
        if last_day is None or claim.period_start > last_day:
            claim._history_user = actor
            claim.delete()
        elif claim.period_end > last_day:
            claim.period_end, claim.deadline = last_day, rules.claim_deadline(last_day)
            save_audited(claim, actor=actor)
    return case


# --- Payment claims ---


@transaction.atomic
def claim_compute(*, actor, claim_id: int, expected_version: int, wages: Decimal) -> WageSubsidyClaim:
    """The clerk enters the wage costs paid in the period; the subsidy is rate × wages, capped."""
    # Wages can be entered while the claim can still be submitted (due, or lapsed but sent in time).
    claim = _lock_claim(actor, claim_id, expected_version, ClaimStatus.SUBMITTED)
    if wages is None or wages <= 0:
        raise ValidationError(
            {"wages": [_("Enter the wage costs paid in the period: an amount more than zero.")]}
        )
    if claim.period_end >= timezone.localdate():  # the period's wages are known only after it
        raise ValidationError({"wages": [
            _("The payment period ends on %(end)s: its wages can be entered from the day after.")
            % {"end": format_date(claim.period_end)}
        ]})
    case = claim.case
    result = rules.subsidy_amount(
        wages=wages,
        rate_percent=case.decision_rate,
        monthly_maximum=case.monthly_maximum,
        start=claim.period_start,
        end=claim.period_end,
    )
    claim.wages, claim.subsidy_amount = result.wages, result.amount
    return save_audited(claim, actor=actor)


def calculation_of(claim: WageSubsidyClaim) -> rules.SubsidyCalculation | None:
    if claim.wages is None:
        return None
    return rules.subsidy_amount(
        wages=claim.wages,
        rate_percent=claim.case.decision_rate,
        monthly_maximum=claim.case.monthly_maximum,
        start=claim.period_start,
        end=claim.period_end,
    )


@transaction.atomic
def claim_submit(
    *, actor, claim_id: int, expected_version: int, submitted_on: date, amount_claimed: Decimal
) -> WageSubsidyClaim:
    claim = _lock_claim(actor, claim_id, expected_version, ClaimStatus.SUBMITTED)
    if claim.subsidy_amount is None:
        raise ValidationError(_("Enter the period's wage costs first: the subsidy is computed from them."))
    errors = {}
    _not_future(errors, "submitted_on", submitted_on, timezone.localdate())
    if submitted_on and submitted_on < claim.period_end:
        errors["submitted_on"] = _("A claim can be sent only when its period has ended (%(date)s).") % {
            "date": format_date(claim.period_end)
        }
    elif submitted_on and submitted_on > claim.deadline:
        errors["submitted_on"] = _(
            "The deadline %(date)s has passed: the claim has lapsed and cannot be submitted."
        ) % {"date": format_date(claim.deadline)}
    if amount_claimed is not None and not (0 < amount_claimed <= claim.subsidy_amount):
        errors["amount_claimed"] = _(
            "The amount claimed must be more than zero and at most the computed subsidy %(amount)s."
        ) % {"amount": format_euro(claim.subsidy_amount)}
    _raise_if(errors)
    claim.submitted_on, claim.amount_claimed, claim.status = (
        submitted_on,
        amount_claimed,
        ClaimStatus.SUBMITTED,
    )
    claim.lapsed_on = None
    return save_audited(claim, actor=actor)


@transaction.atomic
def claim_mark_paid(
    *, actor, claim_id: int, expected_version: int, paid_on: date, amount_paid: Decimal
) -> WageSubsidyClaim:
    claim = _lock_claim(actor, claim_id, expected_version, ClaimStatus.PAID)
    errors = {}
    _not_future(errors, "paid_on", paid_on, timezone.localdate())
    if paid_on and paid_on < claim.submitted_on:
        errors["paid_on"] = _("The payment cannot be before the claim was sent (%(date)s).") % {
            "date": format_date(claim.submitted_on)
        }
    if amount_paid is not None and not (0 < amount_paid <= claim.amount_claimed):
        errors["amount_paid"] = _(
            "The amount paid must be more than zero and at most the amount claimed %(amount)s."
        ) % {"amount": format_euro(claim.amount_claimed)}
    _raise_if(errors)
    claim.paid_on, claim.amount_paid, claim.status = paid_on, amount_paid, ClaimStatus.PAID
    return save_audited(claim, actor=actor)


# --- The daily task's work (no actor: the system) ---


def _recipients(case):
    if case.handler.is_active and has_role(case.handler, Role.OFFICE_CLERK):
        return [case.handler]
    return list(get_user_model().objects.filter(is_active=True, groups__name=Role.OFFICE_CLERK))


def _claim_values(claim):
    return {"case": claim.case_id, "number": claim.number, "deadline": format_date(claim.deadline)}


@transaction.atomic
def claims_mark_lapsed(*, today: date | None = None) -> int:
    """Claims not sent by their deadline lapse; the handler is told. Running twice changes nothing."""
    today = today or timezone.localdate()
    count = 0
    for claim in (
        WageSubsidyClaim.objects.select_for_update(of=("self",))
        .select_related("case__handler")
        .filter(status=ClaimStatus.DUE, deadline__lt=today)
    ):
        claim.status, claim.lapsed_on = ClaimStatus.LAPSED, today
        save_audited(claim, actor=None, bump_version=False)  # an open form may still record a timely sending
        for user in _recipients(claim.case):
            notify(
                recipient=user,
                url=reverse("obligation_employment:case_detail", args=[claim.case_id]),
                message=Text(N_(
                    "Wage-subsidy claim %(number)s of obligation employment case %(case)s lapsed: its "
                    "deadline was %(deadline)s."
                ), _claim_values(claim)),
            )
        count += 1
    return count


@transaction.atomic
def claims_send_reminders(*, today: date | None = None) -> int:
    """A reminder (front page and e-mail, no personal data) when a claim is due within 14 days. Once."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=rules.REMINDER_DAYS)
    count = 0
    for claim in (
        WageSubsidyClaim.objects.select_for_update(of=("self",))
        .select_related("case__handler")
        .filter(
            status=ClaimStatus.DUE, reminder_sent_on__isnull=True, deadline__gte=today, deadline__lte=horizon
        )
    ):
        for user in _recipients(claim.case):
            notify(
                recipient=user,
                email=True,
                url=reverse("obligation_employment:claim_list"),
                message=Text(N_(
                    "Wage-subsidy claim %(number)s of obligation employment case %(case)s must be sent "
                    "by %(deadline)s."
                ), _claim_values(claim)),
            )
        claim.reminder_sent_on = today
        save_audited(claim, actor=None, bump_version=False)
        count += 1
    return count
