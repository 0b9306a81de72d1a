"""The pages: upload with the row-numbered report, job progress, review, inline htmx rows, exports, trend."""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from payment_share.models import ImportJob, PaymentShareEntry, PaymentShareList
from tests.factories import ClientFactory

from .conftest import upload_file
from .factories import EntryFactory, ShareListFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def post_file(http, name, content=None):
    return http.post("/payment-share/upload/", {"file": upload_file(name, content)})


def test_bad_rows_are_shown_with_their_numbers_and_nothing_is_saved(clerk, login):
    response = post_file(login(clerk), "journey_two_bad_rows.csv")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tiedostossa on 2 virhettä. Mitään ei tuotu." in html
    assert [e.row for e in response.context["report"].errors] == [3, 6]
    assert "<td>3</td>" in html and "<td>6</td>" in html
    assert not ImportJob.objects.exists() and not PaymentShareList.objects.exists()


def test_a_wrong_file_type_gets_an_error_beside_the_field(clerk, login):
    response = post_file(login(clerk), "lista.pdf", b"%PDF-1.4")
    assert "CSV" in response.context["form"].errors["file"][0]


def test_a_good_file_goes_to_the_job_page_which_shows_it_done(clerk, login):
    http = login(clerk)
    response = post_file(http, "payment_share_sample.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/payment-share/imports/{job.pk}/"
    page = http.get(response["Location"]).content.decode()
    assert "6 henkilöä tuotu." in page and 'value="100"' in page and "?month=2024-06" in page
    assert "hx-trigger" not in page  # finished: no more polling
    fragment = http.get(f"/payment-share/imports/{job.pk}/progress/").content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"')


def test_a_running_job_keeps_polling(clerk, login):
    job = ImportJob.objects.create(
        created_by=clerk,
        file_name="x.csv",
        status="running",
        stage="matching",
        progress=40,
        months=["2024-06-01"],
    )
    fragment = login(clerk).get(f"/payment-share/imports/{job.pk}/progress/").content.decode()
    assert (
        'hx-trigger="every 1s"' in fragment
        and 'value="40"' in fragment
        and "Henkilöitä yhdistetään" in fragment
    )


def test_the_same_month_again_asks_to_confirm_then_replaces(clerk, login):
    http = login(clerk)
    post_file(http, "payment_share_sample.csv")
    response = post_file(http, "list_utf8_comma.csv")
    job = ImportJob.objects.latest("pk")
    page = http.get(response["Location"]).content.decode()
    assert "Tämä kuukausi on jo tuotu" in page and "Korvaa lista" in page
    http.post(f"/payment-share/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and PaymentShareList.objects.get().times_replaced == 1


def test_broker_down_is_told_on_the_job_page(clerk, login):
    http = login(clerk)
    with mock.patch("payment_share.tasks.run_import.apply_async", side_effect=OperationalError("refused")):
        response = post_file(http, "payment_share_sample.csv")
    page = http.get(response["Location"]).content.decode()
    assert "taustapalveluun ei saada yhteyttä" in page and not PaymentShareEntry.objects.exists()


def _fill(count, coach=None):
    share_list = ShareListFactory()
    for index in range(count):
        EntryFactory(
            share_list=share_list, client=ClientFactory(responsible_worker=coach if index % 2 else None)
        )


@pytest.mark.parametrize("count", [3, 30])
def test_review_has_bounded_queries_whatever_the_size(
    counsellor, login, count, django_assert_max_num_queries
):
    _fill(count, counsellor)
    http = login(counsellor)
    http.get("/payment-share/")
    with django_assert_max_num_queries(18):
        response = http.get("/payment-share/")
    assert len(response.context["rows"]) == min(count, 25)


def test_with_a_thousand_workers_rows_are_named_through_the_selection_form(counsellor, coach, login, monkeypatch):
    from payment_share import views

    entry = EntryFactory(client=ClientFactory(status="new", responsible_worker=None), contact_worker=coach)
    http = login(counsellor)
    page = http.get("/payment-share/?month=2024-06").content.decode()
    assert f'id="responsible-{entry.pk}"' in page and f'<option value="{coach.pk}" selected>' in page
    monkeypatch.setattr(views, "INLINE_CHOICES_MAX", 1)  # more workers than that: no choice list in the rows
    page = http.get("/payment-share/?month=2024-06").content.decode()
    assert f'id="responsible-{entry.pk}"' not in page and f'id="contact-{entry.pk}"' not in page
    assert 'id="bulk-form"' in page and f'value="{entry.pk}" form="bulk-form"' in page and str(coach) in page


def test_the_bulk_forms_workers_are_read_once_a_minute_per_language(counsellor, coach, login, make_user, settings):
    """A city's 1,250 workers: the list is the same for everyone who assigns, kept a minute (8 ms a page); a
    worker chosen from it is still checked against the current workers when the form is sent."""
    EntryFactory()
    http = login(counsellor)

    def bulk_form(**cookies):
        http.cookies.load(cookies or {settings.LANGUAGE_COOKIE_NAME: "fi"})
        page = http.get("/payment-share/?month=2024-06").content.decode()
        return page[page.index('id="bulk-form"'):page.index("</form>", page.index('id="bulk-form"'))]

    assert f'<option value="{coach.pk}">' in bulk_form()
    newcomer = make_user(Role.COACH, first_name="Uusi", last_name="Valmentaja")
    assert f'<option value="{newcomer.pk}">' not in bulk_form()  # within the minute
    swedish = bulk_form(**{settings.LANGUAGE_COOKIE_NAME: "sv"})
    assert "Välj arbetstagare" in swedish and f'<option value="{newcomer.pk}">' in swedish  # its own copy
    cache.clear()  # a minute later
    assert f'<option value="{newcomer.pk}">' in bulk_form()


def test_review_masks_ids_and_logs_one_access_row_per_person_shown(counsellor, login):
    entry = EntryFactory()
    http = login(counsellor)
    html = http.get("/payment-share/?month=2024-06").content.decode()
    assert entry.client.masked_national_id in html and entry.client.national_id not in html
    assert "390,71\xa0€" in html
    log = AccessLogEntry.objects.get()
    assert (log.what, log.action, log.client_id, log.username) == (
        "payment-share review",
        "view",
        entry.client_id,
        counsellor.username,
    )
    http.get("/payment-share/?month=2024-06&no_worker=on")
    assert AccessLogEntry.objects.count() == 2


def test_a_filter_that_matches_nobody_shows_an_empty_page(counsellor, login):
    EntryFactory()
    response = login(counsellor).get("/payment-share/?month=2024-06&mine=on")
    assert response.status_code == 200 and response.context["rows"] == []


def test_clerk_reviews_but_does_not_get_the_assignment_forms(clerk, login):
    EntryFactory()
    response = login(clerk).get("/payment-share/")
    assert response.status_code == 200 and not response.context["can_assign"]
    assert 'id="bulk-form"' not in response.content.decode()


def test_inline_htmx_assignment_returns_the_row_and_refreshes_the_figures(counsellor, coach, login):
    entry = EntryFactory(client=ClientFactory(status="new"), new_client=True)
    http = login(counsellor)
    response = http.post(f"/payment-share/entries/{entry.pk}/responsible/", {"worker": coach.pk}, **HTMX)
    html = response.content.decode()
    assert response["HX-Trigger"] == "paymentShareChanged"
    assert html.lstrip().startswith(f'<tr id="entry-{entry.pk}"') and str(coach) in html
    entry.client.refresh_from_db()
    assert entry.client.responsible_worker == coach
    assert AccessLogEntry.objects.get().client_id == entry.client_id  # the row shows the person again
    figures = http.get("/payment-share/figures/?month=2024-06").content.decode()
    assert "100 %" in figures
    # Issue 19: the review counts the list as it is now (the work to do), and says the report counts its month's end.
    assert "Listan tilanne nyt; seurantaraportti näyttää sen sellaisena kuin se oli kuukauden lopussa." in figures


def test_inline_stale_edit_shows_the_error_in_the_row(counsellor, coach, login):
    entry = EntryFactory()
    http = login(counsellor)
    http.post(f"/payment-share/entries/{entry.pk}/contact/", {"worker": coach.pk, "version": 1}, **HTMX)
    response = http.post(
        f"/payment-share/entries/{entry.pk}/contact/", {"worker": counsellor.pk, "version": 1}, **HTMX
    )
    assert "HX-Trigger" not in response and 'role="alert"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.contact_worker == coach


def test_without_javascript_the_forms_redirect_back_and_never_off_site(counsellor, login):
    entry = EntryFactory()
    response = login(counsellor).post(
        f"/payment-share/entries/{entry.pk}/contacted/", {"version": 1, "next": "//evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/payment-share/?month=2024-06"


def test_bulk_form_assigns_and_tells_how_many(counsellor, coach, login):
    entries = [EntryFactory(client=ClientFactory(status="new")) for _ in range(3)]
    http = login(counsellor)
    response = http.post(
        "/payment-share/bulk/",
        {"entries": [e.pk for e in entries], "worker": coach.pk, "action": "responsible", "month": "2024-06"},
        follow=True,
    )
    assert "Vastuutyöntekijä nimetty 3 henkilölle." in response.content.decode()
    assert response.context["figures"]["with_worker_percent"] == 100


def test_review_export_is_logged_and_masks_ids(counsellor, login):
    entry = EntryFactory(paid_days=999)
    response = login(counsellor).get("/payment-share/export.xlsx?month=2024-06")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[:3] == ["Nimi", "Henkilötunnus", "Kuntaosuus €"]
    assert header[3:8] == ["Etuus", "Maksetut päivät yhteensä", "Päivät kuukaudessa", "Porras %",
                           "Päiviä seuraavaan portaaseen"]
    assert row[1] == entry.client.masked_national_id and row[2] == 390.71 and row[3] == "työmarkkinatuki"
    assert (row[4], row[5], row[6], row[7]) == (999, 21, 50, 1)  # 978 days before the period: 50 %; 1 to go
    assert AccessLogEntry.objects.get().action == "export"


def test_the_working_group_sees_the_trend_without_names(make_user, login):
    EntryFactory(share_list=ShareListFactory(month=date(2024, 4, 1)), share_amount=Decimal("1000.00"))
    entry = EntryFactory(share_list=ShareListFactory(month=date(2024, 7, 1)), share_amount=Decimal("250.50"))
    http = login(make_user(Role.WORKING_GROUP))
    html = http.get("/payment-share/trend/").content.decode()
    assert "2/2024" in html and "1\xa0000,00\xa0€" in html and "3/2024" in html
    assert entry.client.last_name not in html
    assert '<img class="img-fluid" src="/payment-share/trend/chart.svg"' in html and "<svg" not in html
    chart = http.get("/payment-share/trend/chart.svg")
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content
    sheet = load_workbook(io.BytesIO(http.get("/payment-share/trend/trend.xlsx").content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["2/2024", 1000, 1, 1],
        ["3/2024", 250.5, 1, 1],
    ]
    assert http.get("/payment-share/").status_code == 403


def test_client_page_shows_the_months_on_the_list(counsellor, coach, make_user, login):
    from datetime import date

    from tests.factories import ClientFactory

    # An adult with a responsible worker: the youth outreach worker may not see them.
    entry = EntryFactory(paid_days=299, client=ClientFactory(born=date(1970, 1, 1), responsible_worker=coach))
    html = login(counsellor).get(entry.client.get_absolute_url()).content.decode()
    assert "Maksuosuuslista" in html and "6/2024" in html and "299" in html
    youth_html = login(make_user(Role.YOUTH_WORKER)).get(entry.client.get_absolute_url())
    assert youth_html.status_code in (403, 404)


def test_the_desk_panel_counts_open_work(coach, login):
    EntryFactory(contact_worker=coach)
    html = login(coach).get("/").content.decode()
    assert (
        "Uusimmalla listalla (6/2024) on 1 henkilö." in html
        and "Sinun tulee ottaa yhteyttä 1 henkilöön" in html
    )


def test_sample_file_imports_cleanly(clerk, login):
    from payment_share.parsing import parse_list

    response = login(clerk).get("/payment-share/upload/sample.csv")
    assert response["Content-Disposition"].startswith("attachment") and parse_list(response.content).ok


def test_the_admin_edits_bands_and_column_layouts(make_user, login):
    from payment_share.models import ColumnMapping, PaymentShareBand

    http = login(make_user(Role.ADMIN, is_staff=True))
    assert http.get("/admin/payment_share/paymentshareband/").status_code == 200
    response = http.post(
        "/admin/payment_share/paymentshareband/add/",
        {"valid_from": "2025-01-01", "min_days": "101", "municipal_percent": "10", "note": "HE 207/2022"},
    )
    assert response.status_code == 302 and PaymentShareBand.objects.filter(min_days=101).exists()
    overlapping = http.post(
        "/admin/payment_share/paymentshareband/add/",
        {"valid_from": "2020-01-01", "min_days": "300", "municipal_percent": "40"},
    )
    assert overlapping.status_code == 200 and PaymentShareBand.objects.filter(min_days=300).count() == 1
    same_column = http.post(
        "/admin/payment_share/columnmapping/add/",
        {
            "name": "Kelmu",
            "month_column": "1",
            "national_id_column": "1",
            "name_column": "3",
            "paid_days_column": "4",
            "share_amount_column": "5",
        },
    )
    assert same_column.status_code == 200 and not ColumnMapping.objects.exists()


def test_the_admin_edits_the_rule_sets_with_history_and_no_overlap(make_user, login):
    from payment_share.models import ShareRuleSet

    http = login(make_user(Role.ADMIN, is_staff=True))
    assert http.get("/admin/payment_share/shareruleset/").status_code == 200
    te24 = ShareRuleSet.objects.get(valid_from=date(2025, 1, 1))
    changed = http.post(
        f"/admin/payment_share/shareruleset/{te24.pk}/change/",
        {"valid_from": "2025-01-01", "name": te24.name, "all_benefits": "on", "billed_from_days": "120",
         "note": "muutettu"},
    )
    assert changed.status_code == 302
    te24.refresh_from_db()
    assert te24.billed_from_days == 120 and te24.history.first().billed_from_days == 120
    overlapping = http.post(
        "/admin/payment_share/shareruleset/add/",
        {"valid_from": "2024-06-01", "name": "Päällekkäinen", "billed_from_days": "300"},
    )
    assert overlapping.status_code == 200 and ShareRuleSet.objects.count() == 2
    # Ending the TE24 rule set and starting a new one on the next day is how a later reform is entered.
    http.post(f"/admin/payment_share/shareruleset/{te24.pk}/change/",
              {"valid_from": "2025-01-01", "valid_to": "2027-12-31", "name": te24.name, "all_benefits": "on",
               "billed_from_days": "120"})
    assert http.post("/admin/payment_share/shareruleset/add/",
                     {"valid_from": "2028-01-01", "name": "Uusi", "billed_from_days": "50"}).status_code == 302
    from payment_share.selectors import rule_set_on

    assert rule_set_on(date(2027, 12, 1)).name == te24.name and rule_set_on(date(2028, 1, 1)).name == "Uusi"


def test_the_trend_marks_a_quarter_with_fewer_than_three_lists_partial(make_user, login):
    for month in (date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1), date(2024, 7, 1)):
        EntryFactory(share_list=ShareListFactory(month=month))
    http = login(make_user(Role.WORKING_GROUP))
    html = http.get("/payment-share/trend/").content.decode()
    assert "3/3</td>" in html and "1/3 (osittainen)" in html
    svg = http.get("/payment-share/trend/chart.svg").content.decode()
    assert "Osittainen neljännes" in svg


def test_a_row_change_without_its_version_is_refused_not_taken_as_fresh(counsellor, login):
    from payment_share.models import PaymentShareEntry
    from tests.payment_share.factories import EntryFactory

    entry = EntryFactory()
    http = login(counsellor)
    response = http.post(f"/payment-share/entries/{entry.pk}/contacted/", {}, **HTMX)
    assert "ilman sen version tietoa" in response.content.decode()
    assert PaymentShareEntry.objects.get(pk=entry.pk).contacted_on is None
