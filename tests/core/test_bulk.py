"""The bulk helpers behind the demo/benchmark data and the list import: COPY on PostgreSQL, executemany elsewhere."""

import pytest

from clients import national_id as nid
from clients.models import Client
from joutsa_tyollisyys.bulk import insert_rows, update_rows
from tests.factories import ClientFactory, UserFactory, national_id_for


def _rows(count):
    for n in range(count):
        code = national_id_for(n)
        yield {"national_id": code, "national_id_hash": nid.lookup_hash(code), "birth_date": nid.parse(code).birth_date,
               "first_name": f"Etu{n}", "last_name": f"Suku{n}"}


@pytest.mark.django_db
def test_insert_rows_streams_a_generator_prepares_each_field_and_fills_defaults():
    assert insert_rows(Client, _rows(7), constants={"status": "active"}) == 7
    stored = Client.objects.order_by("last_name")
    assert [c.last_name for c in stored] == [f"Suku{n}" for n in range(7)]
    assert stored[3].national_id == national_id_for(3)  # read back through the encrypted field
    assert stored[3].status == "active" and stored[3].phone == "" and stored[3].created_at is not None
    from django.db import connection

    with connection.cursor() as cursor:  # encrypted at rest: the plain code is nowhere in the column
        cursor.execute("SELECT national_id FROM clients_client")
        assert all(national_id_for(3) not in str(value) for (value,) in cursor.fetchall())


@pytest.mark.django_db
def test_insert_rows_of_nothing_inserts_nothing():
    assert insert_rows(Client, iter([])) == 0
    assert not Client.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_update_rows_sets_only_the_given_rows_and_fields_also_outside_a_transaction():
    worker = UserFactory(role="coach")
    first, second, third = ClientFactory.create_batch(3, responsible_worker=None, status="new")
    count = update_rows(Client, [{"pk": first.pk, "responsible_worker_id": worker.pk, "status": "active"},
                                 {"pk": third.pk, "responsible_worker_id": None, "status": "archived"}],
                        ["responsible_worker_id", "status"])
    assert count == 2
    got = {c.pk: (c.responsible_worker_id, c.status, c.last_name) for c in Client.objects.all()}
    assert got[first.pk] == (worker.pk, "active", first.last_name)
    assert got[second.pk] == (None, "new", second.last_name)
    assert got[third.pk] == (None, "archived", third.last_name)
    assert update_rows(Client, [], ["status"]) == 0


@pytest.mark.django_db
def test_insert_rows_takes_enum_members_dates_times_and_foreign_keys_as_the_orm_would():
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from clients.enums import MeetingKind, MeetingStatus
    from clients.models import Meeting

    worker = UserFactory(role="coach")
    client = ClientFactory(responsible_worker=worker)
    starts = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=3), time(9, 30)))
    rows = [{"client_id": client.pk, "worker_id": worker.pk, "status": MeetingStatus.HELD,
             "kind": MeetingKind.PHONE, "starts_at": starts + timedelta(hours=n), "location": "Työvarikko",
             "notes": "ääkköset ja ; , \t \\ merkit"} for n in range(3)]
    assert insert_rows(Meeting, rows) == 3
    stored = list(Meeting.objects.filter(client=client).order_by("starts_at"))
    assert [m.starts_at for m in stored] == [starts, starts + timedelta(hours=1), starts + timedelta(hours=2)]
    assert {(m.status, m.kind, m.worker_id, m.duration_minutes) for m in stored} == {("held", "phone", worker.pk, 60)}
    assert stored[0].notes == "ääkköset ja ; , \t \\ merkit"
    assert Meeting.objects.filter(status="held", client=client).count() == 3  # stored as the plain value
