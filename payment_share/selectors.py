"""Reads for the payment-share pages and the monthly report: one queryset per page, no N+1.

A person on a month's list counts as **contacted** when the review marked them contacted or a held
meeting with them is recorded on or after the first day of that month. The **last contact** is the latest
held meeting.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from clients.enums import MeetingStatus
from clients.models import Meeting

from . import rules
from .models import ImportJob, PaymentShareBand, PaymentShareEntry, PaymentShareList


def bands_on(day: date) -> list[rules.Band]:
    return [row.as_band() for row in PaymentShareBand.objects.valid_on(day).order_by("min_days")]


def imported_lists():
    return PaymentShareList.objects.select_related("imported_by").order_by("-month")


def latest_month() -> date | None:
    return PaymentShareList.objects.order_by("-month").values_list("month", flat=True).first()


def lists_for_months(months):
    return PaymentShareList.objects.filter(month__in=months).select_related("imported_by").order_by("month")


def job_of(user, pk) -> ImportJob:
    """A user sees only their own import jobs (DoesNotExist otherwise)."""
    return ImportJob.objects.select_related("mapping").get(pk=pk, created_by=user)


def _start_of(month: date):
    return timezone.make_aware(datetime.combine(month, time.min), timezone.get_current_timezone())


def _held_meetings():
    return Meeting.objects.filter(client=OuterRef("client_id"), status=MeetingStatus.HELD)


def _with_contact(qs, month: date):
    return qs.annotate(
        last_contact=Subquery(_held_meetings().order_by("-starts_at").values("starts_at")[:1]),
        met_since_month=Exists(_held_meetings().filter(starts_at__gte=_start_of(month))),
    )


CENT = Decimal("0.01")


def _money(value) -> Decimal:
    """Sums come back from SQLite as floats in disguise: round them to cents."""
    return Decimal(value or 0).quantize(CENT)


CONTACTED = Q(contacted_on__isnull=False) | Q(met_since_month=True)
WITH_WORKER = Q(client__responsible_worker__isnull=False)


def review_entries(
    month: date,
    *,
    bands=(),
    no_worker=False,
    not_contacted_months=None,
    approaching_days=None,
    new_only=False,
    contact_worker=None,
):
    """The persons on the month's list with what the review shows, filtered."""
    qs = _with_contact(
        PaymentShareEntry.objects.filter(month=month).select_related(
            "client", "client__responsible_worker", "contact_worker", "contacted_by"
        ),
        month,
    )
    if no_worker:
        qs = qs.filter(client__responsible_worker__isnull=True)
    if not_contacted_months:
        since = timezone.localdate() - timedelta(days=30 * not_contacted_months)
        qs = qs.filter(contacted_on__isnull=True).exclude(
            Exists(_held_meetings().filter(starts_at__gte=_start_of(since)))
        )
    if approaching_days:
        near = Q(pk__in=[])
        for low, high in rules.approach_ranges(approaching_days, bands):
            near |= Q(paid_days__gte=low, paid_days__lte=high)
        qs = qs.filter(near)
    if new_only:
        qs = qs.filter(new_client=True)
    if contact_worker is not None:
        qs = qs.filter(contact_worker=contact_worker)
    return qs.order_by("client__last_name", "client__first_name", "pk")


def review_figures(month: date) -> dict:
    """Persons on the list, total share €, how many contacted and how many have a responsible worker."""
    figures = _with_contact(PaymentShareEntry.objects.filter(month=month), month).aggregate(
        persons=Count("pk"),
        total=Sum("share_amount"),
        contacted=Count("pk", filter=CONTACTED),
        with_worker=Count("pk", filter=WITH_WORKER),
        new=Count("pk", filter=Q(new_client=True)),
    )
    figures["total"] = _money(figures["total"])
    figures["contacted_percent"] = rules.percent(figures["contacted"], figures["persons"])
    figures["with_worker_percent"] = rules.percent(figures["with_worker"], figures["persons"])
    return figures


# --- For the monthly report (reporting app) -------------------------------------------------------


def share_for_month(month: date) -> tuple[Decimal, int]:
    """(municipal share €, persons) on the month's list; (0, 0) when the month is not imported."""
    figures = PaymentShareEntry.objects.filter(month=rules.month_start(month)).aggregate(
        total=Sum("share_amount"), persons=Count("pk")
    )
    return _money(figures["total"]), figures["persons"]


def contacted_and_assigned(month: date) -> dict:
    """{persons, contacted, with_worker, contacted_percent, with_worker_percent} for the month's list."""
    figures = review_figures(rules.month_start(month))
    return {
        key: figures[key]
        for key in ("persons", "contacted", "with_worker", "contacted_percent", "with_worker_percent")
    }


@dataclass(frozen=True)
class QuarterTotal:
    year: int
    quarter: int
    total: Decimal
    persons: int
    months: int

    @property
    def label(self) -> str:
        return f"{self.quarter}/{self.year}"


def quarterly_trend(n: int = 8, *, until: date | None = None) -> list[QuarterTotal]:
    """The last ``n`` quarters that have lists (oldest first): share € and distinct persons per quarter."""
    qs = PaymentShareEntry.objects.all()
    if until is not None:
        qs = qs.filter(month__lte=until)
    rows = (
        qs.annotate(quarter=TruncQuarter("month"))
        .values("quarter")
        .annotate(
            total=Sum("share_amount"),
            persons=Count("client", distinct=True),
            months=Count("month", distinct=True),
        )
        .order_by("-quarter")[:n]
    )
    result = []
    for row in rows:
        start = row["quarter"]
        if isinstance(start, datetime):
            start = start.date()
        year, quarter = rules.quarter_of(start)
        result.append(QuarterTotal(year, quarter, _money(row["total"]), row["persons"], row["months"]))
    return list(reversed(result))


# --- Pieces on other pages ------------------------------------------------------------------------


def client_entries(client, limit=12):
    return client.payment_share_entries.select_related("contact_worker").order_by("-month")[:limit]


def desk_figures(user) -> dict | None:
    """The front-page panel: the latest list and what is open for this user."""
    month = latest_month()
    if month is None:
        return None
    entries = PaymentShareEntry.objects.filter(month=month)
    counts = entries.aggregate(
        persons=Count("pk"),
        no_worker=Count("pk", filter=Q(client__responsible_worker__isnull=True)),
        mine_open=Count("pk", filter=Q(contact_worker=user, contacted_on__isnull=True)),
    )
    return {"month": month, **counts}


def bands_for_months(months) -> dict:
    """{month: [Band, ...]} for several months in one query."""
    months = set(months)
    if not months:
        return {}
    rows = list(
        PaymentShareBand.objects.filter(valid_from__lte=max(months))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=min(months)))
        .order_by("min_days")
    )
    return {
        month: [
            r.as_band() for r in rows if r.valid_from <= month and (r.valid_to is None or r.valid_to >= month)
        ]
        for month in months
    }


def decorate_rows(entries, bands_by_month: dict) -> list:
    """Attach band, days to the next band and plan/service in force to entries (one page of them).

    Without a band table for the month the band is the municipal share % on Kela's list."""
    from .hooks import plans_or_services_in_force

    entries = list(entries)
    if not entries:  # a filter that matches nobody: nothing to look up (and no month to look it up on)
        return []
    on = max(e.month for e in entries)
    plans = plans_or_services_in_force([e.client_id for e in entries], on=on)
    for entry in entries:
        bands = bands_by_month.get(entry.month) or []
        if bands:
            band = rules.band_for(entry.paid_days, bands)
            entry.band_percent = band.municipal_percent if band else Decimal("0")
            entry.days_to_next = rules.days_to_next_band(entry.paid_days, bands)
        else:
            entry.band_percent, entry.days_to_next = entry.share_percent, None
        entry.band_from_list = not bands
        entry.plan_in_force = plans.get(entry.client_id)
    return entries
