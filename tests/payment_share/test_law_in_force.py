"""The law in force on the list's month (docs/domain.md § 6.1, § 8): the 2015–2024 share by payment period, the 2025
model with its admin table and Kela's separate invoices, yleistuki from 1.5.2026, shifted files refused."""

from datetime import date
from decimal import Decimal

import pytest

from clients.models import Client
from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from payment_share import generate, parsing, selectors
from payment_share.models import PaymentShareBand, PaymentShareEntry, PaymentShareList
from payment_share.parsing import parse_list
from reporting.indicators import BY_KEY, compute_indicator

from .conftest import upload_file
from .factories import EntryFactory, ShareListFactory

DEC_2024, JAN_2025, JUN_2025, APR_2026, MAY_2026 = (
    date(2024, 12, 1), date(2025, 1, 1), date(2025, 6, 1), date(2026, 4, 1), date(2026, 5, 1))


def csv_of(rows, **kwargs) -> bytes:
    return generate.to_csv(rows, **kwargs)


def row(month, index, days, in_month, percent, benefit="työmarkkinatuki", invoice=""):
    return generate.make_row(month, generate.sample_national_id(index), f"Virtanen Anna{index}", days, in_month,
                             percent, benefit, invoice)


# --- A shifted file is refused (issue 23) ---------------------------------------------------------------


def test_a_comma_separated_file_with_decimal_commas_is_refused_row_by_row():
    good = csv_of([row(DEC_2024, 1, 350, 20, 50)], delimiter=";").decode("utf-8-sig")
    shifted = good.replace(";", ",")  # 744,20 and 372,10 become two columns each
    result = parse_list(shifted.encode())
    assert not result.ok and not result.rows
    assert [e.row for e in result.errors] == [2]
    assert result.errors[0].message.startswith("Rivillä on 11 saraketta, mutta otsikkorivillä 9")


def test_a_row_without_a_header_whose_share_does_not_match_is_refused():
    # No header row: the shifted row reads "50" as the share € of a 744 € benefit at 20 %.
    text = "2024-12;061165-902L;Mäkinen Päivi;työmarkkinatuki;350;20;744.20;20;50\r\n"
    result = parse_list(text.encode())
    assert [e.row for e in result.errors] == [1]
    assert result.errors[0].column == str(parsing.FIELD_LABELS["share_amount"])


@pytest.mark.parametrize(("share", "ok"), [("372.10", True), ("372.30", True), ("372.31", False),
                                           ("371.90", True), ("371.89", False), ("50.00", False)])
def test_the_share_must_be_benefit_times_percent_within_a_cent_a_day(share, ok):
    # 744.20 € × 50 % = 372.10 €; 20 days in the month: 0.20 € of rounding allowed.
    text = (f"Kuukausi;Henkilötunnus;Nimi;Etuus;Päivät;Kk;Etuus €;%;€\r\n"
            f"2024-12;061165-902L;Mäkinen Päivi;tmt;350;20;744.20;50;{share}\r\n")
    assert parse_list(text.encode()).ok is ok


def test_rows_without_benefit_or_percent_are_not_checked_and_trailing_blank_cells_are_fine():
    text = "Kuukausi;Henkilötunnus;Nimi;Etuus;Päivät;Kk;Etuus €;%;€\r\n2024-12;061165-902L;Mäkinen Päivi;;350;;;;50\r\n"
    assert parse_list(text.encode()).ok
    text = text.replace("50\r\n", "50;;\r\n")
    assert parse_list(text.encode()).ok


# --- The 2015–2024 share by payment period on the review ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("cumulative", "in_month", "percent", "to_next"),
                         [(310, 20, 0, 0), (1000, 20, 50, 0), (1020, 20, 70, None), (320, 20, 50, 680)])
def test_the_2024_review_decides_the_band_by_the_days_before_the_period(cumulative, in_month, percent, to_next):
    entry = EntryFactory(share_list=ShareListFactory(month=DEC_2024), paid_days=cumulative, days_in_month=in_month)
    decorated = selectors.decorate_rows([entry], {DEC_2024: selectors.bands_on(DEC_2024)})[0]
    assert (decorated.band_percent, decorated.days_to_next) == (percent, to_next)


@pytest.mark.django_db
def test_approaching_the_next_band_counts_from_the_days_before_the_period():
    bands = selectors.bands_on(DEC_2024)
    month = ShareListFactory(month=DEC_2024)
    reached = EntryFactory(share_list=month, paid_days=310, days_in_month=20)  # 50 % from the next month
    near = EntryFactory(share_list=month, paid_days=295, days_in_month=20)  # 5 days to 300
    far = EntryFactory(share_list=month, paid_days=250, days_in_month=20)  # 50 days
    past = EntryFactory(share_list=month, paid_days=330, days_in_month=20)  # 310 before: in the 50 % band
    found = {e.pk for e in selectors.review_entries(DEC_2024, bands=bands, approaching_days=10)}
    assert found == {reached.pk, near.pk}
    assert far.pk not in found and past.pk not in found


# --- The 2025 model: the admin's table, Kela's own percentages without it ------------------------------------


@pytest.mark.django_db
def test_a_2025_month_without_a_table_shows_kelas_percentages_and_says_so(counsellor, login):
    EntryFactory(share_list=ShareListFactory(month=JUN_2025), paid_days=300, days_in_month=20,
                 share_percent=Decimal("25"), share_amount=Decimal("195.35"), benefit="ansiopäiväraha")
    html = login(counsellor).get("/payment-share/?month=2025-06").content.decode()
    assert 'id="kela-percentages"' in html and "Kelan omia" in html
    assert "25 % <span class=\"small\">(lista)</span>" in html
    assert "101" in html and "kaikki työttömyysetuudet" in html


@pytest.mark.django_db
def test_a_2025_month_with_the_admins_table_computes_bands_from_it(counsellor, login):
    for min_days, percent in [(0, "0"), (101, "10"), (200, "20")]:
        PaymentShareBand.objects.create(valid_from=date(2025, 1, 1), min_days=min_days, municipal_percent=percent)
    entry = EntryFactory(share_list=ShareListFactory(month=JUN_2025), paid_days=210, days_in_month=20)
    decorated = selectors.decorate_rows([entry], {JUN_2025: selectors.bands_on(JUN_2025)})[0]
    assert (decorated.band_percent, decorated.days_to_next, decorated.band_from_list) == (10, 0, False)  # 190 before
    html = login(counsellor).get("/payment-share/?month=2025-06").content.decode()
    assert 'id="kela-percentages"' not in html and "101 päivästä alkaen 10 %" in html
    assert selectors.bands_on(DEC_2024)[1].min_days == 300  # the 2024 month keeps its own rule


# --- Kela's separate invoices of the transition --------------------------------------------------------------


@pytest.mark.django_db
def test_two_invoices_of_a_month_import_side_by_side_and_add_up(clerk, counsellor, import_file, login):
    first = csv_of([row(JAN_2025, 1, 400, 20, 10, invoice="1/2"), row(JAN_2025, 2, 500, 20, 10, invoice="1/2")])
    second = csv_of([row(JAN_2025, 1, 400, 20, 20, "ansiopäiväraha", invoice="2/2"),
                     row(JAN_2025, 3, 150, 20, 10, "ansiopäiväraha", invoice="2/2")])
    _outcome, job = import_file(clerk, "tammikuu-1.csv", first)
    assert job.status == "done"
    _outcome, job = import_file(clerk, "tammikuu-2.csv", second)
    assert job.status == "done"  # not waiting to replace the first invoice
    assert "3 henkilöltä puuttuu" in Notification.objects.filter(recipient=counsellor).first().message
    lists = PaymentShareList.objects.filter(month=JAN_2025).order_by("invoice")
    assert [(lst.invoice, lst.person_count) for lst in lists] == [("1/2", 2), ("2/2", 2)]
    total = sum(lst.total_share for lst in lists)

    figures = selectors.contacted_and_assigned(JAN_2025)
    assert figures["total"] == total and figures["persons"] == 3  # person 1 on both invoices, counted once
    assert selectors.review_figures(JAN_2025)["persons"] == 3
    quarter = selectors.quarterly_trend(1)[0]
    assert (quarter.total, quarter.persons, quarter.months) == (total, 3, 1)
    report = compute_indicator(BY_KEY["share_euros"], JAN_2025, {})
    assert report["value"] == total
    assert compute_indicator(BY_KEY["share_persons"], JAN_2025, {})["value"] == 3

    html = login(counsellor).get("/payment-share/?month=2025-01").content.decode()
    assert 'id="month-invoices"' in html and "1/2" in html and "2/2" in html
    assert html.count('<option value="2025-01"') == 1

    # The same invoice again waits for confirmation and replaces that invoice only.
    outcome, job = import_file(clerk, "tammikuu-2b.csv", second)
    assert job.status == "confirm" and job.replace_months == ["2025-01-01/2/2"]
    assert [lst.invoice for lst in selectors.lists_for_keys(job.replace_lists)] == ["2/2"]


@pytest.mark.django_db
def test_a_person_contacted_on_one_invoice_counts_once(counsellor):
    person = Client.objects.get(pk=EntryFactory(share_list=ShareListFactory(month=JAN_2025, invoice="1/2"),
                                                contacted_on=date(2025, 3, 1)).client_id)
    EntryFactory(share_list=ShareListFactory(month=JAN_2025, invoice="2/2"), client=person)
    figures = selectors.review_figures_by_month([JAN_2025])[JAN_2025]
    assert (figures["persons"], figures["contacted"]) == (1, 1)
    assert figures == selectors.review_figures(JAN_2025)


# --- Yleistuki from 1.5.2026 -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("month", "benefit", "income"), [
    (MAY_2026, "yleistuki", "general_support"),
    (MAY_2026, "Yleistuki", "general_support"),
    (MAY_2026, "", "general_support"),
    (APR_2026, "", "labour_market_subsidy"),
    (APR_2026, "työmarkkinatuki", "labour_market_subsidy"),
    (MAY_2026, "ansiopäiväraha", "unemployment_benefit"),
])
def test_a_list_with_yleistuki_imports_and_new_persons_get_the_income_of_the_month(
    clerk, import_file, month, benefit, income
):
    _outcome, job = import_file(clerk, "lista.csv", csv_of([row(month, 7, 400, 20, 10, benefit)]))
    assert job.status == "done"
    assert Client.objects.get().main_income == income


@pytest.mark.django_db
def test_the_review_groups_benefits_across_the_change(counsellor, login):
    for month, benefit in [(APR_2026, "työmarkkinatuki"), (MAY_2026, "yleistuki"), (MAY_2026, "ansiopäiväraha")]:
        EntryFactory(share_list=ShareListFactory(month=month), benefit=benefit)
    assert [(g.income, g.persons) for g in selectors.benefit_breakdown(MAY_2026)] == [
        ("unemployment_benefit", 1), ("general_support", 1)]
    assert [g.income for g in selectors.benefit_breakdown(APR_2026)] == ["labour_market_subsidy"]
    html = login(counsellor).get("/payment-share/?month=2026-05").content.decode()
    assert "Yleistuki" in html and "Työmarkkinatuki 1" not in html


# --- One list of each model through the upload page ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("month", "rows", "band"), [
    (DEC_2024, [row(DEC_2024, 1, 310, 20, 50)], "0 %"),  # Kela billed 50 %: the rule says the period is the state's
    (JUN_2025, [row(JUN_2025, 2, 300, 20, 25, "ansiopäiväraha")], "25 % <span class=\"small\">(lista)</span>"),
    (MAY_2026, [row(MAY_2026, 3, 300, 20, 25, "yleistuki")], "25 % <span class=\"small\">(lista)</span>"),
])
def test_a_list_of_each_model_imports_through_the_upload_page(clerk, counsellor, login, month, rows, band):
    response = login(clerk).post("/payment-share/upload/", {"file": upload_file("lista.csv", csv_of(rows))})
    assert response.status_code == 302
    assert PaymentShareEntry.objects.get().benefit == rows[0].benefit
    html = login(counsellor).get(f"/payment-share/?month={month:%Y-%m}").content.decode()
    assert band in html


@pytest.mark.django_db
def test_the_trend_says_where_the_rule_changed(make_user, login):
    for month in (date(2024, 10, 1), date(2025, 1, 1)):
        EntryFactory(share_list=ShareListFactory(month=month))
    http = login(make_user(Role.WORKING_GROUP))
    html = http.get("/payment-share/trend/").content.decode()
    assert 'id="rule-change-1"' in html and "01.01.2025 alkaen kuntaosuus noudattaa uutta sääntöä" in html
    assert "101 maksetusta päivästä" in html
    EntryFactory(share_list=ShareListFactory(month=date(2024, 7, 1)))
    PaymentShareList.objects.filter(month__gte=date(2025, 1, 1)).delete()
    assert 'id="rule-change-1"' not in http.get("/payment-share/trend/").content.decode()
