"""Reads for the health-cooperation pages: one queryset per page, scoped to what the user may see.

The monthly report (``reporting``) reads ``health_checks_done`` and ``open_referrals``: figures only,
no personal data.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from clients.enums import ClientStatus, ConsentPurpose
from clients.models import Consent
from clients.selectors import visible_clients
from joutsa_tyollisyys.rows import RelatedRows, singleton_value

from . import rules
from .enums import (
    BookingStatus,
    ExaminationStatus,
    HealthCheckStatus,
    InvestigationStatus,
    NextStepStatus,
    ReferralStatus,
    ReferralTarget,
)
from .models import (
    GuidedReferral,
    HealthCheckReferral,
    HealthCooperationSettings,
    PensionExamination,
    PensionInvestigation,
    SoteBooking,
    SoteMeeting,
    SoteNextStep,
    SoteSlot,
)

ACTIVE_BOOKING = [BookingStatus.BOOKED, BookingStatus.HANDLED]
OPEN_REFERRAL = [ReferralStatus.SENT, ReferralStatus.RECEIVED]


# --- consent --------------------------------------------------------------------------------------------


def health_consent_in_force(client, on: date | None = None) -> Consent | None:
    """The client's consent to share information with health services in force on ``on`` (the newest)."""
    on = on or timezone.localdate()
    consents = client.consents.filter(purpose=ConsentPurpose.HEALTH_SERVICES).order_by("-given_on", "-id")
    return next((c for c in consents if c.is_in_force(on)), None)


def _consent_in_force_q(on: date):
    return Consent.objects.filter(
        client=OuterRef("pk"),
        purpose=ConsentPurpose.HEALTH_SERVICES,
        given_on__lte=on,
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


# --- the client's health page and the client-page section ---------------------------------------------


def client_health(client) -> dict:
    """Everything on the client's health page (a fixed number of queries whatever the data size)."""
    checks = list(client.health_checks.select_related("referred_by"))
    done = [c.checked_on for c in checks if c.status == HealthCheckStatus.DONE and c.checked_on]
    steps = SoteNextStep.objects.select_related("responsible", "done_by")
    bookings = list(
        client.sote_bookings.select_related("slot__meeting", "brought_by")
        .prefetch_related(Prefetch("next_steps", queryset=steps))
        .order_by("-slot__starts_at")
    )
    investigations = list(
        client.pension_investigations.select_related("responsible_worker").prefetch_related(
            Prefetch("examinations", queryset=PensionExamination.objects.select_related("examination_type"))
        )
    )
    for investigation in investigations:
        investigation.progress = rules.checklist_progress(e.status for e in investigation.examinations.all())
    return {
        "checks": checks,
        "last_check": max(done) if done else None,
        "referrals": list(client.guided_referrals.select_related("sent_by")),
        "bookings": bookings,
        "open_steps": [s for b in bookings for s in b.next_steps.all() if s.status == NextStepStatus.OPEN],
        "investigations": investigations,
    }


def client_page_section(on: date) -> dict:
    """The client page's section: consent, last check and what is open (annotations on the client's row, see
    ClientSection.fetch; ``health_summary`` shapes them for the template)."""
    client = OuterRef("pk")
    return {
        "interval_months": singleton_value(HealthCooperationSettings, "health_check_interval_months"),
        "consent": RelatedRows(_consent_in_force_q(on).order_by("-given_on", "-id"), limit=1),
        "last_check": Subquery(
            HealthCheckReferral.objects.filter(client=client, status=HealthCheckStatus.DONE, checked_on__isnull=False)
            .order_by("-checked_on")
            .values("checked_on")[:1]
        ),
        "open_check": RelatedRows(
            HealthCheckReferral.objects.filter(client=client, status=HealthCheckStatus.REFERRED)
            .order_by("-referred_on"),
            limit=1,
        ),
        "open_referrals": RelatedRows(GuidedReferral.objects.filter(client=client, status__in=OPEN_REFERRAL)),
        "open_steps": RelatedRows(
            SoteNextStep.objects.filter(booking__client=client, status=NextStepStatus.OPEN).order_by("due_on", "id"),
            related=("responsible",),
        ),
        "upcoming_bookings": RelatedRows(
            SoteBooking.objects.filter(client=client, status=BookingStatus.BOOKED, slot__starts_at__gte=timezone.now()),
            related=("slot",),
        ),
        "open_investigation": RelatedRows(
            PensionInvestigation.objects.filter(client=client, status=InvestigationStatus.OPEN), limit=1
        ),
    }


def health_summary(data: dict, on: date) -> dict:
    """The values of ``client_page_section`` as the section's template reads them."""
    return {
        "consent": next(iter(data["consent"]), None),
        "last_check": data["last_check"],
        "check_due": rules.health_check_due(data["last_check"], on, data["interval_months"]),
        "interval_months": data["interval_months"],
        "open_check": next(iter(data["open_check"]), None),
        "open_referrals": data["open_referrals"],
        "open_steps": data["open_steps"],
        "upcoming_bookings": data["upcoming_bookings"],
        "open_investigation": next(iter(data["open_investigation"]), None),
    }


# --- lists ----------------------------------------------------------------------------------------------


def checks_due(user, *, on: date, months: int, only_mine: bool = False):
    """Long-term unemployed clients of the user with no health check in the last ``months`` months."""
    cutoff = rules.health_check_cutoff(on, months)
    long_term_since = rules.months_before(on, rules.LONG_TERM_UNEMPLOYMENT_MONTHS)
    qs = visible_clients(user).filter(
        status__in=[ClientStatus.NEW, ClientStatus.ACTIVE],
        unemployed_since__lte=long_term_since,
    )
    if only_mine:
        qs = qs.filter(responsible_worker=user)
    return (
        qs.annotate(
            last_check=Max(
                "health_checks__checked_on", filter=Q(health_checks__status=HealthCheckStatus.DONE)
            ),
            open_referral=Max(
                "health_checks__referred_on", filter=Q(health_checks__status=HealthCheckStatus.REFERRED)
            ),
            has_consent=Exists(_consent_in_force_q(on)),
        )
        .filter(Q(last_check__isnull=True) | Q(last_check__lt=cutoff))
        .select_related("responsible_worker")
        .order_by("last_check", "last_name", "first_name", "pk")
    )


def upcoming_meetings(*, today: date, limit: int = 6):
    """The next sote-team meetings with their slots and the active booking of each slot."""
    active = SoteBooking.objects.filter(status__in=ACTIVE_BOOKING).select_related(
        "client__responsible_worker__team", "brought_by"
    )
    slots = SoteSlot.objects.prefetch_related(
        Prefetch("bookings", queryset=active, to_attr="active_bookings")
    )
    return list(
        SoteMeeting.objects.filter(date__gte=today).prefetch_related(Prefetch("slots", queryset=slots))[
            :limit
        ]
    )


def free_slots(*, now=None, days_ahead: int = 180):
    """Future slots (half a year ahead) without an active booking, earliest first (the booking form).

    Not sliced: the form's choice field validates the chosen slot against this queryset.
    """
    now = now or timezone.now()
    return (
        SoteSlot.objects.filter(starts_at__gt=now, starts_at__lt=now + timedelta(days=days_ahead))
        .exclude(bookings__status__in=ACTIVE_BOOKING)
        .select_related("meeting")
        .order_by("starts_at")
    )


def booking_for_page(pk):
    steps = SoteNextStep.objects.select_related("responsible", "done_by")
    return (
        SoteBooking.objects.select_related("slot__meeting", "brought_by", "client__responsible_worker__team")
        .prefetch_related(Prefetch("next_steps", queryset=steps))
        .get(pk=pk)
    )


def investigation_for_page(pk):
    investigation = (
        PensionInvestigation.objects.select_related("client__responsible_worker__team", "responsible_worker")
        .prefetch_related(
            Prefetch("examinations", queryset=PensionExamination.objects.select_related("examination_type"))
        )
        .get(pk=pk)
    )
    investigation.progress = rules.checklist_progress(e.status for e in investigation.examinations.all())
    return investigation


# --- the worker's own open items (front page and the overview page) -------------------------------------


def my_open_investigations(user, limit: int = 10):
    return (
        PensionInvestigation.objects.filter(responsible_worker=user, status=InvestigationStatus.OPEN)
        .select_related("client")
        .annotate(
            total=Count("examinations"),
            pending=Count("examinations", filter=Q(examinations__status=ExaminationStatus.PENDING)),
            next_planned=Min(
                "examinations__planned_on", filter=Q(examinations__status=ExaminationStatus.PENDING)
            ),
        )
        .order_by("opened_on", "pk")[:limit]
    )


def my_open_next_steps(user, limit: int = 10):
    return (
        SoteNextStep.objects.filter(responsible=user, status=NextStepStatus.OPEN)
        .select_related("booking__client", "booking__slot")
        .order_by("due_on", "id")[:limit]
    )


def my_open_guided_referrals(user, limit: int = 20):
    return (
        GuidedReferral.objects.filter(sent_by=user, status__in=OPEN_REFERRAL)
        .select_related("client")
        .order_by("sent_on", "pk")[:limit]
    )


def referrals_to_social_counsellor(limit: int = 20):
    """Guided referrals waiting for the social counsellor's service-need assessment."""
    return (
        GuidedReferral.objects.filter(target=ReferralTarget.SOCIAL_COUNSELLOR, status__in=OPEN_REFERRAL)
        .select_related("client", "sent_by")
        .order_by("sent_on", "pk")[:limit]
    )


def my_pending_health_checks(user, limit: int = 20):
    return (
        HealthCheckReferral.objects.filter(referred_by=user, status=HealthCheckStatus.REFERRED)
        .select_related("client")
        .order_by("referred_on", "pk")[:limit]
    )


# --- the monthly report (figures only) ------------------------------------------------------------------


def health_checks_done(start: date, end: date) -> dict:
    """Health checks done in [start, end]: how many, and how many per work-capacity outcome."""
    rows = (
        HealthCheckReferral.objects.filter(
            status=HealthCheckStatus.DONE, checked_on__gte=start, checked_on__lte=end
        )
        .values("work_capacity")
        .annotate(n=Count("id"))
    )
    by_capacity = {row["work_capacity"]: row["n"] for row in rows}
    return {"total": sum(by_capacity.values()), "by_work_capacity": by_capacity}


def open_referrals(on: date) -> dict:
    """Referrals open at the end of ``on``: guided referrals per target and health-check referrals.

    A referral is open on a day when it was sent by then and not yet done, stopped or cancelled by then.
    """
    guided = (
        GuidedReferral.objects.filter(sent_on__lte=on)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=on))
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gt=on))
        .values("target")
        .annotate(n=Count("id"))
    )
    by_target = {row["target"]: row["n"] for row in guided}
    checks = (
        HealthCheckReferral.objects.filter(referred_on__lte=on)
        .filter(Q(checked_on__isnull=True) | Q(checked_on__gt=on))
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on))
        .count()
    )
    return {"guided_total": sum(by_target.values()), "guided_by_target": by_target, "health_checks": checks}
