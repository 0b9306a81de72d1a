"""RelatedRows: lists of other tables read inside one query give the same instances as the ORM."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from clients.models import Client, Meeting
from health_cooperation.models import HealthCooperationSettings
from joutsa_tyollisyys.models import User
from joutsa_tyollisyys.rows import RelatedRows, read_on, singleton_value
from payment_share.models import PaymentShareEntry
from tests.factories import ClientFactory, MeetingFactory, TeamFactory, UserFactory
from tests.payment_share.factories import EntryFactory
from tests.workshop.factories import GroupFactory, ParticipantFactory
from workshop.models import GroupParticipant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _json_support_checked():
    assert connection.features.supports_json_field  # checked once per connection with a query of its own


def _values(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _read(client, **annotations):
    return read_on(client, annotations)


def test_rows_equal_the_orm_in_order_and_limit(coach, django_assert_num_queries):
    coach.team = TeamFactory(name="Tiimi")
    coach.save()
    client = ClientFactory(responsible_worker=coach)
    for days in (3, 1, 2, 5):
        MeetingFactory(client=client, starts_at=timezone.now() - timedelta(days=days, microseconds=days),
                       duration_minutes=30 + days, next_steps="" if days % 2 else "Soitto")
    MeetingFactory(client=ClientFactory(responsible_worker=coach))  # another client's
    expected = list(Meeting.objects.filter(client=client).select_related("worker__team").order_by("-starts_at")[:3])
    with django_assert_num_queries(1):
        rows = _read(client, meetings=RelatedRows(Meeting.objects.filter(client=OuterRef("pk")).order_by("-starts_at"),
                                                  related=("worker__team",), limit=3))["meetings"]
        assert [_values(m) for m in rows] == [_values(m) for m in expected]
        assert [_values(m.worker) for m in rows] == [_values(m.worker) for m in expected]
        assert rows[0].worker.team.name == "Tiimi"
        assert rows[0].get_status_display() == expected[0].get_status_display()


def test_decimals_dates_booleans_empty_keys_and_annotations(coach):
    client = ClientFactory(responsible_worker=coach)
    entry = EntryFactory(client=client, share_amount=Decimal("390.71"), share_percent=Decimal("50"),
                         contacted_on=date(2024, 7, 3), new_client=True, contact_worker=None)
    other = ClientFactory()
    rows = _read(client, entries=RelatedRows(
        PaymentShareEntry.objects.filter(client=OuterRef("pk")).annotate(
            shared=Exists(PaymentShareEntry.objects.filter(month=OuterRef("month")).exclude(client=other))
        ),
        related=("contact_worker",),
    ))["entries"]
    assert [_values(e) for e in rows] == [_values(PaymentShareEntry.objects.get(pk=entry.pk))]
    assert rows[0].share_percent == Decimal("50.00") and str(rows[0].share_amount) == "390.71"
    assert rows[0].new_client is True and rows[0].contact_worker is None and rows[0].shared is True


def test_no_rows_is_an_empty_list_and_encrypted_fields_are_left_out(coach, django_assert_num_queries):
    client = ClientFactory(responsible_worker=coach)
    ParticipantFactory(client=client, group=GroupFactory(leader=coach, starts_at=time(9, 30)))
    data = _read(client, none=RelatedRows(Meeting.objects.filter(client=OuterRef("pk"))),
                 members=RelatedRows(GroupParticipant.objects.filter(client=OuterRef("pk")),
                                     related=("group__leader", "client")))
    assert data["none"] == []
    member = data["members"][0]
    with django_assert_num_queries(0):
        assert member.group.starts_at == time(9, 30) and member.group.leader == coach
        assert member.client.last_name == client.last_name
    with django_assert_num_queries(1):  # national_id is encrypted: not read in the JSON, loaded when asked for
        assert member.client.national_id == client.national_id


def test_a_field_that_cannot_be_read_from_json_is_refused():
    with pytest.raises(TypeError, match="national_id"):
        RelatedRows(Client.objects.all(), fields=["national_id"])


def test_settings_value_inside_another_query(coach):
    client = ClientFactory(responsible_worker=coach)
    HealthCooperationSettings.objects.all().delete()
    value = singleton_value(HealthCooperationSettings, "health_check_interval_months")
    assert _read(client, months=value)["months"] == 12  # the default before the row is saved
    HealthCooperationSettings(health_check_interval_months=24).save()
    assert _read(client, months=singleton_value(HealthCooperationSettings, "health_check_interval_months")) == {
        "months": 24
    }


def test_users_with_their_team(coach):
    UserFactory(username="toinen")
    users = User.objects.filter(pk=coach.pk).annotate(
        others=RelatedRows(User.objects.exclude(pk=OuterRef("pk")).order_by("username"), fields=["username"])
    ).get().others
    assert [u.username for u in users] == ["toinen"]


def test_a_json_field_is_read_in_the_row_as_the_orm_reads_it(coach, django_assert_num_queries):
    """A JSONField was left out and read by a query per row (the front page's notifications: one per line)."""
    from joutsa_tyollisyys.models import Notification

    texts = [{"msgid": "%(count)s persons", "params": {"count": 3, "share": 12.5, "money": "390.71"}, "n": None},
             "just a string", [1, 2.25, {"a": [True, None]}], None]
    for i, text in enumerate(texts):
        Notification.objects.create(recipient=coach, message=f"Viesti {i}", text_json=text,
                                    created_at=timezone.now() - timedelta(minutes=i))
    expected = [n.text_json for n in Notification.objects.filter(recipient=coach).order_by("-created_at")]
    assert expected == texts
    with django_assert_num_queries(1):
        notes = User.objects.filter(pk=coach.pk).annotate(
            notes=RelatedRows(Notification.objects.filter(recipient=OuterRef("pk")))).get().notes
        assert [n.text_json for n in notes] == texts
        assert isinstance(notes[0].text_json["params"]["share"], float) and notes[0].text == "3 persons"
