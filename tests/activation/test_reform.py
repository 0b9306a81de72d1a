"""The activation reform (HE 109/2025) and TE24 as date-effective rule sets: the condition, the queue, the
front-page panel, the client page, agreement drafting, the monthly report and the plan PDF follow the law
in force on the day they are shown (seeded: TE24 1.1.2025, the reform 1.1.2026; admin-editable)."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from activation import rules
from activation.models import ActivationPlan
from joutsa_tyollisyys.models import LawRuleSet
from reporting.models import MonthlyReport
from tests.activation.factories import FiguresFactory, IncomeSupportClientFactory, agreed_plan, service_type
from tests.factories import ClientFactory, clients_since

pytestmark = pytest.mark.django_db


def condition(on, benefit, reform):
    return rules.activation_condition(
        age=40, on=on, subsidy_days_12m=200, subsidy_days_total=600, income_support_months=0,
        benefit_recipient=benefit, income_support_only=reform,
    )


def test_a_benefit_recipient_is_out_of_the_condition_only_under_the_reform():
    before = condition(date(2025, 12, 31), benefit=True, reform=False)
    after = condition(date(2026, 1, 1), benefit=True, reform=True)
    assert before.met and not before.out_of_scope
    assert not after.met and after.out_of_scope and after.basis is None
    assert "monialaiseen työllistymissuunnitelmaan" in after.explanation
    assert condition(date(2026, 1, 1), benefit=False, reform=True).met  # income support: still applies


def test_under_the_reform_someone_without_income_support_is_out_of_the_condition_too():
    kwargs = {"age": 40, "subsidy_days_12m": 0, "subsidy_days_total": 600, "income_support_months": 0,
              "benefit_recipient": False, "income_support": False}
    assert rules.activation_condition(on=date(2025, 12, 31), income_support_only=False, **kwargs).met
    assert rules.activation_condition(on=date(2026, 1, 1), income_support_only=True, **kwargs).out_of_scope


@pytest.mark.parametrize(
    ("income", "receives_benefit", "expected"),
    [
        ("income_support", False, False),
        ("income_support", True, True),  # an unemployment benefit paid now
        ("unemployment_benefit", False, True),
        ("labour_market_subsidy", False, True),
        ("general_support", False, True),
        ("other", False, False),
    ],
)
def test_benefit_recipients(income, receives_benefit, expected):
    assert rules.is_benefit_recipient(main_income=income, receives_unemployment_benefit=receives_benefit) is expected


def test_new_plan_kind():
    assert rules.plan_kind(typ_client=False, benefit_recipient=True, income_support_only=False) == "activation"
    assert rules.plan_kind(typ_client=False, benefit_recipient=True, income_support_only=True) == "multi_agency"
    assert rules.plan_kind(typ_client=False, benefit_recipient=False, income_support_only=True) == "activation"
    assert rules.plan_kind(typ_client=True, benefit_recipient=False, income_support_only=False) == "multi_agency"


@pytest.fixture
def two_waiting(coach):
    """A benefit recipient and an income-support client, both over the subsidy-day limit, no plans."""
    benefit = FiguresFactory(
        client=ClientFactory(responsible_worker=coach, last_name="Etuusmies", main_income="labour_market_subsidy"),
        receives_unemployment_benefit=True, receives_income_support=False,
    ).client
    support = FiguresFactory(client=IncomeSupportClientFactory(responsible_worker=coach, last_name="Tukinainen")).client
    clients_since(date(2024, 1, 2), benefit, support)  # the report counts them from then (as of each month's end)
    return benefit, support


@pytest.mark.parametrize(
    ("day", "benefit_listed"),
    [("2024-06-14", True), ("2025-06-16", True), ("2025-12-31", True), ("2026-01-01", False), ("2026-06-15", False)],
)
def test_queue_panel_and_client_page_follow_the_law_of_the_day(
    day, benefit_listed, coach, login, two_waiting, time_machine
):
    benefit, support = two_waiting
    time_machine.move_to(f"{day} 12:00+02:00")
    http = login(coach)
    queue = http.get(reverse("activation:work_queue")).content.decode()
    front = http.get("/").content.decode()
    front = front[front.index("Aktivointisuunnitelma puuttuu"):]
    front = front[:front.index("</ul>")]  # the activation panel's "plan missing" list
    assert "Tukinainen" in queue and "Tukinainen" in front
    assert ("Etuusmies" in queue) is benefit_listed
    assert ("Etuusmies" in front) is benefit_listed
    page = http.get(benefit.get_absolute_url()).content.decode()
    assert ("Aktivointiehto ei koske asiakasta" in page) is not benefit_listed


def test_an_admin_moving_the_reform_date_moves_the_queue(coach, login, two_waiting, time_machine):
    time_machine.move_to("2026-02-15 12:00+02:00")
    http = login(coach)
    assert "Etuusmies" not in http.get(reverse("activation:work_queue")).content.decode()
    LawRuleSet.objects.filter(activation_income_support_only=True).update(valid_from=date(2026, 3, 1))
    from django.core.cache import cache

    cache.clear()  # update() sends no signal; the admin's save() clears it (tests/core/test_dates_and_law.py)
    assert "Etuusmies" in http.get(reverse("activation:work_queue")).content.decode()


def _report_row(http, month):
    http.post(reverse("reporting:generate"), {"month": month})
    report = MonthlyReport.objects.get(month=date.fromisoformat(f"{month}-01"))
    html = http.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    start = html.index('data-indicator="activation_waiting"')
    return html[start:html.index("</tr>", start)]


def test_report_counts_those_waiting_by_the_law_of_each_month(coach, login, two_waiting):
    """A 2024, a 2025 and a 2026 month through the report's pages: the benefit recipient waits for an
    activation plan until the reform, then only the income-support client does."""
    http = login(coach)
    assert ">2</a>" in _report_row(http, "2024-06")
    assert ">2</a>" in _report_row(http, "2025-06")
    assert ">1</a>" in _report_row(http, "2026-06")


@pytest.mark.parametrize(("day", "kind"), [("2025-12-31", "activation"), ("2026-01-01", "multi_agency")])
def test_a_benefit_recipients_new_plan_is_the_plan_the_law_asks_for(day, kind, coach, login, time_machine):
    time_machine.move_to(f"{day} 12:00+02:00")
    client = ClientFactory(responsible_worker=coach, main_income="unemployment_benefit")
    today = timezone.localdate()
    data = {
        "starts_on": today.isoformat(), "review_by": (today + timedelta(days=180)).isoformat(),
        "municipality_party": "Sanna Virtanen", "employment_party": "Liisa Lahti", "kela_party": "Tomi Vainio",
        "rehab_goal": "Päivärytmi ja työkyvyn kartoitus", "support": "Tapaamiset kuukausittain",
        "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "30", "tasks-0-service_type": service_type("work_trial").pk,
        "tasks-0-description": "Työkokeilu",
    }
    http = login(coach)
    form = http.get(reverse("activation:plan_create", args=[client.pk])).content.decode()
    assert ('name="kela_party"' in form) is (kind == "multi_agency")
    response = http.post(reverse("activation:plan_create", args=[client.pk]), data)
    assert response.status_code == 302
    plan = ActivationPlan.objects.get(client=client)
    assert plan.kind == kind and plan.rehab_goal == "Päivärytmi ja työkyvyn kartoitus"


def test_agreement_drafting_asks_a_benefit_recipient_for_a_multi_agency_plan(coach, login, time_machine):
    time_machine.move_to("2025-12-01 12:00+02:00")
    client = ClientFactory(responsible_worker=coach, main_income="labour_market_subsidy")
    plan = agreed_plan(client)
    plan.tasks.create(service_type=service_type(), place="TyöVarikko", hours_per_day=5, days_per_week=3,
                      starts_on=timezone.localdate(), length_months=6)
    url = reverse("rehab_work:agreement_create", args=[client.pk])
    page = login(coach).get(url).content.decode()
    assert "sovitusta aktivointisuunnitelmasta" in page and "monialaiseen" not in page  # 2025: its basis
    time_machine.move_to("2026-01-02 12:00+02:00")
    page = login(coach).get(url).content.decode()
    assert "monialaiseen työllistymissuunnitelmaan" in page and "sovitusta aktivointisuunnitelmasta" not in page


@pytest.mark.parametrize(
    ("agreed", "cited", "not_cited", "party"),
    [
        (date(2024, 12, 31), "(916/2012)", "380/2023", "TE-toimisto"),
        (date(2025, 1, 1), "(380/2023)", "916/2012", "Työvoimaviranomainen"),
    ],
)
def test_plan_pdf_cites_the_law_in_force_on_its_date(agreed, cited, not_cited, party, coach, login):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    plan = agreed_plan(client, agreed_on=agreed, starts_on=agreed, rehab_goal="Oma päivärytmi")
    response = login(coach).get(reverse("activation:plan_pdf", args=[plan.pk]))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert cited in text and not_cited not in text and party in text
    assert "Kuntouttavan työtoiminnan tavoite Oma päivärytmi" in text


def test_multi_agency_plan_pdf_cites_381_2023(coach, login):
    client = ClientFactory(responsible_worker=coach, is_typ=True)
    plan = agreed_plan(client, kind="multi_agency", kela_party="Tomi Vainio")
    response = login(coach).get(reverse("activation:plan_pdf", args=[plan.pk]))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "(381/2023)" in text and "1369/2014" not in text


@pytest.mark.parametrize(("agreed", "label"), [(date(2024, 12, 31), "TE-toimiston asiantuntija"),
                                               (date(2025, 1, 1), "Työvoimaviranomaisen asiantuntija")])
def test_plan_page_names_the_expert_by_the_law_of_its_date(agreed, label, coach, login):
    plan = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach), agreed_on=agreed, starts_on=agreed)
    assert label in login(coach).get(reverse("activation:plan_detail", args=[plan.pk])).content.decode()
