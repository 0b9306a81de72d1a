"""Each indicator on a factory-built month with known answers (tests/reporting/factories.build_march)."""

from datetime import date
from decimal import Decimal

import pytest

from clients.selectors import assessments_up_to_date
from payment_share.selectors import contacted_and_assigned
from rehab_work.selectors import clients_in_rehab_work
from reporting.indicators import BY_KEY, INDICATORS, Period, compute_figures, compute_indicator
from reporting.selectors import inputs_for, rehab_client_ids

from .factories import MARCH, build_march

pytestmark = pytest.mark.django_db


@pytest.fixture
def march():
    return build_march()


def figure(key, inputs=None):
    return compute_indicator(BY_KEY[key], MARCH, inputs if inputs is not None else {})


def test_rehab_clients_counts_an_agreement_ending_mid_month_and_a_client_with_two_agreements_once(march):
    result = figure("rehab_clients")
    assert result["value"] == 2  # A (ends 14 March) and B (two agreements); not C (April) nor D (draft)
    assert result["ids"] == sorted([march.a.pk, march.b.pk])
    assert result["previous"] == 1  # February: A only
    assert result["year_ago"] == 0
    assert result["ytd"] == 2  # distinct over January–March
    assert result["series"][-3:] == [1, 1, 2]


def test_ids_agree_with_the_owning_apps_counts(march):
    for month in (date(2024, 2, 1), MARCH):
        period = Period.of_month(month)
        assert len(rehab_client_ids(*period.bounds)) == clients_in_rehab_work(period.bounds)
    assert figure("share_persons")["value"] == contacted_and_assigned(MARCH)["persons"] == 2
    assert figure("assessments")["value"] == assessments_up_to_date(date(2024, 3, 31))["assessments"]["up_to_date"]
    assert figure("share_contacted")["value"] == contacted_and_assigned(MARCH)["contacted"]


def test_compensation_claimed_and_paid_by_date(march):
    claimed, paid = figure("compensation_claimed"), figure("compensation_paid")
    assert (claimed["value"], claimed["previous"], claimed["ytd"]) == (Decimal("0.00"), Decimal("10.09"),
                                                                       Decimal("10.09"))
    assert (paid["value"], paid["previous"], paid["ytd"]) == (Decimal("403.60"), Decimal("0.00"), Decimal("403.60"))
    assert claimed["ids"] is None


def test_payment_share_euros_persons_and_year_to_date(march):
    euros = figure("share_euros")
    # A year ago no list had been imported: not known (None, "not available yet"), never 0,00 €.
    assert (euros["value"], euros["previous"], euros["year_ago"]) == (Decimal("300.50"), Decimal("50.00"), None)
    assert euros["missing_source"] == "share_list" and date(2023, 3, 1).isoformat() in euros["missing"]
    assert euros["ytd"] == Decimal("350.50")  # sum of the monthly lists
    assert (euros["ytd_missing"], euros["ytd_months"]) == (1, 3)  # January had no list
    persons = figure("share_persons")
    assert (persons["value"], persons["previous"], persons["ytd"]) == (2, 1, 2)  # A counted once over the year


def test_share_list_contacted_and_with_worker(march):
    assert figure("share_contacted")["value"] == 1
    assert figure("share_contacted")["ids"] == [march.a.pk]
    assert figure("share_contacted_percent")["value"] == Decimal("50.0")
    assert figure("share_with_worker")["ids"] == [march.a.pk]
    assert figure("share_with_worker_percent")["value"] == Decimal("50.0")
    assert figure("share_with_worker_percent")["year_ago"] is None  # no list: no percentage (not 0)


def test_places_units_and_taken(march):
    assert figure("places_capacity")["value"] == 6  # the unit with no places is not counted
    assert figure("units_offering")["value"] == 1
    assert figure("places_taken")["value"] == 1  # on 31 March only B's second agreement is in force


def test_feedback(march):
    assert figure("feedback_answers")["value"] == 2
    assert figure("feedback_overall")["value"] == Decimal("4.5")
    assert figure("feedback_overall")["previous"] is None


def test_assessments_up_to_date_at_the_end_of_the_month(march):
    result = figure("assessments")
    assert result["ids"] == [march.b.pk]  # A's expired on 15 March
    assert result["previous"] == 1  # A's on 29 February
    assert figure("active_clients")["value"] == 4
    assert figure("assessments_percent")["value"] == Decimal("25.0")
    assert figure("employment_plans")["value"] == 0
    assert figure("employment_plans_percent")["value"] == Decimal("0.0")


def test_entered_figures_and_their_year_to_date(march):
    inputs = inputs_for([date(2024, 1, 1), MARCH])
    rate = figure("unemployment_rate", inputs)
    assert (rate["value"], rate["previous"], rate["ytd"]) == (Decimal("10.5"), None, Decimal("11.0"))
    income = figure("tyovarikko_income", inputs)
    assert (income["value"], income["ytd"]) == (Decimal("1000.00"), Decimal("1500.00"))


def test_activation_plans_in_force(march):
    assert figure("activation_plans")["ids"] == [march.a.pk]
    assert figure("activation_plans")["value"] == 1


def test_a_month_with_no_data():
    figures = compute_figures(date(2023, 3, 1))
    indicators = figures["indicators"]
    assert set(indicators) == {i.key for i in INDICATORS}
    assert indicators["rehab_clients"]["value"] == 0 and indicators["rehab_clients"]["ids"] == []
    # No list imported and nothing entered: "not available yet" (None with its source), never 0,00 €.
    assert indicators["share_euros"]["value"] is None and indicators["share_euros"]["missing_source"] == "share_list"
    assert indicators["share_persons"]["value"] is None and indicators["share_persons"]["missing"]
    assert indicators["share_contacted_percent"]["value"] is None
    assert indicators["unemployment_rate"]["value"] is None and indicators["unemployment_rate"]["ytd"] is None
    assert indicators["unemployment_rate"]["missing_source"] == "inputs"
    assert indicators["compensation_claimed"]["missing"] == []  # a claim total of 0 € is a true 0
    assert indicators["feedback_overall"]["value"] is None
    assert figures["quarters"] == [] and figures["inputs"] is None
    assert len(indicators["rehab_clients"]["series"]) == 13


def test_snapshot_holds_quarters_places_and_inputs(march):
    figures = compute_figures(date(2024, 3, 15))
    assert figures["month"] == MARCH
    assert [q["label"] for q in figures["quarters"]] == ["1/2024"]
    assert figures["quarters"][0]["total"] == Decimal("350.50")
    assert {p["placement"] for p in figures["places"]} == {"Kirjasto", "Uimahalli"}
    assert figures["inputs"]["unemployment_rate"] == Decimal("10.5")


def test_the_months_shared_figures_are_read_once_for_all_thirteen_months(march):
    """Places, the payment-share list and the count of active clients (each month's as of its end): one read each for
    the report's 13 months (a read per month made 237 queries and 0.4 s of a city's 1.8 s computation)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        compute_figures(date(2025, 3, 1))
    sql = [query["sql"] for query in captured.captured_queries]
    assert sum('FROM "rehab_work_placement"' in q for q in sql) == 1
    assert sum('FROM "payment_share_paymentshareentry"' in q and '"month" IN' in q for q in sql) == 2  # + contacts
    assert sum(q.startswith('SELECT COUNT("clients_client"."id") FILTER') for q in sql) == 1


def test_the_computation_runs_with_the_jit_and_parallel_workers_that_web_requests_go_without(db):
    """PostgreSQL: the connection's JIT and parallel workers are off (settings) and the server's own inside the
    report's computation, and off again after it."""
    from django.db import connection

    from joutsa_tyollisyys.database import analytic_queries

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")

    def settings():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather'), "
                           "(SELECT boot_val FROM pg_settings WHERE name = 'max_parallel_workers_per_gather')")
            return cursor.fetchone()

    jit, workers, server_workers = settings()
    assert (jit, workers) == ("off", "0") and int(server_workers) > 0
    with analytic_queries():
        assert settings()[:2] == ("on", server_workers)
    assert settings()[:2] == ("off", "0")
