"""The monthly review: who contacts whom, responsible workers, figures, filters and the trend."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients.models import Client, ResponsibleWorkerChange
from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from payment_share import selectors, services
from payment_share.enums import BulkAction
from payment_share.models import PaymentShareEntry
from tests.factories import ClientFactory, MeetingFactory, TeamFactory, UserFactory

from .factories import EntryFactory, ShareListFactory

pytestmark = pytest.mark.django_db
JUNE = date(2024, 6, 1)


# --- Services ---------------------------------------------------------------------------------------


def test_coach_names_who_contacts_and_the_worker_is_notified(coach, make_user):
    other = make_user(Role.COACH, username="other")
    entry = EntryFactory()
    services.entry_assign_contact(
        actor=coach, entry_id=entry.pk, worker=other, expected_version=entry.version
    )
    entry.refresh_from_db()
    assert entry.contact_worker == other and entry.version == 2
    assert entry.history.first().history_user == coach
    assert "6/2024" in Notification.objects.get(recipient=other).message


def test_who_contacts_must_be_a_client_worker(coach, make_user):
    entry = EntryFactory()
    with pytest.raises(ValidationError) as caught:
        services.entry_assign_contact(actor=coach, entry_id=entry.pk, worker=make_user(Role.OFFICE_CLERK))
    assert "worker" in caught.value.message_dict
    entry.refresh_from_db()
    assert entry.contact_worker is None and entry.version == 1


def test_a_stale_form_does_not_overwrite_anothers_choice(coach, counsellor):
    entry = EntryFactory()
    services.entry_assign_contact(actor=counsellor, entry_id=entry.pk, worker=counsellor, expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.entry_assign_contact(actor=coach, entry_id=entry.pk, worker=coach, expected_version=1)
    entry.refresh_from_db()
    assert entry.contact_worker == counsellor


@pytest.mark.parametrize("role", [Role.OFFICE_CLERK, Role.WORKING_GROUP, Role.YOUTH_WORKER, Role.ADMIN])
def test_only_coaches_and_the_social_counsellor_assign(make_user, role, coach):
    entry = EntryFactory()
    actor = make_user(role)
    with pytest.raises(PermissionDenied):
        services.entry_assign_contact(actor=actor, entry_id=entry.pk, worker=coach)
    with pytest.raises(PermissionDenied):
        services.entry_mark_contacted(actor=actor, entry_id=entry.pk)
    with pytest.raises(PermissionDenied):
        services.review_bulk_assign(
            actor=actor, entry_ids=[entry.pk], worker=coach, action=BulkAction.CONTACT
        )


def test_marking_contacted_once_and_not_in_the_future(coach):
    entry = EntryFactory()
    with pytest.raises(ValidationError):
        services.entry_mark_contacted(
            actor=coach, entry_id=entry.pk, on=timezone.localdate() + timedelta(days=1)
        )
    services.entry_mark_contacted(actor=coach, entry_id=entry.pk)
    entry.refresh_from_db()
    assert (entry.contacted_on, entry.contacted_by) == (timezone.localdate(), coach)
    with pytest.raises(ValidationError):
        services.entry_mark_contacted(actor=coach, entry_id=entry.pk)


def test_naming_the_responsible_worker_goes_through_the_clients_service(counsellor, coach):
    entry = EntryFactory(client=ClientFactory(status="new", responsible_worker=None), new_client=True)
    services.entry_assign_responsible(actor=counsellor, entry_id=entry.pk, worker=coach)
    client = entry.client
    client.refresh_from_db()
    assert client.responsible_worker == coach and client.status == "active"
    change = ResponsibleWorkerChange.objects.get(client=client)
    assert change.changed_by == counsellor and "6/2024" in change.reason


def test_a_coach_cannot_take_another_teams_client(make_user):
    mine, theirs = TeamFactory(name="Oma"), TeamFactory(name="Muu")
    coach = make_user(Role.COACH, username="c1", team=mine)
    owner = make_user(Role.COACH, username="c2", team=theirs)
    entry = EntryFactory(client=ClientFactory(responsible_worker=owner))
    with pytest.raises(ValidationError) as caught:
        services.entry_assign_responsible(actor=coach, entry_id=entry.pk, worker=coach)
    assert entry.client.last_name in caught.value.message_dict["worker"][0]


def _real_then_fail(real):
    """The first call really writes, the second fails: the first write must then be undone."""
    calls = []

    def effect(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return real(**kwargs)
        raise ValidationError({"worker": ["Ei onnistu."]})

    return effect


@pytest.mark.parametrize("action", [BulkAction.RESPONSIBLE, BulkAction.CONTACT])
def test_bulk_assignment_is_all_or_nothing(counsellor, coach, action):
    entries = [EntryFactory(client=ClientFactory(status="new")) for _ in range(2)]
    name = "entry_assign_responsible" if action == BulkAction.RESPONSIBLE else "entry_assign_contact"
    with (
        mock.patch(f"payment_share.review_services.{name}", side_effect=_real_then_fail(getattr(services, name))),
        pytest.raises(ValidationError),
    ):
        services.review_bulk_assign(
            actor=counsellor, entry_ids=[e.pk for e in entries], worker=coach, action=action
        )
    assert not ResponsibleWorkerChange.objects.exists()
    assert not PaymentShareEntry.objects.filter(contact_worker__isnull=False).exists()
    assert not Client.objects.filter(responsible_worker__isnull=False).exists()


def test_bulk_names_a_responsible_worker_only_for_those_without_one(make_user, counsellor):
    coach = make_user(Role.COACH, username="c1", team=TeamFactory(name="Oma"))
    owner = make_user(Role.COACH, username="c2", team=TeamFactory(name="Muu"))
    free = [EntryFactory(client=ClientFactory(status="new")) for _ in range(2)]
    taken = EntryFactory(client=ClientFactory(responsible_worker=owner))
    ids = [e.pk for e in free + [taken]]
    assert (
        services.review_bulk_assign(
            actor=counsellor, entry_ids=ids, worker=coach, action=BulkAction.RESPONSIBLE
        )
        == 2
    )
    taken.client.refresh_from_db()
    assert taken.client.responsible_worker == owner  # the owner's client is not passed around
    assert (
        services.review_bulk_assign(
            actor=counsellor, entry_ids=ids, worker=owner, action=BulkAction.RESPONSIBLE
        )
        == 0
    )


def test_bulk_contact_assignment_notifies_once(counsellor, coach):
    entries = [EntryFactory() for _ in range(3)]
    changed = services.review_bulk_assign(
        actor=counsellor, entry_ids=[e.pk for e in entries], worker=coach, action=BulkAction.CONTACT
    )
    assert changed == 3
    note = Notification.objects.get(recipient=coach)
    assert "3" in note.message and "mine=on" in note.url


def test_bulk_needs_persons_and_a_worker(counsellor, coach):
    with pytest.raises(ValidationError):
        services.review_bulk_assign(actor=counsellor, entry_ids=[], worker=coach, action=BulkAction.CONTACT)
    with pytest.raises(ValidationError):
        services.review_bulk_assign(
            actor=counsellor, entry_ids=[EntryFactory().pk], worker=None, action=BulkAction.CONTACT
        )
    with pytest.raises(ValidationError):
        services.review_bulk_assign(
            actor=counsellor, entry_ids=[999999], worker=coach, action=BulkAction.CONTACT
        )


# --- Selectors --------------------------------------------------------------------------------------


def _aware(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def test_figures_count_contacts_workers_and_the_share(coach):
    EntryFactory(contacted_on=date(2024, 8, 1), share_amount=Decimal("100.10"))  # marked contacted
    met = EntryFactory(client=ClientFactory(responsible_worker=coach), share_amount=Decimal("200.20"))
    MeetingFactory(client=met.client, worker=coach, starts_at=_aware(date(2024, 6, 3)))
    old = EntryFactory(client=ClientFactory(responsible_worker=coach), share_amount=Decimal("0.01"))
    MeetingFactory(client=old.client, worker=coach, starts_at=_aware(date(2024, 5, 31)))  # before the month
    planned = EntryFactory(client=ClientFactory(responsible_worker=coach))
    MeetingFactory(client=planned.client, worker=coach, status="planned", starts_at=_aware(date(2024, 7, 1)))
    figures = selectors.review_figures(JUNE)
    assert figures["persons"] == 4 and figures["total"] == Decimal("691.02")
    assert (figures["contacted"], figures["contacted_percent"]) == (2, 50)
    assert (figures["with_worker"], figures["with_worker_percent"]) == (3, 75)
    june = selectors.contacted_and_assigned(date(2024, 6, 17))
    assert (june["total"], june["persons"]) == (Decimal("691.02"), 4)
    assert selectors.contacted_and_assigned(JUNE) == {
        "persons": 4,
        "total": Decimal("691.02"),
        "contacted": 2,
        "with_worker": 3,
        "contacted_percent": 50,
        "with_worker_percent": 75,
    }
    july = selectors.contacted_and_assigned(date(2024, 7, 1))
    assert (july["total"], july["persons"]) == (Decimal("0.00"), 0)
    assert selectors.contacted_and_assigned(date(2024, 7, 1))["contacted_percent"] is None


def test_the_review_shows_the_figures_from_the_cache_and_a_review_change_clears_them(
    coach, counsellor, time_machine, django_capture_on_commit_callbacks, django_assert_num_queries
):
    time_machine.move_to(datetime(2024, 7, 2, 9, tzinfo=timezone.get_current_timezone()), tick=False)
    first = EntryFactory(client=ClientFactory(responsible_worker=coach))
    second = EntryFactory(client=ClientFactory(status="new"))
    shown = selectors.review_figures_shown(JUNE)
    assert (shown["persons"], shown["contacted"], shown["with_worker"]) == (2, 0, 1)
    assert shown["counted_at"] == timezone.now()
    # A meeting logged on the client page is not a change made in the review: shown within a minute.
    MeetingFactory(client=first.client, worker=coach, starts_at=_aware(date(2024, 6, 20)))
    with django_assert_num_queries(0):
        assert selectors.review_figures_shown(date(2024, 6, 15))["contacted"] == 0
    time_machine.shift(timedelta(seconds=selectors.FIGURES.seconds + 1))
    assert selectors.review_figures_shown(JUNE)["contacted"] == 1
    # A change made in the review clears them once it is committed, and a refused one does not.
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_mark_contacted(actor=counsellor, entry_id=second.pk)
    assert selectors.review_figures_shown(JUNE)["contacted"] == 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        services.entry_mark_contacted(actor=counsellor, entry_id=second.pk)
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_assign_responsible(actor=counsellor, entry_id=second.pk, worker=coach)
    shown = selectors.review_figures_shown(JUNE)
    assert (shown["with_worker"], shown["with_worker_percent"]) == (2, 100)
    assert shown == {**selectors.review_figures(JUNE), "counted_at": timezone.now()}


def test_an_import_clears_the_shown_figures(clerk, import_file, django_capture_on_commit_callbacks):
    before = selectors.review_figures_shown(JUNE)
    assert before["persons"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        _outcome, job = import_file(clerk)
    assert job.status == "done"
    month = selectors.latest_month()
    assert selectors.review_figures_shown(month)["persons"] == PaymentShareEntry.objects.filter(month=month).count() > 0


def test_figures_of_many_months_match_each_month_and_take_three_queries(coach, django_assert_num_queries):
    """A meeting in July counts as contact for the June and July lists, not for August's."""
    months = [JUNE, date(2024, 7, 1), date(2024, 8, 1)]
    lists = {m: ShareListFactory(month=m) for m in months}
    person = ClientFactory(responsible_worker=coach)
    MeetingFactory(client=person, worker=coach, starts_at=_aware(date(2024, 7, 9)))
    for month in months:
        EntryFactory(share_list=lists[month], client=person)
        EntryFactory(share_list=lists[month], contacted_on=month + timedelta(days=40))
        EntryFactory(share_list=lists[month])
    with django_assert_num_queries(3):
        together = selectors.review_figures_by_month(months)
    assert [together[m]["contacted"] for m in months] == [2, 2, 1]
    assert [together[m]["with_worker"] for m in months] == [1, 1, 1]
    assert together == {m: selectors.review_figures(m) for m in months}
    assert selectors.contacted_and_assigned_by_month(months)[JUNE] == selectors.contacted_and_assigned(JUNE)


def test_filters(coach, time_machine):
    time_machine.move_to(datetime(2024, 10, 15, 12, tzinfo=timezone.get_current_timezone()))
    bands = selectors.bands_on(JUNE)
    unassigned = EntryFactory(paid_days=290, new_client=True)
    assigned = EntryFactory(
        client=ClientFactory(responsible_worker=coach), paid_days=500, contact_worker=coach
    )
    recent = EntryFactory(client=ClientFactory(responsible_worker=coach), paid_days=995)
    MeetingFactory(client=recent.client, worker=coach, starts_at=_aware(date(2024, 9, 20)))
    long_ago = EntryFactory(client=ClientFactory(responsible_worker=coach), paid_days=1200)
    MeetingFactory(client=long_ago.client, worker=coach, starts_at=_aware(date(2024, 2, 1)))

    def pks(**filters):
        return {e.pk for e in selectors.review_entries(JUNE, bands=bands, **filters)}

    assert pks() == {unassigned.pk, assigned.pk, recent.pk, long_ago.pk}
    assert pks(no_worker=True) == {unassigned.pk}
    assert pks(new_only=True) == {unassigned.pk}
    assert pks(contact_worker=coach) == {assigned.pk}
    assert pks(not_contacted_months=3) == {unassigned.pk, assigned.pk, long_ago.pk}
    assert pks(approaching_days=10) == {unassigned.pk, recent.pk}  # 10 days to 300, 5 days to 1,000
    assert pks(approaching_days=9) == {recent.pk}
    rows = selectors.decorate_rows(selectors.review_entries(JUNE, bands=bands), {JUNE: bands})
    by_pk = {r.pk: r for r in rows}
    assert (by_pk[unassigned.pk].band_percent, by_pk[unassigned.pk].days_to_next) == (0, 10)
    assert (by_pk[recent.pk].band_percent, by_pk[recent.pk].days_to_next) == (50, 5)
    assert (by_pk[long_ago.pk].band_percent, by_pk[long_ago.pk].days_to_next) == (70, None)
    assert by_pk[long_ago.pk].last_contact.date() == date(2024, 2, 1)
    assert by_pk[recent.pk].plan_in_force is False  # neither a plan nor a rehab period in force


def test_without_a_band_table_the_band_comes_from_the_list():
    entry = EntryFactory(share_list=ShareListFactory(month=date(2025, 3, 1)), share_percent=Decimal("20"))
    month = date(2025, 3, 1)
    row = selectors.decorate_rows([entry], {month: selectors.bands_on(month)})[0]
    assert row.band_percent == Decimal("20") and row.band_from_list and row.days_to_next is None


def test_quarterly_trend_sums_share_and_counts_distinct_persons():
    person = ClientFactory()
    for month, amount in [
        (date(2024, 1, 1), "100.00"),
        (date(2024, 2, 1), "50.50"),
        (date(2024, 4, 1), "10.00"),
    ]:
        EntryFactory(share_list=ShareListFactory(month=month), client=person, share_amount=Decimal(amount))
    EntryFactory(share_list=ShareListFactory(month=date(2024, 2, 1)), share_amount=Decimal("1.00"))
    trend = selectors.quarterly_trend(8)
    assert [(q.label, q.total, q.persons, q.months) for q in trend] == [
        ("1/2024", Decimal("151.50"), 2, 2),
        ("2/2024", Decimal("10.00"), 1, 1),
    ]
    assert [q.label for q in selectors.quarterly_trend(1)] == ["2/2024"]
    assert selectors.quarterly_trend(8, until=date(2024, 3, 1))[-1].label == "1/2024"


def test_desk_figures(coach):
    from joutsa_tyollisyys.rows import read_on

    assert read_on(coach, selectors.desk_figures(coach))["month"] is None
    EntryFactory(contact_worker=coach)
    EntryFactory(contact_worker=coach, contacted_on=date(2024, 7, 1))
    EntryFactory(client=ClientFactory(responsible_worker=UserFactory(role=Role.COACH)))
    EntryFactory(share_list=ShareListFactory(month=date(2024, 5, 1)))  # an older list: not counted
    figures = selectors.desk_context(read_on(coach, selectors.desk_figures(coach)))
    assert figures["month"] == JUNE
    assert (figures["persons"], figures["no_worker"], figures["mine_open"]) == (3, 2, 1)
    assert selectors.desk_context({"month": None, "mine_open": 0}) is None


def test_the_desk_counts_the_list_once_a_minute_until_a_change_forgets_the_figures(coach):
    """The panel's persons are counted once a minute, not for every front page, and cached with the review's
    figures: a list row added behind the services' back shows only when those are forgotten."""
    from joutsa_tyollisyys.rows import read_on

    EntryFactory(contact_worker=coach)
    assert selectors.desk_context(read_on(coach, selectors.desk_figures(coach)))["persons"] == 1
    EntryFactory(client=ClientFactory(responsible_worker=coach))
    assert selectors.desk_context(read_on(coach, selectors.desk_figures(coach)))["persons"] == 1
    selectors.FIGURES.forget()
    figures = selectors.desk_context(read_on(coach, selectors.desk_figures(coach)))
    assert (figures["persons"], figures["no_worker"], figures["mine_open"]) == (2, 1, 1)


def test_no_worker_is_filtered_on_the_joined_client_for_its_partial_index_of_names(coach):
    """A city's review walks the 10,000 clients without a worker by name (their partial index), not all 107,000
    clients probing each against a list of ids: the filter is on the joined client's column."""
    mine = EntryFactory(client=ClientFactory(responsible_worker=coach))
    nobodys = EntryFactory()
    sql = str(selectors.review_entries(JUNE, no_worker=True).query)
    assert '"clients_client"."responsible_worker_id" IS NULL' in sql and " IN (SELECT" not in sql
    assert list(selectors.review_entries(JUNE, no_worker=True)) == [nobodys] and mine.month == JUNE


def test_the_review_reads_the_workers_of_its_page_apart_not_joined(coach, make_user, django_assert_num_queries):
    """At a city's size the planner takes "not contacted in N months" for one row of 9,590 and joined every row
    to every user (2.8 s): the page's rows come without the users' table, their workers in one small read."""
    other = make_user(Role.COACH)
    entry = EntryFactory(client=ClientFactory(responsible_worker=coach), contact_worker=other,
                         contacted_on=date(2024, 6, 20), contacted_by=coach)
    unnamed = EntryFactory(client=ClientFactory(last_name="Öhman"))
    assert "core_user" not in str(selectors.review_entries(JUNE, not_contacted_months=6).query)
    with django_assert_num_queries(1):  # the rows with their clients
        rows = list(selectors.review_entries(JUNE).order_by("client__last_name"))
    assert rows == [entry, unnamed]
    with django_assert_num_queries(1):  # the workers of them all
        selectors._attach_workers(rows)
    assert (rows[0].client.responsible_worker, rows[0].contact_worker, rows[0].contacted_by) == (coach, other, coach)
    assert (rows[1].client.responsible_worker, rows[1].contact_worker, rows[1].contacted_by) == (None, None, None)
