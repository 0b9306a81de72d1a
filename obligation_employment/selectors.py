"""Reads for the obligation-employment pages, panels and the monthly report (one queryset per page)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Sum
from django.utils import timezone

from joutsa_tyollisyys.history import describe_history
from joutsa_tyollisyys.rows import RelatedRows, singleton_value

from . import rules
from .enums import OPEN_STATUSES, CaseStatus, ClaimStatus
from .models import ObligationCase, ObligationSettings, WageSubsidyClaim

#: Lapsed claims stay on the clerk's list this long after their deadline.
LAPSED_SHOWN_DAYS = 180


def process_enabled() -> bool:
    return ObligationSettings.load().enabled


def client_page_section():
    """The client page's section: the client's cases and whether new ones may be registered (annotations on
    the client's row, see ClientSection.fetch)."""
    return {
        "cases": RelatedRows(client_cases(OuterRef("pk"))),
        "enabled": singleton_value(ObligationSettings, "enabled"),
    }


def with_urgency(claims, today: date | None = None):
    """Label each claim for the page: "lapsed" (vanhentunut), "urgent" (last 14 days), "ok", or ""."""
    today = today or timezone.localdate()
    claims = list(claims)
    for claim in claims:
        if claim.status == ClaimStatus.LAPSED:
            claim.urgency = "lapsed"
        elif claim.status == ClaimStatus.DUE:
            claim.urgency = rules.deadline_urgency(claim.deadline, today)
            claim.days_left = (claim.deadline - today).days
        else:
            claim.urgency = ""
    return claims


def case_list(*, status: str = ""):
    qs = ObligationCase.objects.select_related("client", "handler")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-notice_date", "-pk")


def cases_awaiting_meeting():
    return (
        ObligationCase.objects.filter(status=CaseStatus.AWAITING_MEETING)
        .select_related("client", "client__responsible_worker", "handler")
        .order_by("notice_date", "pk")
    )


def case_for_page(pk: int) -> ObligationCase:
    return ObligationCase.objects.select_related("client", "client__responsible_worker", "handler").get(pk=pk)


def case_claims(case, today: date | None = None):
    return with_urgency(case.claims.order_by("number"), today)


def client_cases(client):
    return (
        ObligationCase.objects.filter(client=client).select_related("handler").order_by("-notice_date", "-pk")
    )


def case_history(case, limit=40):
    """The case's change history, newest first, each row's change in words (``describe_history``)."""
    return describe_history(case.history.select_related("history_user").order_by("-history_date")[:limit])


def _claims():
    return WageSubsidyClaim.objects.select_related("case", "case__client")


def claims_to_make(today: date | None = None):
    """The clerk's list: claims not yet sent (and those lapsed lately), by deadline."""
    today = today or timezone.localdate()
    qs = _claims().filter(
        Q(status=ClaimStatus.DUE)
        | Q(status=ClaimStatus.LAPSED, deadline__gte=today - timedelta(days=LAPSED_SHOWN_DAYS))
    )
    return with_urgency(qs.order_by("deadline", "case_id", "number"), today)


def claims_awaiting_payment():
    return _claims().filter(status=ClaimStatus.SUBMITTED).order_by("submitted_on", "pk")


def claims_due_soon(days: int = 30, limit: int = 10, today: date | None = None):
    """For the clerk's front page: claims whose deadline is within ``days`` (or already passed)."""
    today = today or timezone.localdate()
    qs = _claims().filter(status=ClaimStatus.DUE, deadline__lte=today + timedelta(days=days))
    return with_urgency(qs.order_by("deadline", "pk")[:limit], today)


# --- For the monthly report (reporting app) ---


def open_cases_count(on: date | None = None) -> int:
    """Open obligation-employment cases (today, or at the end of day ``on`` judged by notice and closing)."""
    if on is None:
        return ObligationCase.objects.filter(status__in=OPEN_STATUSES).count()
    return (
        ObligationCase.objects.filter(notice_date__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .count()
    )


def claims_summary(period: tuple[date, date]) -> dict:
    """Wage-subsidy claims in ``period`` = (first day, last day), both included: how many were sent and
    for how much, paid and how much, and how many lapsed (deadline in the period) with the subsidy lost
    as far as it had been computed. Amounts are Decimals (0 when none)."""
    start, end = period
    zero = Decimal("0.00")
    sent = WageSubsidyClaim.objects.filter(submitted_on__range=(start, end)).aggregate(
        count=Count("pk"), amount=Sum("amount_claimed")
    )
    paid = WageSubsidyClaim.objects.filter(paid_on__range=(start, end)).aggregate(
        count=Count("pk"), amount=Sum("amount_paid")
    )
    lapsed = WageSubsidyClaim.objects.filter(
        status=ClaimStatus.LAPSED, deadline__range=(start, end)
    ).aggregate(count=Count("pk"), amount=Sum("subsidy_amount"))
    return {
        "submitted_count": sent["count"],
        "submitted_amount": sent["amount"] or zero,
        "paid_count": paid["count"],
        "paid_amount": paid["amount"] or zero,
        "lapsed_count": lapsed["count"],
        "lapsed_amount": lapsed["amount"] or zero,
    }
