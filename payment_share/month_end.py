"""The payment-share list's figures for the monthly report as they were at each month's end (issue 19).

The review shows the state of a list now (the work still to do); the monthly report shows, for each month's list,
what was true at the end of that month, so this month, the previous month and a year ago are comparable (a list
from a year ago has had a year to be worked on since, which says nothing about that month):

- **contacted** by the end of the month: marked contacted with a contact date on or before the month's last day, or
  a meeting with them held in the month (from its first moment to its last);
- **with a responsible worker** at the end of the month: the client's responsible worker then, read from the
  changes of responsible worker (``clients.selectors.responsible_worker_before``).
"""

from datetime import date, datetime

from django.db.models import Case, Count, DateField, DateTimeField, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from clients.enums import MeetingStatus
from clients.models import Meeting
from clients.selectors import end_of_day, responsible_worker_before
from joutsa_tyollisyys.dates import month_end

from . import rules
from .models import PaymentShareEntry
from .selectors import _start_of, _with_percents

FIGURE_KEYS = ("persons", "total", "contacted", "with_worker", "contacted_percent", "with_worker_percent")


def _cut_off(months):
    """Per entry row: the last day of its month (``last_day``) and the first moment after it (``cut``)."""
    return {
        "last_day": Case(*[When(month=m, then=Value(month_end(m))) for m in months], output_field=DateField()),
        "cut": Case(*[When(month=m, then=Value(end_of_day(month_end(m)))) for m in months],
                    output_field=DateTimeField()),
    }


def _entries(months):
    return (PaymentShareEntry.objects.filter(month__in=months).order_by()
            .annotate(**_cut_off(months))
            .annotate(worker_then=responsible_worker_before(OuterRef("client_id"), OuterRef("cut"))))


def _persons(condition=None):
    return Count("client_id", filter=condition, distinct=True)


def figures_at_month_end(months) -> dict:
    """{month: {persons, total, contacted, with_worker, contacted_percent, with_worker_percent}} of each month's
    list as at the end of that month, in three queries however many months (the counts by month; the months in
    which each person not marked contacted by then had a held meeting; those persons' rows)."""
    months = sorted({rules.month_start(m) for m in months})
    if not months:
        return {}
    entries = _entries(months)
    marked = Q(contacted_on__isnull=False) & Q(contacted_on__lte=F("last_day"))
    counts = entries.aggregate(**{
        f"{key}_{i}": aggregate
        for i, month in enumerate(months)
        for key, aggregate in (
            ("rows", Count("pk", filter=Q(month=month))),
            ("persons", _persons(Q(month=month))),
            ("total", Sum("share_amount", filter=Q(month=month))),
            ("contacted", _persons(Q(month=month) & marked)),
            ("with_worker", _persons(Q(month=month, worker_then__isnull=False))),
        )
    })
    result = {month: {key: counts[f"{key}_{i}"] for key in ("rows", "persons", "total", "contacted", "with_worker")}
              for i, month in enumerate(months)}
    unmarked = entries.exclude(marked)
    met = _held_meeting_months(unmarked.values("client_id"), months)
    if met:
        unmet = {(month, client_id) for month, client_id in unmarked.values_list("month", "client_id")
                 if (client_id, month) in met}
        # A person on two of Kela's invoices of a month, marked on one of them by then, is counted already.
        split = [month for month, row in result.items() if row["rows"] > row["persons"]]
        if split:
            unmet -= set(entries.filter(month__in=split).filter(marked).values_list("month", "client_id"))
        for month, _client_id in unmet:
            result[month]["contacted"] += 1
    for figures in result.values():
        del figures["rows"]
        _with_percents(figures)
    return result


def _held_meeting_months(client_ids, months) -> set:
    """{(client id, month)}: the months of ``months`` in which the client had a held meeting (local time)."""
    meetings = Meeting.objects.filter(
        status=MeetingStatus.HELD, client_id__in=client_ids,
        starts_at__gte=_start_of(months[0]), starts_at__lt=end_of_day(month_end(months[-1])),
    )
    wanted, found = set(months), set()
    for client_id, month in meetings.annotate(m=TruncMonth("starts_at")).values_list("client_id", "m").distinct():
        if isinstance(month, datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        if month in wanted:
            found.add((client_id, month))
    return found


def contacted_at_month_end(month: date) -> Q:
    """The rows of ``month``'s list contacted by the end of the month (for ``entries_at_month_end(month)``)."""
    met = Meeting.objects.filter(client=OuterRef("client_id"), status=MeetingStatus.HELD,
                                 starts_at__gte=_start_of(month), starts_at__lt=end_of_day(month_end(month)))
    return Q(contacted_on__lte=month_end(month)) | Q(Exists(met))


def entries_at_month_end(month: date):
    """The rows of ``month``'s list, each with ``worker_then`` (the responsible worker at the month's end)."""
    return _entries([rules.month_start(month)])


def client_ids_at_month_end(month: date, *, contacted: bool) -> list[int]:
    """The persons on the month's list contacted by its end / with a responsible worker at its end (the figures'
    drill-down: the same definitions)."""
    month = rules.month_start(month)
    entries = entries_at_month_end(month)
    entries = entries.filter(contacted_at_month_end(month)) if contacted else entries.filter(worker_then__isnull=False)
    return sorted(set(entries.values_list("client_id", flat=True)))


