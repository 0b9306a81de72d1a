"""Reads for the rehabilitative work pages (one queryset per page) and figures for the monthly report.

``period`` arguments of the report selectors are a ``(first_day, last_day)`` pair of dates, or any object
with ``start`` and ``end`` dates (both days included).
"""

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from clients.models import Client
from clients.permissions import client_scope
from joutsa_tyollisyys.rows import RelatedRows
from joutsa_tyollisyys.summaries import Summary

from . import rules
from .enums import RUNNING_STATUSES, AgreementStatus, AttendanceStatus, ClaimStatus
from .models import (
    FEEDBACK_SCORES,
    Attendance,
    ClaimedDay,
    CompensationClaim,
    ExpenseAllowanceRate,
    Feedback,
    Placement,
    RehabAgreement,
)

#: Fewer answers than this: the free-text comments are left out of the summary (they could identify a person).
FEEDBACK_COMMENTS_MIN_ANSWERS = 3
ABSENCE_STATUSES = [s for s in AttendanceStatus.values if s != AttendanceStatus.PRESENT]


def _bounds(period) -> tuple[date, date]:
    if isinstance(period, tuple | list):
        return period[0], period[1]
    return period.start, period.end


def _overlapping(start, end, prefix=""):
    return Q(**{f"{prefix}start_date__lte": end, f"{prefix}end_date__gte": start})


def initial_terms_from_plan(client, on: date | None = None) -> dict:
    """Prefill for a new agreement from the rehabilitative-work row of the client's activation plan in force
    (docs/domain.md § 5.2: the coach drafts the agreement from the activation plan).

    Under the law in force on ``on``: since the activation reform a benefit recipient's rehabilitative work
    is based on the multi-agency plan, so an activation plan is no basis for them; then the answer is
    ``{"needs_multi_agency_plan": True}`` and the page asks for that plan.
    """
    from activation.enums import PlanKind
    from activation.selectors import plan_in_force, plan_kind_for
    from joutsa_tyollisyys.dates import period_last_day

    on = on or timezone.localdate()
    plan = plan_in_force(client, on)
    if plan_kind_for(client, on) == PlanKind.MULTI_AGENCY and (plan is None or plan.kind != PlanKind.MULTI_AGENCY):
        return {"needs_multi_agency_plan": True}
    row = next((t for t in plan.tasks.all() if t.service_type.code == "rehabilitative_work"), None) if plan else None
    if row is None:
        return {}
    initial = {"tasks": row.description or row.place}
    if row.starts_on:
        initial["start_date"] = row.starts_on
        if row.length_months:
            initial["end_date"] = period_last_day(row.starts_on, row.length_months)
    if row.days_per_week:
        initial["days_per_week"] = row.days_per_week
    if row.hours_per_day:
        initial["hours_per_day"] = row.hours_per_day
    initial["from_plan"] = plan
    return initial


def clients_with_agreement_in_force(client_ids, on: date) -> set[int]:
    """Of ``client_ids``, those in a signed rehabilitative-work period on ``on`` (one query)."""
    return set(
        RehabAgreement.objects.filter(client_id__in=list(client_ids),
                                      status__in=[AgreementStatus.SIGNED, AgreementStatus.ENDED])
        .filter(_overlapping(on, on))
        .values_list("client_id", flat=True)
    )


# --- placements and capacity ---------------------------------------------------------------------------


def placements_with_usage(today=None) -> list[Placement]:
    """Placements with ``taken`` (agreements signed and in force today) and ``free`` places."""
    today = today or timezone.localdate()
    return placements_with_usage_on([today])[today]


def placements_with_usage_on(days) -> dict:
    """``placements_with_usage`` on each of ``days`` ({day: placements}), read in one query (the monthly
    report's 13 month ends)."""
    days = list(dict.fromkeys(days))
    taken = {
        f"taken_{index}": Count(
            "agreements",
            filter=Q(agreements__status__in=RUNNING_STATUSES) & _overlapping(day, day, "agreements__"),
        )
        for index, day in enumerate(days)
    }
    rows = list(Placement.objects.annotate(**taken).order_by("kind", "name"))
    result = {}
    for index, day in enumerate(days):
        result[day] = []
        for row in rows:
            placement = copy.copy(row)
            placement.taken = getattr(row, f"taken_{index}")
            placement.free = max(placement.capacity - placement.taken, 0)
            result[day].append(placement)
    return result


def places_per_unit(today=None) -> list[dict]:
    """Places per active unit (for the monthly report): name, kind, outside flag, capacity, taken, free."""
    today = today or timezone.localdate()
    return places_per_unit_on([today])[today]


def places_per_unit_on(days) -> dict:
    """``places_per_unit`` on each of ``days``: {day: rows}, in one query."""
    return {
        day: [
            {
                "placement": p.name,
                "kind": p.get_kind_display(),
                "outside_municipality": p.outside_municipality,
                "capacity": p.capacity,
                "taken": p.taken,
                "free": p.free,
            }
            for p in placements
            if p.active
        ]
        for day, placements in placements_with_usage_on(days).items()
    }


def capacity_summary(today=None) -> dict:
    placements = placements_with_usage(today)
    active = [p for p in placements if p.active]
    offering = [p for p in active if p.capacity > 0]
    return {
        "offering": offering,
        "without_places": [p for p in active if p.capacity == 0],
        "inactive": [p for p in placements if not p.active],
        "capacity": sum(p.capacity for p in offering),
        "taken": sum(p.taken for p in active),
    }


# --- agreements ----------------------------------------------------------------------------------------


def visible_agreements(user):
    scope = client_scope(user)
    if scope is None:
        return RehabAgreement.objects.none()
    return RehabAgreement.objects.filter(client__in=Client.objects.filter(scope))


def agreement_list(user, *, status=""):
    qs = visible_agreements(user).select_related("client", "placement", "drafted_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-start_date", "client__last_name", "pk")


def agreement_for_page(pk):
    return (
        RehabAgreement.objects.select_related(
            "client",
            "client__responsible_worker",
            "client__responsible_worker__team",
            "placement",
            "drafted_by",
            "signed_by",
            "final_evaluation_meeting",
            "final_evaluation",
            "final_evaluation__recorded_by",
            "feedback",
        )
        .prefetch_related(
            Prefetch("decisions", queryset=_decisions()),
            Prefetch("changes", queryset=_changes()),
            "follow_up_meetings",
        )
        .get(pk=pk)
    )


def _decisions():
    from .models import RehabDecision

    return RehabDecision.objects.select_related("decided_by").order_by("-decided_at", "-pk")


def _changes():
    from .models import AgreementChange

    return AgreementChange.objects.select_related("changed_by").order_by("-changed_at", "-pk")


def latest_decision(agreement):
    """The newest decision (from the prefetched list on an agreement page)."""
    decisions = list(agreement.decisions.all())
    return decisions[0] if decisions else None


def attendance_by_month(agreement) -> list[dict]:
    """Per month of the agreement: present days and absences (for the agreement page)."""
    rows = (
        Attendance.objects.filter(agreement=agreement)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            absent=Count("pk", filter=~Q(status=AttendanceStatus.PRESENT)),
        )
        .order_by("month")
    )
    return list(rows)


def client_agreements_rows():
    """The client's agreements for the client page (an annotation on the client's row, see ClientSection.fetch)."""
    return {
        "agreements": RelatedRows(
            RehabAgreement.objects.filter(client=OuterRef("pk")).order_by("-start_date", "-pk"), related=("placement",)
        )
    }


def _edited_draft(user_ref, agreement_ref):
    """Exists: the user saved a draft version of the agreement (its history), i.e. wrote its terms."""
    return Exists(
        RehabAgreement.history.model.objects.filter(
            id=agreement_ref, status=AgreementStatus.DRAFT, history_user_id=user_ref
        )
    )


def _counsellor_may_decide():
    """Exists: an active social counsellor who neither drafted nor edited the agreement (four eyes)."""
    from django.contrib.auth import get_user_model

    from joutsa_tyollisyys.roles import Role

    return Exists(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.SOCIAL_COUNSELLOR)
        .exclude(pk=OuterRef("drafted_by_id"))
        .exclude(_edited_draft(OuterRef("pk"), OuterRef(OuterRef("pk"))))
    )


def counsellor_may_decide(agreement) -> bool:
    """Whether some social counsellor other than the agreement's writers may decide it (else the substitute
    decision-maker does)."""
    return RehabAgreement.objects.filter(pk=agreement.pk).filter(_counsellor_may_decide()).exists()


def decision_queue(user=None):
    """Agreements waiting for a decision, each with ``counsellor_may_decide``. A social counsellor sees them all;
    the substitute decision-maker only those no social counsellor may decide and that they did not write."""
    from joutsa_tyollisyys.roles import Role, has_role

    queue = (
        RehabAgreement.objects.filter(status=AgreementStatus.SUBMITTED)
        .select_related("client", "placement", "drafted_by")
        .annotate(counsellor_may_decide=_counsellor_may_decide())
        .order_by("submitted_at", "pk")
    )
    if user is not None and not has_role(user, Role.SOCIAL_COUNSELLOR):
        queue = (
            queue.filter(counsellor_may_decide=False)
            .exclude(drafted_by=user)
            .exclude(_edited_draft(user.pk, OuterRef("pk")))
        )
    return queue


# --- attendance ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    day: date
    status: str = ""
    saved: str = ""  # as saved when the page was made: sent back as ``was-`` (a change meanwhile is refused)
    open: bool = False  # the agreement lets the client attend on this day
    locked: bool = False  # claimed from KEHA already
    error: str = ""

    @property
    def key(self):
        return self.day.isoformat()


@dataclass
class Row:
    agreement: RehabAgreement
    cells: list[Cell] = field(default_factory=list)

    @property
    def recorded(self):
        return sum(1 for c in self.cells if c.status)


def week_days(monday) -> list[date]:
    return [monday + timedelta(days=i) for i in range(7)]


def _locked_claims():
    return Exists(
        ClaimedDay.objects.filter(attendance=OuterRef("pk")).exclude(claim__status=ClaimStatus.DRAFT)
    )


def week_row(agreement, monday, attendances) -> Row:
    by_day = {a.day: a for a in attendances}
    row = Row(agreement=agreement)
    for day in week_days(monday):
        attendance = by_day.get(day)
        row.cells.append(
            Cell(
                day=day,
                status=attendance.status if attendance else "",
                saved=attendance.status if attendance else "",
                locked=bool(attendance and attendance.locked),
                open=rules.attendance_day_error(
                    day=day, start=agreement.start_date, end=agreement.end_date, weekdays=agreement.weekdays
                )
                is None,
            )
        )
    return row


def _week_attendances(monday):
    return Prefetch(
        "attendances",
        to_attr="week_attendances",
        queryset=Attendance.objects.filter(day__range=(monday, monday + timedelta(days=6))).annotate(
            locked=_locked_claims()
        ),
    )


def attendance_week(user, monday) -> list[Row]:
    """The weekly grid: one row per client of the worker with a signed agreement in force that week."""
    sunday = monday + timedelta(days=6)
    agreements = (
        RehabAgreement.objects.filter(
            _overlapping(monday, sunday), client__responsible_worker=user, status__in=RUNNING_STATUSES
        )
        .select_related("client", "placement")
        .prefetch_related(_week_attendances(monday))
        .order_by("client__last_name", "client__first_name", "pk")
    )
    return [week_row(a, monday, a.week_attendances) for a in agreements]


def attendance_row(agreement_id, monday) -> Row:
    agreement = (
        RehabAgreement.objects.select_related("client", "placement")
        .prefetch_related(_week_attendances(monday))
        .get(pk=agreement_id)
    )
    return week_row(agreement, monday, agreement.week_attendances)


def attendance_totals(user, year, month) -> list:
    """Agreements in force in a month with the month's present days and absences by reason: each status's count
    as an attribute named by the status and, in ``AttendanceStatus`` order, in ``status_counts``."""
    start, end = rules.month_bounds(year, month)
    in_month = Q(attendances__day__range=(start, end))
    counts = {
        s: Count("attendances", filter=in_month & Q(attendances__status=s)) for s in AttendanceStatus.values
    }
    rows = list(
        visible_agreements(user)
        .filter(_overlapping(start, end), status__in=RUNNING_STATUSES)
        .select_related("client", "placement")
        .annotate(**counts)
        .order_by("client__last_name", "client__first_name", "pk")
    )
    for row in rows:
        row.status_counts = [getattr(row, s) for s in AttendanceStatus.values]
    return rows


def expense_allowance_rates(year, month) -> list:
    """The expense allowance rates valid on some day of the month, the earliest first."""
    start, end = rules.month_bounds(year, month)
    return list(ExpenseAllowanceRate.objects.valid_during(start, end).order_by("valid_from"))


def month_statement(agreement, year, month) -> dict:
    """The monthly attendance statement (for Kela's expense allowance): every recorded day of the month,
    totals by status, and the allowance for the present days at the rate valid on each day."""
    start, end = rules.month_bounds(year, month)
    attendances = list(agreement.attendances.filter(day__range=(start, end)).order_by("day"))
    rates = expense_allowance_rates(year, month)
    days, total, missing_rate = [], Decimal("0.00"), False
    for attendance in attendances:
        amount = rules.amount_on(attendance.day, rates) if attendance.present else None
        if attendance.present and amount is None:
            missing_rate = True
        total += amount or 0
        days.append(
            {
                "day": attendance.day,
                "status": attendance.get_status_display(),
                "allowance": amount,
                "present": attendance.present,
            }
        )
    counts = [
        {"label": label, "count": sum(1 for a in attendances if a.status == value)}
        for value, label in AttendanceStatus.choices
    ]
    return {
        "agreement": agreement,
        "client": agreement.client,
        "start": start,
        "end": end,
        "days": days,
        "counts": counts,
        "present": counts[0]["count"],
        "allowance_total": total,
        "missing_rate": missing_rate,
    }


# --- follow-up ------------------------------------------------------------------------------------------


def overdue_evaluations(user, today=None):
    """Final evaluations not held although the deadline (two weeks before the end) has passed."""
    today = today or timezone.localdate()
    return (
        RehabAgreement.objects.filter(
            client__responsible_worker=user,
            status__in=RUNNING_STATUSES,
            final_evaluation__isnull=True,
            end_date__lt=today + rules.FINAL_EVALUATION_BEFORE_END,
        )
        .select_related("client", "placement", "final_evaluation_meeting")
        .order_by("end_date", "pk")
    )


def ending_without_next_step(user, today=None):
    """Agreements ending within 14 days whose final evaluation left the next step open."""
    today = today or timezone.localdate()
    return (
        RehabAgreement.objects.filter(
            client__responsible_worker=user,
            status=AgreementStatus.SIGNED,
            end_date__range=(today, today + rules.FINAL_EVALUATION_BEFORE_END),
            final_evaluation__next_step="",
        )
        .select_related("client", "placement")
        .order_by("end_date", "pk")
    )


# --- claims --------------------------------------------------------------------------------------------


def claim_list():
    """The claims, newest period first; their totals come from ``with_totals`` for the claims shown."""
    return CompensationClaim.objects.select_related("created_by", "supplements").order_by("-period_start", "-pk")


def with_totals(claims) -> list:
    """The claims (a page of them) with their participants, days and euros set, summed in one query over
    those claims' days only: a claim holds a month of a city's days, summing every claim for the list (and
    again for its count) cost half a second."""
    claims = list(claims)
    totals = {
        row["claim_id"]: row
        for row in ClaimedDay.objects.filter(claim__in=claims).values("claim_id").order_by().annotate(
            day_count=Count("pk"), total=Sum("amount"), participants=Count("client", distinct=True))
    }
    for claim in claims:
        row = totals.get(claim.pk, {})
        claim.day_count = row.get("day_count", 0)
        claim.total = row.get("total")
        claim.participants = row.get("participants", 0)
    return claims


def claim_participants(claim):
    """The claim's participants by name (pk, last and first name): the claim's page pages through them (a
    city's claim has thousands) and shows the breakdown of the page's participants only. Counted as clients
    among the claim's days: the count of the whole breakdown joined every day to its attendance (140 ms)."""
    return (
        Client.objects.filter(pk__in=ClaimedDay.objects.filter(claim=claim).values("client_id"))
        .order_by("last_name", "first_name", "pk")
        .values("pk", "last_name", "first_name")
    )


def claim_breakdown(claim, client_ids=None):
    """Per participant and placement: days and euros (names only; the exports add the identity codes); only
    of ``client_ids`` when given (a page of ``claim_participants``)."""
    days = ClaimedDay.objects.filter(claim=claim)
    if client_ids is not None:
        days = days.filter(client_id__in=client_ids)
    return (
        days
        .values(
            "client_id",
            "client__last_name",
            "client__first_name",
            "attendance__agreement__placement__name",
            "attendance__agreement__placement__outside_municipality",
        )
        .annotate(days=Count("pk"), amount=Sum("amount"))
        .order_by(
            "client__last_name", "client__first_name", "client_id", "attendance__agreement__placement__name"
        )
    )


def claim_days(claim):
    return (
        ClaimedDay.objects.filter(claim=claim)
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "client_id", "day")
    )


#: The participation days not claimed yet are counted over every attendance day ever recorded (a city's two
#: years: half a second): the claim list shows them from the cache; a claim made, computed again or deleted
#: forgets them at once, days recorded by the coaches show within five minutes (counted ahead, in the background:
#: no clerk waits for the recount after the five minutes; issue 24).
UNCLAIMED = Summary("rehab-work-unclaimed-days", seconds=300, refresh_ahead=True)


def unclaimed_days_shown() -> tuple[list, object]:
    """(``unclaimed_days_by_month()``, when they were counted) as the claim list shows them."""
    return UNCLAIMED.get("all", unclaimed_days_by_month)


def unclaimed_days_by_month(limit=12):
    """Present days not claimed yet, by month (the clerk's reminder)."""
    return list(
        Attendance.objects.filter(status=AttendanceStatus.PRESENT, claimed__isnull=True)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(days=Count("pk"))
        .order_by("-month")[:limit]
    )


def claims_waiting_payment(limit=5) -> list:
    return with_totals(claim_list().filter(status=ClaimStatus.SUBMITTED)[:limit])


# --- figures for the monthly report (reporting app) -----------------------------------------------------


def clients_in_rehab_work(period) -> int:
    """How many different clients had a signed agreement in force during the period."""
    start, end = _bounds(period)
    return (
        RehabAgreement.objects.filter(_overlapping(start, end), status__in=RUNNING_STATUSES)
        .values("client_id")
        .distinct()
        .count()
    )


def compensation_claimed_and_paid(period) -> dict:
    """State compensation claimed (claims submitted in the period) and paid (payments in the period), €."""
    start, end = _bounds(period)
    claimed = ClaimedDay.objects.filter(claim__submitted_on__range=(start, end)).aggregate(s=Sum("amount"))[
        "s"
    ]
    paid = CompensationClaim.objects.filter(paid_on__range=(start, end)).aggregate(s=Sum("paid_amount"))["s"]
    return {"claimed": claimed or Decimal("0.00"), "paid": paid or Decimal("0.00")}


def feedback_summary(period) -> dict:
    """Client feedback given in the period as anonymous aggregates: the number of answers, the average of
    each score (1–5) and, from three answers up, the free-text comments in alphabetical order."""
    start, end = _bounds(period)
    answers = Feedback.objects.filter(given_on__range=(start, end))
    figures = answers.aggregate(count=Count("pk"), **{name: Avg(name) for name, _label in FEEDBACK_SCORES})
    count = figures.pop("count")
    averages = [
        {"question": str(label), "average": _one_decimal(figures[name])} for name, label in FEEDBACK_SCORES
    ]
    comments = []
    if count >= FEEDBACK_COMMENTS_MIN_ANSWERS:
        comments = sorted(c for c in answers.exclude(comments="").values_list("comments", flat=True))
    return {"count": count, "averages": averages, "comments": comments}


def _one_decimal(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))
