"""Importing a list: validation first, matching by the keyed hash, replacing a month, nothing half-saved."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError

from clients import national_id as nid
from clients.models import Client
from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from payment_share import generate, services
from payment_share.models import ColumnMapping, ImportJob, PaymentShareEntry, PaymentShareList
from tests.factories import ClientFactory

from .conftest import upload_file

pytestmark = pytest.mark.django_db
JUNE = date(2024, 6, 1)


def nothing_stored():
    return not (
        PaymentShareList.objects.exists() or PaymentShareEntry.objects.exists() or Client.objects.exists()
    )


def test_a_file_with_bad_rows_stores_nothing_not_even_a_job(clerk, import_file):
    outcome, job = import_file(clerk, "journey_two_bad_rows.csv")
    assert job is None and not ImportJob.objects.exists() and nothing_stored()
    assert [e.row for e in outcome.result.errors] == [3, 6]


def test_a_file_of_the_wrong_type_is_refused_before_parsing(clerk):
    with mock.patch("payment_share.parsing.parse_list") as parse, pytest.raises(ValidationError) as caught:
        services.import_upload(actor=clerk, file=upload_file("lista.pdf", b"%PDF-1.4 ..."))
    assert "file" in caught.value.message_dict and not parse.called


def test_a_file_over_the_size_limit_is_refused_before_parsing(clerk, settings):
    settings.PAYMENT_SHARE_MAX_UPLOAD_BYTES = 100
    with mock.patch("payment_share.parsing.parse_list") as parse, pytest.raises(ValidationError):
        services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv"))
    assert not parse.called and nothing_stored()


def test_import_links_known_clients_and_creates_the_unknown_as_new(clerk, counsellor, coach, import_file):
    known = ClientFactory(
        national_id="061165-902L", responsible_worker=coach, first_name="Päivi", last_name="Mäkinen"
    )
    _outcome, job = import_file(clerk)
    assert job.status == "done" and job.progress == 100 and not job.payload
    assert (job.row_count, job.linked_count, job.created_count) == (6, 1, 5)

    share_list = PaymentShareList.objects.get()
    assert (share_list.month, share_list.person_count, share_list.total_share) == (
        JUNE,
        6,
        Decimal("2511.68"),
    )
    assert share_list.imported_by == clerk and share_list.job == job
    entries = {e.client.national_id: e for e in PaymentShareEntry.objects.select_related("client")}
    assert entries["061165-902L"].client == known and not entries["061165-902L"].new_client
    jorö = entries["140371-9159"]
    assert jorö.new_client and jorö.paid_days == 1044 and jorö.share_amount == Decimal("520.94")
    assert (jorö.client.last_name, jorö.client.first_name) == ("Järvinen", "Jörö")
    assert jorö.client.status == "new" and jorö.client.responsible_worker is None
    assert jorö.client.birth_date == date(1971, 3, 14)
    assert jorö.client.national_id_hash == nid.lookup_hash("140371-9159")
    assert jorö.client.history.get().history_user == clerk
    with connection.cursor() as cursor:  # stored encrypted, never in clear
        cursor.execute("SELECT national_id FROM clients_client WHERE id = %s", [jorö.client_id])
        assert "140371" not in cursor.fetchone()[0]
    assert Client.objects.count() == 6
    # the task for the monthly review: the social counsellor hears of the five without a worker
    note = Notification.objects.get(recipient=counsellor)
    assert "5" in note.message and "no_worker=on" in note.url
    assert not Notification.objects.filter(recipient=coach).exists()


@pytest.mark.parametrize("name", ["list_cp1252_comma.csv", "list.xlsx", "list_utf8_semicolon.csv"])
def test_every_format_imports_the_same(clerk, import_file, name):
    _outcome, job = import_file(clerk, name)
    assert job.status == "done"
    assert sorted(PaymentShareEntry.objects.values_list("share_amount", flat=True))[-1] == Decimal("520.94")
    assert Client.objects.filter(last_name="Öhman", first_name="Åsa").exists()


def test_a_saved_column_mapping_is_used(clerk, import_file):
    mapping = ColumnMapping.objects.create(
        name="Kelmu 2",
        month_column="Kausi",
        national_id_column="Hetu",
        name_column="Nimi",
        paid_days_column="Päivät",
        share_amount_column="Euroa",
    )
    content = "Hetu;Nimi;Euroa;Päivät;Kausi\r\n061165-902L;Mäkinen Päivi;12,50;312;6/2024\r\n".encode()
    _outcome, job = import_file(clerk, "kelmu.csv", content, mapping=mapping)
    assert job.status == "done" and job.mapping == mapping
    entry = PaymentShareEntry.objects.get()
    assert (entry.share_amount, entry.paid_days, entry.benefit_paid) == (Decimal("12.50"), 312, None)


def test_the_same_month_waits_for_confirmation_and_cancel_keeps_the_old_list(clerk, import_file):
    import_file(clerk)
    before = list(PaymentShareEntry.objects.order_by("pk").values_list("pk", flat=True))
    _outcome, job = import_file(clerk, "list_utf8_comma.csv")
    assert job.status == "confirm" and job.replace_months == ["2024-06-01"] and job.payload
    assert list(PaymentShareEntry.objects.order_by("pk").values_list("pk", flat=True)) == before
    services.import_cancel(actor=clerk, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "cancelled" and not job.payload
    assert list(PaymentShareEntry.objects.order_by("pk").values_list("pk", flat=True)) == before
    with pytest.raises(ValidationError):
        services.import_confirm(actor=clerk, job_id=job.pk)


def test_replacing_a_month_is_atomic_logged_and_keeps_who_contacts(clerk, coach, import_file):
    import_file(clerk)
    kept = PaymentShareEntry.objects.get(client__last_name="Mäkinen")
    kept.contact_worker, kept.contacted_on = coach, date(2024, 8, 1)
    kept.save()
    rows = [
        generate.make_row(JUNE, "061165-902L", "Mäkinen Päivi", 312, 20, 50),
        generate.make_row(JUNE, generate.sample_national_id(7), "Uusi Henkilö", 400, 20, 50),
    ]
    _outcome, job = import_file(clerk, "korjattu.csv", generate.to_csv(rows))
    services.import_confirm(actor=clerk, job_id=job.pk)
    job = services.import_start(actor=clerk, job_id=job.pk)
    assert job.status == "done"
    share_list = PaymentShareList.objects.get()
    assert share_list.person_count == 2 and share_list.times_replaced == 1
    assert PaymentShareEntry.objects.count() == 2
    carried = PaymentShareEntry.objects.get(client__last_name="Mäkinen")
    assert (carried.contact_worker, carried.contacted_on) == (coach, date(2024, 8, 1))
    latest = share_list.history.first()
    assert latest.history_user == clerk and "Korvattu" in latest.history_change_reason
    assert Client.objects.count() == 7  # persons who dropped off the list stay clients


def test_a_failure_while_saving_leaves_nothing_half_saved(clerk, import_file):
    import_file(clerk)
    before = sorted(PaymentShareEntry.objects.values_list("client_id", "share_amount"))
    rows = generate.generate_rows(50, month=JUNE, seed=9, start=500)
    _outcome, job = import_file(clerk, "uusi.csv", generate.to_csv(rows))
    services.import_confirm(actor=clerk, job_id=job.pk)
    real_insert, clients_when_failing = services.insert_rows, []

    def fail_on_entries(model, rows, **kwargs):  # the new clients are already inserted by then
        if model is PaymentShareEntry:
            clients_when_failing.append(Client.objects.count())
            raise RuntimeError("disk full")
        return real_insert(model, rows, **kwargs)

    with mock.patch("payment_share.services.insert_rows", side_effect=fail_on_entries):
        job = services.import_start(actor=clerk, job_id=job.pk)
    assert job.status == "failed" and "epäonnistui" in job.error_message and not job.payload
    assert clients_when_failing == [56]
    assert sorted(PaymentShareEntry.objects.values_list("client_id", "share_amount")) == before
    assert Client.objects.count() == 6 and PaymentShareList.objects.get().times_replaced == 0


def test_an_unreachable_broker_is_told_and_nothing_is_saved(clerk):
    outcome = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv"))
    with mock.patch(
        "payment_share.tasks.run_import.apply_async", side_effect=OperationalError("Connection refused")
    ):
        job = services.import_start(actor=clerk, job_id=outcome.job.pk)
    assert job.status == "failed" and "taustapalveluun" in job.error_message and not job.payload
    assert nothing_stored()


def test_a_month_imported_meanwhile_by_someone_else_is_not_overwritten(clerk, coach, import_file):
    outcome = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv"))
    import_file(coach, "list_utf8_comma.csv")  # the coach's import of the same month finishes first
    first_ids = set(PaymentShareEntry.objects.values_list("pk", flat=True))
    job = services.import_start(actor=clerk, job_id=outcome.job.pk)
    assert job.status == "failed" and "toi sillä välin" in job.error_message
    assert set(PaymentShareEntry.objects.values_list("pk", flat=True)) == first_ids


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.YOUTH_WORKER, Role.ADMIN])
def test_other_roles_cannot_import(make_user, role):
    with pytest.raises(PermissionDenied):
        services.import_upload(actor=make_user(role), file=upload_file("payment_share_sample.csv"))


def test_only_the_uploader_confirms_starts_or_cancels_a_job(clerk, coach, import_file):
    import_file(clerk)
    _outcome, job = import_file(clerk, "list_utf8_comma.csv")
    for service in (services.import_confirm, services.import_cancel, services.import_start):
        with pytest.raises(PermissionDenied):
            service(actor=coach, job_id=job.pk)


def test_a_job_runs_only_once(clerk, import_file):
    _outcome, job = import_file(clerk)
    assert services.import_execute(job_id=job.pk).status == "done"
    assert PaymentShareEntry.objects.count() == 6


def test_an_importer_who_lost_the_role_imports_nothing(clerk):
    outcome = services.import_upload(actor=clerk, file=upload_file("payment_share_sample.csv"))
    clerk.groups.clear()
    clerk._role_cache = None
    job = services.import_execute(job_id=outcome.job.pk)
    assert job.status == "failed" and nothing_stored()


def test_jobs_left_waiting_for_a_day_are_given_up(clerk, import_file):
    import_file(clerk)
    _outcome, waiting = import_file(clerk, "list_utf8_comma.csv")
    ImportJob.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert services.expire_stale_jobs() == 1
    waiting.refresh_from_db()
    assert waiting.status == "cancelled" and not waiting.payload


def test_many_rows_import_with_a_bounded_number_of_queries(clerk, import_file, django_assert_max_num_queries):
    ClientFactory(national_id=generate.sample_national_id(3))
    content = generate.to_csv(generate.generate_rows(3000, month=JUNE, seed=5))
    with django_assert_max_num_queries(40):
        _outcome, job = import_file(clerk, "suuri.csv", content)
    assert job.status == "done" and (job.linked_count, job.created_count) == (1, 2999)
    assert PaymentShareEntry.objects.count() == 3000 and Client.objects.count() == 3000


def test_the_thirty_thousand_row_benchmark_list_imports(clerk, import_file):
    _outcome, job = import_file(clerk, "maksuosuuslista-30000.csv", generate.large_list_csv(30_000))
    assert job.status == "done" and job.created_count == 30_000
    assert PaymentShareList.objects.get().person_count == 30_000
    assert PaymentShareEntry.objects.count() == 30_000
