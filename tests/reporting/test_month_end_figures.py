"""Issue 19: the monthly report's "current" figures (active clients, up-to-date assessments and plans and their
percentages, clients waiting for an activation plan) are what was true at each month's end, so the month, the
previous month and a year ago each show their own moment, on both sides of the month's last midnight."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from clients.enums import ClientStatus
from clients.models import Client, ServiceNeedAssessment
from clients.selectors import active_client_count, assessments_up_to_date, clients_with_status_on
from reporting.indicators import BY_KEY, compute_indicator
from reporting.selectors import assessment_client_ids
from tests.factories import ClientFactory

from .factories import clients_since

pytestmark = pytest.mark.django_db
MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))  # Helsinki time


def change_status(client, status, moment):
    client.refresh_from_db()
    client.status = status
    client._history_date = moment  # the change as if made then (its history row's time)
    client.save()


@pytest.fixture
def clients():
    x = ClientFactory(last_name="X")  # active since January, inactive from ten past midnight on 1 April
    y = ClientFactory(last_name="Y", status=ClientStatus.INACTIVE)  # active from ten to midnight on 31 March
    z = ClientFactory(last_name="Z")  # a client from five past midnight on 1 April
    w = ClientFactory(last_name="W")  # a client from a minute to midnight on 31 March
    clients_since(date(2024, 1, 10), x, y)
    change_status(x, ClientStatus.INACTIVE, at(APRIL, 0, 10))
    change_status(y, ClientStatus.ACTIVE, at(date(2024, 3, 31), 23, 50))
    Client.objects.filter(pk=z.pk).update(created_at=at(APRIL, 0, 5))
    Client.history.filter(id=z.pk).update(history_date=at(APRIL, 0, 5))
    Client.objects.filter(pk=w.pk).update(created_at=at(date(2024, 3, 31), 23, 59))
    Client.history.filter(id=w.pk).update(history_date=at(date(2024, 3, 31), 23, 59))
    return {"x": x, "y": y, "z": z, "w": w}


def names(on):
    return sorted(clients_with_status_on(on).values_list("last_name", flat=True))


def test_active_clients_at_each_months_end(clients):
    assert names(date(2024, 2, 29)) == ["X"]  # Y inactive, Z and W not clients yet
    assert names(date(2024, 3, 31)) == ["W", "X", "Y"]  # X until after midnight, Y and W from before it
    assert names(date(2024, 4, 30)) == ["W", "Y", "Z"]
    assert names(date(2023, 4, 30)) == []
    assert active_client_count(date(2024, 3, 31)) == 3
    assert active_client_count() == 3  # now: Y, Z, W (X inactive)


def test_the_report_shows_each_month_as_it_was(clients):
    figure = compute_indicator(BY_KEY["active_clients"], APRIL, {})
    assert (figure["value"], figure["previous"], figure["year_ago"]) == (3, 3, 0)
    assert figure["series"][-5:] == [0, 1, 1, 3, 3]  # December, January (X from the 10th), February, March, April
    assert compute_indicator(BY_KEY["active_clients"], MARCH, {})["series"][-2:] == [1, 3]


def test_bulk_loaded_clients_without_history_keep_their_status_from_their_creation():
    old = timezone.make_aware(datetime(2024, 1, 5))
    Client.objects.bulk_create([  # no history rows (a bulk load): their status now is all that is known
        ClientFactory.build(last_name="Bulk", created_at=old),
        ClientFactory.build(last_name="Later", created_at=at(APRIL, 9)),
        ClientFactory.build(last_name="Gone", created_at=old, status=ClientStatus.ARCHIVED),
    ])
    assert names(date(2024, 3, 31)) == ["Bulk"]
    assert names(date(2024, 4, 30)) == ["Bulk", "Later"]


def test_assessments_count_among_the_clients_active_then(clients):
    for client in (clients["x"], clients["y"]):
        ServiceNeedAssessment.objects.create(client=client, made_on=date(2024, 2, 1),
                                             next_update_due=date(2024, 8, 1))
    march = assessments_up_to_date(date(2024, 3, 31))
    assert march["clients"] == 3 and march["assessments"]["up_to_date"] == 2  # X and Y were active then
    assert march["assessments"]["percent"] == Decimal("66.7")
    april = assessments_up_to_date(date(2024, 4, 30))
    assert april["assessments"]["up_to_date"] == 1  # X was inactive at the end of April
    assert assessment_client_ids(date(2024, 3, 31)) == sorted([clients["x"].pk, clients["y"].pk])
    assert assessment_client_ids(date(2024, 4, 30)) == [clients["y"].pk]
    february = assessments_up_to_date(date(2024, 2, 29))
    assert (february["clients"], february["assessments"]["up_to_date"]) == (1, 1)  # X only: Y was inactive
