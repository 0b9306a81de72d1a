"""Issue 19: the monthly report's payment-share "contacted" and "with a responsible worker" figures are what was
true at the end of each list's month (a contact or a worker named after midnight counts for the next month only),
so a list from a year ago does not look better for having been worked on since."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from clients.models import ResponsibleWorkerChange
from joutsa_tyollisyys.dates import add_months
from payment_share.month_end import client_ids_at_month_end, figures_at_month_end
from payment_share.selectors import contacted_and_assigned
from reporting.indicators import BY_KEY, compute_indicator
from reporting.selectors import share_list_ids
from tests.factories import ClientFactory, MeetingFactory
from tests.payment_share.factories import EntryFactory, ShareListFactory

pytestmark = pytest.mark.django_db
MARCH, APRIL, YEAR_AGO = date(2024, 3, 1), date(2024, 4, 1), date(2023, 3, 1)
LAST_MINUTE, FIRST_MINUTES = (date(2024, 3, 31), time(23, 59)), (APRIL, time(0, 5))


def at(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))  # Helsinki time


def named(client, worker, moment, previous=None):
    ResponsibleWorkerChange.objects.create(client=client, worker=worker, previous_worker=previous, since=moment,
                                           reason="Katselmus")
    client.responsible_worker = worker
    client.save()


@pytest.fixture
def lists(coach):
    """March 2024's list of eight and April's of the same persons; a year ago a list of two."""
    on = {month: ShareListFactory(month=month) for month in (YEAR_AGO, MARCH, APRIL)}
    people = {name: ClientFactory(last_name=name) for name in "ABCDEFGH"}
    for month in (MARCH, APRIL):
        for person in people.values():
            EntryFactory(share_list=on[month], client=person,
                         contacted_on={"C": date(2024, 3, 31), "D": APRIL}.get(person.last_name)
                         if month == MARCH else None)
    # Contacts: A met at a minute to midnight on 31 March, B at five past midnight on 1 April.
    MeetingFactory(client=people["A"], worker=coach, starts_at=at(*LAST_MINUTE))
    MeetingFactory(client=people["B"], worker=coach, starts_at=at(*FIRST_MINUTES))
    # Workers: E named a minute before midnight, F five minutes after it; G's worker removed after it;
    # H has a worker and no recorded change (bulk-loaded data): the worker it has now.
    named(people["E"], coach, at(*LAST_MINUTE))
    named(people["F"], coach, at(*FIRST_MINUTES))
    named(people["G"], coach, at(date(2024, 1, 2), time(9)))
    named(people["G"], None, at(*FIRST_MINUTES), previous=coach)
    people["H"].responsible_worker = coach
    people["H"].save()
    # A year ago: P was contacted and given a worker only in January 2024, Q never.
    p, q = ClientFactory(last_name="P"), ClientFactory(last_name="Q")
    EntryFactory(share_list=on[YEAR_AGO], client=p, contacted_on=date(2024, 1, 10))
    EntryFactory(share_list=on[YEAR_AGO], client=q)
    named(p, coach, at(date(2024, 1, 10), time(12)))
    return {**people, "P": p, "Q": q}


def ids(people, names):
    return sorted(people[name].pk for name in names)


def test_contacts_and_workers_count_for_the_month_they_were_true_at_its_end(lists):
    march = figures_at_month_end([MARCH])[MARCH]
    assert (march["persons"], march["contacted"], march["with_worker"]) == (8, 2, 3)  # A and C; E, G and H
    assert (march["contacted_percent"], march["with_worker_percent"]) == (25, 37)
    assert client_ids_at_month_end(MARCH, contacted=True) == ids(lists, "AC")
    assert client_ids_at_month_end(MARCH, contacted=False) == ids(lists, "EGH")
    april = figures_at_month_end([APRIL])[APRIL]
    assert (april["contacted"], april["with_worker"]) == (1, 3)  # B met on 1 April; E, F and H
    assert client_ids_at_month_end(APRIL, contacted=True) == ids(lists, "B")
    assert client_ids_at_month_end(APRIL, contacted=False) == ids(lists, "EFH")
    # The review shows the lists as they are now (the work still to do): B and D contacted, F's worker, G's none.
    now = contacted_and_assigned(MARCH)
    assert (now["contacted"], now["with_worker"]) == (4, 3)


def test_a_list_from_a_year_ago_shows_its_own_months_end(lists):
    year_ago = figures_at_month_end([YEAR_AGO])[YEAR_AGO]
    assert (year_ago["persons"], year_ago["contacted"], year_ago["with_worker"]) == (2, 0, 0)
    assert contacted_and_assigned(YEAR_AGO)["contacted"] == 1  # P's contact ten months later


def test_the_report_shows_each_month_as_it_was(lists):
    contacted = compute_indicator(BY_KEY["share_contacted"], APRIL, {})
    assert (contacted["previous"], contacted["value"]) == (2, 1)
    assert contacted["ids"] == share_list_ids(APRIL, contacted_only=True) == ids(lists, "B")
    percent = compute_indicator(BY_KEY["share_contacted_percent"], MARCH, {})
    assert (percent["value"], percent["year_ago"]) == (25, 0)
    workers = compute_indicator(BY_KEY["share_with_worker"], MARCH, {})
    assert (workers["value"], workers["year_ago"]) == (3, 0)
    assert workers["ids"] == share_list_ids(MARCH, contacted_only=False) == ids(lists, "EGH")
    assert compute_indicator(BY_KEY["share_with_worker_percent"], APRIL, {})["previous"] == 37


def test_thirteen_months_in_a_bounded_number_of_queries(lists, django_assert_max_num_queries):
    months = [add_months(MARCH, -back) for back in range(13)]
    with django_assert_max_num_queries(4):
        figures = figures_at_month_end(months)
    assert figures == {month: figures_at_month_end([month])[month] for month in months}
    assert figures[MARCH]["contacted"] == 2 and figures[YEAR_AGO]["persons"] == 2
