"""Reads for the client pages: one queryset per page, scoped to what the user may see."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from joutsa_tyollisyys.dates import add_months
from joutsa_tyollisyys.history import describe_history
from joutsa_tyollisyys.roles import CLIENT_WORKERS, Role, has_role
from joutsa_tyollisyys.rows import RelatedRows

from . import national_id as nid
from .enums import ClientStatus, MeetingStatus
from .models import Client, Consent, EmploymentPlan, Invitation, Meeting, ResponsibleWorkerChange, ServiceNeedAssessment
from .permissions import client_scope


def visible_clients(user):
    scope = client_scope(user)
    if scope is None:
        return Client.objects.none()
    return Client.objects.filter(scope)


def client_search(user, *, q: str = "", worker=None, status: str = "", typ: str = ""):
    """Search by name prefix or exact national id (through the keyed hash), worker, status, TYP."""
    qs = visible_clients(user).select_related("responsible_worker")
    q = (q or "").strip()
    if q:
        if nid.looks_like_national_id(q):
            qs = qs.filter(national_id_hash=nid.lookup_hash(q))
        else:
            for part in q.split()[:3]:
                qs = qs.filter(Q(last_name__istartswith=part) | Q(first_name__istartswith=part))
    if worker == "none":
        qs = qs.filter(responsible_worker__isnull=True)
    elif worker:
        qs = qs.filter(responsible_worker_id=worker)
    if status:
        qs = qs.filter(status=status)
    if typ in ("yes", "no"):
        qs = qs.filter(is_typ=(typ == "yes"))
    return qs.order_by("last_name", "first_name", "pk")


def client_for_page(user, pk):
    return visible_clients(user).select_related("responsible_worker", "responsible_worker__team").get(pk=pk)


def client_worker_changes(client):
    return client.worker_changes.select_related("worker", "previous_worker", "changed_by")


# --- the sections of the client page: annotations on the client's row (see ClientSection.fetch) ----------


def meetings_section(limit=50):
    return {"meetings": RelatedRows(Meeting.objects.filter(client=OuterRef("pk")).order_by("-starts_at"),
                                    related=("worker",), limit=limit)}


def worker_changes_section(limit=10):
    return {"changes": RelatedRows(ResponsibleWorkerChange.objects.filter(client=OuterRef("pk")),
                                   related=("worker", "changed_by"), limit=limit)}


def consents_section():
    return {"consents": RelatedRows(Consent.objects.filter(client=OuterRef("pk")))}


def invitations_section(limit=20):
    return {"invitations": RelatedRows(Invitation.objects.filter(client=OuterRef("pk")), related=("created_by",),
                                       limit=limit)}


def history_section(limit=30):
    """Change history of the client record and its meetings (label them with ``history_rows``)."""
    return {
        "client_history": RelatedRows(
            Client.history.filter(id=OuterRef("pk")).order_by("-history_date"), related=("history_user",),
            limit=limit,
        ),
        "meeting_history": RelatedRows(
            Meeting.history.filter(client_id=OuterRef("pk")).order_by("-history_date"), related=("history_user",),
            limit=limit,
        ),
    }


def history_rows(client_history, meeting_history, limit=30):
    """The rows of ``history_section``, newest first, each with a label and the fields it changed."""
    rows = _with_changes(client_history, _("Client data")) + _with_changes(meeting_history, _("Meeting"))
    return sorted(rows, key=lambda r: r.history_date, reverse=True)[:limit]


def te_records_section(limit=5):
    """The client's latest service-need assessments and employment plans made with the TE office."""
    return {
        "assessments": RelatedRows(ServiceNeedAssessment.objects.filter(client=OuterRef("pk")), limit=limit),
        "employment_plans": RelatedRows(EmploymentPlan.objects.filter(client=OuterRef("pk")), limit=limit),
    }


def _with_changes(records, label):
    """Label each history row and describe its change in words (compared in memory, no extra queries)."""
    records = describe_history(records)
    for record in records:
        record.label = label
    return records


def week_bounds(day):
    start = day - timedelta(days=day.weekday())
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(start + timedelta(days=7), time.min), tz),
    )


def worker_meetings(user, start, end):
    return (
        Meeting.objects.filter(worker=user, starts_at__gte=start, starts_at__lt=end)
        .select_related("client")
        .order_by("starts_at")
    )


def calendar_meetings(user):
    """Planned meetings for the worker's iCalendar feed: 60 days back, a year ahead."""
    now = timezone.now()
    return (
        Meeting.objects.filter(
            worker=user, status=MeetingStatus.PLANNED,
            starts_at__gte=now - timedelta(days=60), starts_at__lt=now + timedelta(days=365),
        )
        .select_related("client")
        .order_by("starts_at")
    )


def my_clients(user, limit=10):
    """The user's clients in name order (the first ``limit``; all with ``limit=None``)."""
    return (
        Client.objects.filter(responsible_worker=user)
        .exclude(status=ClientStatus.ARCHIVED)
        .order_by("last_name", "first_name")[:limit]
    )


def overdue_contact_checks(user, months=6, limit=10):
    limit_date = add_months(timezone.localdate(), -months)  # 150/1930
    return (
        Client.objects.filter(responsible_worker=user, status=ClientStatus.ACTIVE)
        .filter(Q(contact_checked_on__isnull=True) | Q(contact_checked_on__lt=limit_date))
        .order_by("contact_checked_on")[:limit]
    )


def unrecorded_past_meetings(user, limit=10):
    return (
        Meeting.objects.filter(worker=user, status=MeetingStatus.PLANNED, starts_at__lt=timezone.now())
        .select_related("client")
        .order_by("starts_at")[:limit]
    )


def client_workers(colleagues_of=None):
    """Users who can be responsible workers (assignment forms, filters). For a coach in a team: the team."""
    from django.contrib.auth.models import Group

    worker_ids = Group.objects.filter(name__in=[str(r) for r in CLIENT_WORKERS]).values("user")
    qs = get_user_model().objects.filter(is_active=True, pk__in=worker_ids).only("id", "first_name", "last_name",
                                                                                 "username", "team_id")
    if colleagues_of is not None and colleagues_of.team_id and has_role(colleagues_of, Role.COACH, Role.YOUTH_WORKER):
        qs = qs.filter(team_id=colleagues_of.team_id)
    return qs.order_by("last_name", "first_name")


def end_of_day(on) -> datetime:
    """The first moment after the local day ``on`` (what was true "at the end of ``on``" was true before it)."""
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min), timezone.get_current_timezone())


def _status_on(on):
    """The client's status at the end of day ``on`` (an expression on a client row): the status of its last
    change-history row before then; a client loaded without a creation row (bulk-loaded data) and without a history
    row before then is taken to have had the status it has now. ``None`` for a client created later."""
    history = Client.history.model
    before = end_of_day(on)
    rows = history.objects.filter(id=OuterRef("pk"))
    then = Subquery(rows.filter(history_date__lt=before).order_by("-history_date", "-history_id").values("status")[:1])
    unrecorded = Case(When(~Exists(rows.filter(history_type="+")), then=F("status")), default=None)
    return Case(When(created_at__lt=before, then=Coalesce(then, unrecorded)), default=None)


def clients_as_of(on):
    """The clients that existed at the end of day ``on``, each annotated with its status then (``status_on``): the
    monthly report's "current" figures are computed as of each month's end."""
    return Client.objects.filter(created_at__lt=end_of_day(on)).annotate(status_on=_status_on(on))


def active_client_counts(days) -> dict:
    """``active_client_count`` at the end of each of ``days``, in one query: {day: n}."""
    days = sorted(set(days))
    if not days:
        return {}
    statuses = {f"on_{i}": _status_on(day) for i, day in enumerate(days)}
    counts = (Client.objects.filter(created_at__lt=end_of_day(days[-1])).annotate(**statuses)
              .aggregate(**{f"n_{i}": Count("pk", filter=Q(**{f"on_{i}": ClientStatus.ACTIVE}))
                            for i in range(len(days))}))
    return {day: counts[f"n_{i}"] for i, day in enumerate(days)}


def clients_with_status_on(on, status=ClientStatus.ACTIVE):
    """The clients whose status was ``status`` at the end of day ``on``."""
    return clients_as_of(on).filter(status_on=status)


def active_client_ids_on(on):
    """The ids of the clients active at the end of day ``on`` (a subquery)."""
    return clients_with_status_on(on).values("pk")


def active_client_count(on=None) -> int:
    """Active clients now, or at the end of day ``on``."""
    if on is None:
        return Client.objects.filter(status=ClientStatus.ACTIVE).count()
    return clients_with_status_on(on).count()


def assessments_up_to_date(on_date=None, active=None) -> dict:
    """For the monthly report (docs/domain.md § 7): of the clients active at the end of ``on_date`` (today by default),
    how many have a service-need assessment / an employment plan in force then (made by then, next update not
    yet overdue). ``active``: the count of those clients when the caller has it.

    Returns ``{"clients": n, "assessments": {"up_to_date": n, "percent": Decimal}, "employment_plans": {...}}``.
    """
    from decimal import ROUND_HALF_UP, Decimal

    from .models import EmploymentPlan, ServiceNeedAssessment

    on = on_date or timezone.localdate()

    def clients_with_one_in_force(model):  # counted from the records' side: cheap however many clients
        return (model.objects.filter(client_id__in=active_client_ids_on(on), made_on__lte=on, next_update_due__gte=on)
                .values("client_id").distinct().count())

    totals = {"clients": active_client_count(on) if active is None else active,
              "assessments": clients_with_one_in_force(ServiceNeedAssessment),
              "employment_plans": clients_with_one_in_force(EmploymentPlan)}

    def share(count):
        percent = Decimal(100 * count) / totals["clients"] if totals["clients"] else Decimal(0)
        return {"up_to_date": count, "percent": percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)}

    return {"clients": totals["clients"], "assessments": share(totals["assessments"]),
            "employment_plans": share(totals["employment_plans"])}


def similar_clients_for(user, candidates) -> dict:
    """The possible matches of a new client that ``user`` may see, and how many others exist that they may not."""
    visible = [client for client in candidates if user.has_perm("clients.view_client", client)]
    return {"visible": visible, "hidden": len(candidates) - len(visible)}


def responsible_worker_before(client_ref, before):
    """The id of the client's responsible worker just before the moment ``before`` (an expression: ``client_ref``
    and ``before`` may be outer references): the worker of the client's last change of responsible worker before
    then; before the first change, the worker that change replaced; for a client without any change recorded
    (bulk-loaded data), the worker the client has now."""
    changes = ResponsibleWorkerChange.objects.filter(client_id=client_ref)
    earlier = changes.filter(since__lt=before).order_by("-since", "-id")
    later = changes.filter(since__gte=before).order_by("since", "id")
    now = Client.objects.filter(pk=client_ref).values("responsible_worker_id")[:1]
    return Case(
        When(Exists(earlier), then=Subquery(earlier.values("worker_id")[:1])),
        When(Exists(later), then=Subquery(later.values("previous_worker_id")[:1])),
        default=Subquery(now),
    )
