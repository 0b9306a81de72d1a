"""Reads for the workshop pages: one queryset per page, related rows fetched up front."""

from datetime import timedelta

from django.db.models import Count, OuterRef, Prefetch, Q
from django.utils import timezone

from clients.models import Client
from clients.permissions import client_scope
from joutsa_tyollisyys.rows import RelatedRows, read_on
from rehab_work.models import Placement
from rehab_work.selectors import placements_with_usage

from .enums import DocumentKind, PeriodStatus, ServiceKind
from .models import (
    Coaching,
    CompetenceCertificate,
    Group,
    GroupParticipant,
    GroupSession,
    LibraryDocument,
    ServicePeriod,
    SessionAttendance,
    YouthEnrolment,
)


def visible_clients(user):
    scope = client_scope(user)
    return Client.objects.none() if scope is None else Client.objects.filter(scope)


def group_list(user):
    """Every group (no personal data: names of groups, leaders and schedules), mine first."""
    today = timezone.localdate()
    return (
        Group.objects.select_related("leader", "placement")
        .annotate(
            participant_count=Count("participants", filter=Q(participants__left_on__isnull=True), distinct=True),
            upcoming=Count("sessions", filter=Q(sessions__day__gte=today), distinct=True),
        )
        .order_by("-last_day", "name")
    )


def group_detail(pk):
    today = timezone.localdate()
    return (
        Group.objects.select_related("leader", "placement")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=GroupParticipant.objects.select_related("client").order_by(
                    "left_on", "client__last_name", "client__first_name"
                ),
            ),
            Prefetch(
                "sessions",
                queryset=GroupSession.objects.filter(day__gte=today - timedelta(days=28))
                .annotate(
                    present=Count("attendances", filter=Q(attendances__presence="present")),
                    marked=Count("attendances"),
                )
                .order_by("day"),
                to_attr="recent_sessions",
            ),
        )
        .get(pk=pk)
    )


def session_detail(pk):
    return GroupSession.objects.select_related("group", "group__leader").get(pk=pk)


def session_rows(session):
    """The participants on the day with their attendance row (or None)."""
    rows = {
        a.client_id: a for a in SessionAttendance.objects.filter(session=session).select_related("rehab_attendance")
    }
    participants = (
        GroupParticipant.objects.filter(group_id=session.group_id, joined_on__lte=session.day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=session.day))
        .select_related("client")
        .order_by("client__last_name", "client__first_name")
    )
    return [(p, rows.get(p.client_id)) for p in participants]


def todays_sessions(user, day=None):
    day = day or timezone.localdate()
    return (
        GroupSession.objects.filter(day=day, group__leader=user)
        .select_related("group", "group__placement")
        .annotate(marked=Count("attendances"))
        .order_by("group__starts_at", "group__name")
    )


def client_workshop_rows():
    """Everything of the workshop on one client page, as annotations on the client's row (see
    ClientSection.fetch)."""
    client = OuterRef("pk")
    return {
        "periods": RelatedRows(ServicePeriod.objects.filter(client=client), related=("placement", "coach")),
        "coachings": RelatedRows(Coaching.objects.filter(client=client), related=("period", "coach")),
        "youth": RelatedRows(YouthEnrolment.objects.filter(client=client), related=("coach",)),
        "groups": RelatedRows(GroupParticipant.objects.filter(client=client), related=("group__leader",)),
        "certificates": RelatedRows(
            CompetenceCertificate.objects.filter(client=client), related=("qualification", "signed_by")
        ),
    }


def client_workshop(client):
    """``client_workshop_rows`` of one client (one query)."""
    return read_on(client, client_workshop_rows())


def certificates():
    return CompetenceCertificate.objects.select_related(
        "client", "client__responsible_worker", "qualification", "placement", "signed_by"
    ).prefetch_related("areas")


def work_trial_places(today=None):
    """The registry per unit: rehabilitative-work places (from rehab_work) and work trials running today."""
    today = today or timezone.localdate()
    placements = placements_with_usage(today)
    running = dict(
        ServicePeriod.objects.filter(
            kind=ServiceKind.WORK_TRIAL, status=PeriodStatus.ACTIVE, start_date__lte=today, end_date__gte=today
        )
        .values_list("placement_id")
        .annotate(n=Count("pk"))
    )
    for placement in placements:
        placement.work_trials = running.get(placement.pk, 0)
        placement.free_for_all = max(placement.capacity - placement.taken - placement.work_trials, 0)
    return [p for p in placements if p.active]


def active_placements():
    return Placement.objects.filter(active=True).order_by("name")


def library():
    """Each form kind with its versions (newest first)."""
    versions = {}
    for document in LibraryDocument.objects.order_by("kind", "-version"):
        versions.setdefault(document.kind, []).append(document)
    return [{"kind": kind, "label": label, "versions": versions.get(kind, [])} for kind, label in DocumentKind.choices]
