"""Reads for the payment-share pages and the monthly report: one queryset per page, no N+1.

A person on a month's list counts as **contacted** when the review marked them contacted or a held
meeting with them is recorded on or after the first day of that month. The **last contact** is the latest
held meeting.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from clients.enums import MainIncome, MeetingStatus
from clients.models import Client, Meeting
from clients.rules import income_of_benefit
from joutsa_tyollisyys.charts import MONTHS_IN_QUARTER
from joutsa_tyollisyys.dates import add_months
from joutsa_tyollisyys.rates import rows_on
from joutsa_tyollisyys.rows import RelatedRows, count_of
from joutsa_tyollisyys.summaries import Summary

from . import rules
from .models import ImportJob, PaymentShareBand, PaymentShareEntry, PaymentShareList, ShareRuleSet


def bands_on(day: date) -> list[rules.Band]:
    return [row.as_band() for row in PaymentShareBand.objects.valid_on(day).order_by("min_days")]


def rule_set_on(day: date) -> ShareRuleSet | None:
    """The model of the municipal share in force for the month (None when none is entered for it)."""
    return ShareRuleSet.objects.valid_on(day).order_by("-valid_from").first()


def imported_lists():
    return PaymentShareList.objects.select_related("imported_by").order_by("-month", "invoice")


def imported_months() -> list[date]:
    """The months that have a list, latest first (a month with Kela's separate invoices once)."""
    return list(PaymentShareList.objects.order_by("-month").values_list("month", flat=True).distinct())


def latest_month() -> date | None:
    return PaymentShareList.objects.order_by("-month").values_list("month", flat=True).first()


def lists_for_months(months):
    return PaymentShareList.objects.filter(month__in=months).select_related("imported_by").order_by("month", "invoice")


def lists_for_keys(keys):
    """The lists of (month, invoice) ``keys`` (those an import replaces)."""
    keys = set(keys)
    return [lst for lst in lists_for_months({month for month, _invoice in keys}) if (lst.month, lst.invoice) in keys]


def job_of(user, pk) -> ImportJob:
    """A user sees only their own import jobs (DoesNotExist otherwise)."""
    return ImportJob.objects.select_related("mapping").get(pk=pk, created_by=user)


def _start_of(month: date):
    return timezone.make_aware(datetime.combine(month, time.min), timezone.get_current_timezone())


def _held_meetings():
    return Meeting.objects.filter(client=OuterRef("client_id"), status=MeetingStatus.HELD)


def last_held_meetings(client_ids) -> dict:
    """{client id: the start of the latest held meeting} for a page of persons (one query per 5,000)."""
    client_ids, found = sorted(set(client_ids)), {}
    for start in range(0, len(client_ids), 5000):
        found.update(
            Meeting.objects.filter(status=MeetingStatus.HELD, client_id__in=client_ids[start : start + 5000])
            .values("client_id").annotate(last=Max("starts_at")).values_list("client_id", "last")
        )
    return found


CENT = Decimal("0.01")


def _money(value) -> Decimal:
    """Sums come back from SQLite as floats in disguise: round them to cents."""
    return Decimal(value or 0).quantize(CENT)


def contacted(month: date) -> Q:
    """Contacted about the month's list: marked contacted, or a meeting held since the start of the month.
    (One index probe per person: a semi-join over "every meeting held since" is fast for a recent month but
    for a month two years back the set outgrows the database's hash memory and it re-reads it per row.)"""
    met = Exists(_held_meetings().filter(starts_at__gte=_start_of(month)))
    return Q(contacted_on__isnull=False) | Q(met)


def _without_worker() -> Q:
    """The client has no responsible worker: a semi-join on the indexed column (no join of the list's rows)."""
    return Q(client_id__in=Client.objects.filter(responsible_worker__isnull=True).values("pk"))


WITH_WORKER = ~_without_worker()


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
    # The workers are read for the page's rows apart (``decorate_rows``), not joined: the planner cannot
    # estimate "not contacted in N months" (it takes 9,590 rows for 1) and joined every row to every user.
    qs = PaymentShareEntry.objects.filter(month=month).select_related("client")
    if no_worker:  # on the joined client: the rows are read in the order of its partial index of names
        qs = qs.filter(client__responsible_worker__isnull=True)
    if not_contacted_months:
        since = add_months(timezone.localdate(), -not_contacted_months)  # 150/1930
        qs = qs.filter(contacted_on__isnull=True).exclude(
            Exists(_held_meetings().filter(starts_at__gte=_start_of(since)))
        )
    if approaching_days:
        # At most N days from a band: cumulative days ≥ band start − N, days before the month's period < band
        # start (the range on paid days reads the (month, paid_days) index; the second term checks its rows).
        qs = qs.alias(days_before=F("paid_days") - Coalesce("days_in_month", Value(0)))
        near = Q(pk__in=[])
        for low, start in rules.approach_ranges(approaching_days, bands):
            near |= Q(paid_days__gte=low, paid_days__lte=start + 31, days_before__lt=start)
        qs = qs.filter(near)
    if new_only:
        qs = qs.filter(new_client=True)
    if contact_worker is not None:
        qs = qs.filter(contact_worker=contact_worker)
    return qs.order_by("client__last_name", "client__first_name", "pk")


def _persons(condition=None):
    """Distinct persons of the month's lists: a person on two of Kela's separate invoices of a month is one
    person (their euros add up)."""
    return Count("client_id", filter=condition, distinct=True)


def review_figures(month: date) -> dict:
    """Persons on the list, total share €, how many contacted and how many have a responsible worker: one
    query (the month's held meetings are read from their index once, as a semi-join)."""
    month = rules.month_start(month)
    figures = PaymentShareEntry.objects.filter(month=month).aggregate(
        persons=_persons(),
        total=Sum("share_amount"),
        contacted=_persons(contacted(month)),
        with_worker=_persons(WITH_WORKER),
        new=_persons(Q(new_client=True)),
    )
    return _with_percents(figures)


#: The review's figures are the month's whatever the filter or page, and counting them reads the whole list (a
#: city's 30,000 persons: 100–200 ms): the review shows them from the cache (a change made in the review or an
#: import forgets them at once; a meeting held or a worker named elsewhere shows within a minute).
FIGURES = Summary("payment-share-figures", seconds=60)


def review_figures_shown(month: date) -> dict:
    """``review_figures`` as the review shows them, with the time they were counted (``counted_at``)."""
    month = rules.month_start(month)
    figures, counted_at = FIGURES.get(f"{month:%Y-%m}", lambda: review_figures(month))
    return {**figures, "counted_at": counted_at}


def _with_percents(figures: dict) -> dict:
    figures["total"] = _money(figures["total"])
    figures["contacted_percent"] = rules.percent(figures["contacted"], figures["persons"])
    figures["with_worker_percent"] = rules.percent(figures["with_worker"], figures["persons"])
    return figures


def review_figures_by_month(months) -> dict:
    """``review_figures`` for several months in three queries whatever their number (the monthly report reads
    thirteen; a semi-join per month would read the held meetings thirteen times): the counts by month, then for
    the persons not marked contacted whether a meeting was held with them since the start of the month (the
    latest held meeting of each, compared in Python)."""
    months = sorted({rules.month_start(m) for m in months})
    entries = PaymentShareEntry.objects.filter(month__in=months)
    by_month = {
        row["month"]: row
        for row in entries.values("month").annotate(
            rows=Count("pk"),
            persons=_persons(),
            total=Sum("share_amount"),
            contacted=_persons(Q(contacted_on__isnull=False)),
            with_worker=_persons(WITH_WORKER),
            new=_persons(Q(new_client=True)),
        )
    }
    unmarked = entries.filter(contacted_on__isnull=True).order_by()
    last_held = dict(
        Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__gte=_start_of(months[0]),
                               client_id__in=unmarked.values("client_id"))
        .values("client_id").annotate(last=Max("starts_at")).values_list("client_id", "last")
    ) if months else {}
    if last_held:
        starts = {m: _start_of(m) for m in months}
        met = {(month, client_id) for month, client_id in unmarked.values_list("month", "client_id")
               if client_id in last_held and last_held[client_id] >= starts[month]}
        # A person on two of Kela's invoices of a month, marked contacted on one, is counted already (read only
        # for a month where a person has two rows).
        split = [month for month, row in by_month.items() if row["rows"] > row["persons"]]
        if split:
            met -= set(entries.filter(month__in=split, contacted_on__isnull=False).values_list("month", "client_id"))
        for month, _client_id in met:
            by_month[month]["contacted"] += 1
    result = {}
    for month in months:
        figures = by_month.get(month) or {"persons": 0, "total": None, "contacted": 0, "with_worker": 0, "new": 0}
        result[month] = _with_percents({key: value for key, value in figures.items() if key not in ("month", "rows")})
    return result


@dataclass(frozen=True)
class BenefitTotal:
    income: str  # a ``clients.enums.MainIncome`` value
    label: str
    persons: int
    total: Decimal


def benefit_breakdown(month: date) -> list[BenefitTotal]:
    """The month's share € and persons by benefit, the names on Kela's lists read by the rule of
    ``clients.rules.income_of_benefit`` (so "yleistuki" of a 2026 list is yleistuki, not labour market subsidy):
    one query, grouped by the few benefit names."""
    month = rules.month_start(month)
    groups = {}
    for benefit, persons, total in (
        PaymentShareEntry.objects.filter(month=month).order_by().values("benefit")
        .annotate(persons=Count("client_id", distinct=True), total=Sum("share_amount"))
        .values_list("benefit", "persons", "total")
    ):
        income = income_of_benefit(benefit, month)
        persons_before, total_before = groups.get(income, (0, Decimal("0")))
        groups[income] = (persons_before + persons, total_before + _money(total))
    return [BenefitTotal(income, MainIncome(income).label, persons, total)
            for income in MainIncome.values if income in groups for persons, total in [groups[income]]]


# --- For the monthly report (reporting app) -------------------------------------------------------


FIGURE_KEYS = ("persons", "total", "contacted", "with_worker", "contacted_percent", "with_worker_percent")


def contacted_and_assigned(month: date) -> dict:
    """{persons, total (share €), contacted, with_worker, contacted_percent, with_worker_percent} for the month's
    list."""
    return contacted_and_assigned_by_month([month])[rules.month_start(month)]


def contacted_and_assigned_by_month(months) -> dict:
    """``contacted_and_assigned`` of several months at once: {month: figures}."""
    return {month: {key: figures[key] for key in FIGURE_KEYS}
            for month, figures in review_figures_by_month(months).items()}


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

    @property
    def partial(self) -> bool:
        """Fewer than three months' lists: its sum is not comparable with a full quarter's."""
        return self.months < MONTHS_IN_QUARTER


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


def rule_set_changes(quarters) -> list[ShareRuleSet]:
    """The rule sets that start within the quarters shown (after the first): the share's model changed there, so
    the quarters before and after are not alike (1/2025: all benefits from 101 days)."""
    if len(quarters) < 2:
        return []
    first = rules.quarter_start(quarters[0].year, quarters[0].quarter)
    last = rules.add_months(rules.quarter_start(quarters[-1].year, quarters[-1].quarter), 3)
    return list(ShareRuleSet.objects.filter(valid_from__gt=first, valid_from__lt=last).order_by("valid_from"))


# --- Pieces on other pages ------------------------------------------------------------------------


def client_page_section(limit=12):
    """The client's latest entries and the band tables of their months (annotations on the client's row, see
    ClientSection.fetch; ``group_bands`` groups the bands by month)."""
    entry_in_band = PaymentShareEntry.objects.filter(
        client=OuterRef(OuterRef("pk")),
        month__gte=OuterRef("valid_from"),
        month__lte=Coalesce(OuterRef("valid_to"), Value(date.max)),
    )
    return {
        "entries": RelatedRows(
            PaymentShareEntry.objects.filter(client=OuterRef("pk")).order_by("-month"), related=("contact_worker",),
            limit=limit,
        ),
        "bands": RelatedRows(PaymentShareBand.objects.filter(Exists(entry_in_band)).order_by("min_days")),
    }


def desk_figures(user) -> dict:
    """The front-page panel's own reads: the latest list's month and how many of its persons this user should
    still contact (annotations read within another query, see DashboardPanel.fetch; ``month`` is None before the
    first list). The list's persons and those without a worker are the month's review figures: see
    ``desk_context``."""
    latest = PaymentShareList.objects.order_by("-month").values("month")[:1]
    return {
        "month": Subquery(latest),
        "mine_open": count_of(PaymentShareEntry.objects.filter(
            month=Subquery(latest), contact_worker=user, contacted_on__isnull=True)),
    }


def desk_context(figures: dict) -> dict | None:
    """The panel's figures: ``desk_figures`` read, with the month's persons and those without a responsible
    worker counted once a minute for every front page (counting them reads the whole list: 15–20 ms of a city's
    front page, every time). Cached with the review's figures, so the review's changes and an import forget them
    too. None before the first list."""
    month = figures["month"]
    if month is None:
        return None
    counts, _counted_at = FIGURES.get(f"{month:%Y-%m}:desk", lambda: PaymentShareEntry.objects.filter(
        month=month).aggregate(persons=Count("pk"), no_worker=Count("pk", filter=_without_worker())))
    return {**figures, **counts}


def bands_for_months(months) -> dict:
    """{month: [Band, ...]} for several months in one query."""
    months = set(months)
    if not months:
        return {}
    rows = list(PaymentShareBand.objects.valid_during(min(months), max(months)).order_by("min_days"))
    return group_bands(rows, months)


def group_bands(rows, months) -> dict:
    """{month: [Band, ...]} of band rows (ordered by ``min_days``) for each of ``months``."""
    return {month: [r.as_band() for r in rows_on(rows, month)] for month in months}


def decorate_rows(entries, bands_by_month: dict) -> list:
    """Attach band, days to the next band, plan/service in force and the last contact to entries (a page).

    Without a band table for the month the band is the municipal share % on Kela's list."""
    from .hooks import plans_or_services_in_force

    entries = decorate_bands(entries, bands_by_month)
    if not entries:  # a filter that matches nobody: nothing to look up (and no month to look it up on)
        return []
    _attach_workers(entries)
    on = max(e.month for e in entries)
    plans = plans_or_services_in_force([e.client_id for e in entries], on=on)
    last_held = last_held_meetings(e.client_id for e in entries)
    for entry in entries:
        entry.plan_in_force = plans.get(entry.client_id)
        entry.last_contact = last_held.get(entry.client_id)
        entry.met_since_month = entry.last_contact is not None and entry.last_contact >= _start_of(entry.month)
    return entries


def _attach_workers(entries) -> None:
    """The rows' workers (responsible, who contacts, who marked contacted) read in one query."""
    ids = {pk for e in entries for pk in (e.client.responsible_worker_id, e.contact_worker_id, e.contacted_by_id)}
    ids.discard(None)
    users = get_user_model().objects.in_bulk(ids) if ids else {}
    for entry in entries:
        entry.client.responsible_worker = users.get(entry.client.responsible_worker_id)
        entry.contact_worker = users.get(entry.contact_worker_id)
        entry.contacted_by = users.get(entry.contacted_by_id)


def decorate_bands(entries, bands_by_month: dict) -> list:
    """Attach band and days to the next band to entries (no queries)."""
    entries = list(entries)
    for entry in entries:
        bands = bands_by_month.get(entry.month) or []
        if bands:
            band = rules.band_of_month(entry.paid_days, entry.days_in_month, bands)
            entry.band_percent = band.municipal_percent if band else Decimal("0")
            entry.days_to_next = rules.days_to_next_band(entry.paid_days, entry.days_in_month, bands)
        else:
            entry.band_percent, entry.days_to_next = entry.share_percent, None
        entry.band_from_list = not bands
    return entries


def months_with_list(months) -> set:
    """Of ``months``, those whose Kela list has been imported (a month without one is "not available yet" in the
    monthly report, not a share of 0 €)."""
    return set(PaymentShareList.objects.filter(month__in=list(months)).values_list("month", flat=True).distinct())
