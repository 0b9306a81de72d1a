"""Pages: bounded queries, Finnish errors beside the fields, PDFs, the switch, panels, access log."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from obligation_employment import rules
from obligation_employment.enums import CaseStatus, ClaimStatus
from obligation_employment.models import ObligationCase, ObligationSettings, WageSubsidyClaim, WageSubsidyRate

from .factories import FLOW, bulk_cases, compute, eligible_client, make_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _page(response):
    return re.sub(r"\s+", " ", response.content.decode().replace("\xa0", " "))


# --- Bounded queries ---


def test_lists_have_bounded_queries(clerk, coach, login, django_assert_max_num_queries):
    bulk_cases(FLOW * 4, clerk=clerk, coach=coach)
    http = login(clerk)
    for url in (
        "/obligation/",
        "/obligation/?status=",
        "/obligation/supervisors-meeting/",
        "/obligation/claims/",
    ):
        http.get(url)
        with django_assert_max_num_queries(12):
            assert http.get(url).status_code == 200


def test_case_page_has_bounded_queries(clerk, login, django_assert_max_num_queries):
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(timezone.localdate(), -4))
    for claim in case.claims.order_by("number")[:3]:  # periods that have ended
        compute(claim, clerk)
    http = login(clerk)
    http.get(case.get_absolute_url())
    with django_assert_max_num_queries(20):
        assert http.get(case.get_absolute_url()).status_code == 200


def test_client_page_section_and_front_page_have_bounded_queries(
    clerk, coach, login, django_assert_max_num_queries
):
    cases = bulk_cases(FLOW * 3, clerk=clerk, coach=coach)
    http = login(clerk)
    for url in ("/", cases[0].client.get_absolute_url()):
        http.get(url)
        with django_assert_max_num_queries(30):
            assert http.get(url).status_code == 200


# --- Who sees what ---


def test_client_page_shows_the_case_to_the_clerk_and_the_clients_coach(clerk, coach, social, login):
    case = make_case(clerk=clerk, client=eligible_client(responsible_worker=coach))
    for user in (clerk, coach, social):
        page = _page(login(user).get(case.client.get_absolute_url()))
        assert f"/obligation/{case.pk}/" in page
    assert "Kirjaa työllistämisilmoitus" not in _page(login(clerk).get(case.client.get_absolute_url()))


def test_the_clerk_can_register_from_the_client_page(clerk, login):
    client = eligible_client()
    page = _page(login(clerk).get(client.get_absolute_url()))
    assert f"/obligation/clients/{client.pk}/notice/" in page


def test_the_coach_sees_the_case_read_only(clerk, coach, login):
    case = make_case(CaseStatus.WORK_CHOSEN, clerk=clerk, client=eligible_client(responsible_worker=coach))
    page = _page(login(coach).get(case.get_absolute_url()))
    assert "Kirjastoavustaja" in page
    assert f"/obligation/{case.pk}/application/" not in page and f"/obligation/{case.pk}/close/" not in page
    assert login(coach).get(f"/obligation/{case.pk}/application/").status_code == 403


def test_the_case_page_is_logged(clerk, login):
    case = make_case(clerk=clerk)
    login(clerk).get(case.get_absolute_url())
    assert AccessLogEntry.objects.filter(client_id=case.client_id, action="view").exists()


def test_front_page_panels_for_the_clerk(clerk, login):
    waiting = make_case(clerk=clerk)
    employed = make_case(CaseStatus.EMPLOYED, clerk=clerk)
    WageSubsidyClaim.objects.filter(case=employed, number=1).update(deadline=TODAY() + timedelta(days=5))
    page = _page(login(clerk).get("/"))
    assert "Palkkatuen maksatushakemukset erääntymässä" in page and "5 päivää jäljellä" in page
    assert "Odottaa esihenkilöpalaveria" in page and waiting.client.last_name in page


# --- Forms: errors beside the fields, nothing half-saved ---


def test_contract_end_before_start_is_shown_beside_the_field(clerk, login):
    case = make_case(CaseStatus.DECISION_RECEIVED, clerk=clerk)
    start = case.decision_start
    response = login(clerk).post(
        f"/obligation/{case.pk}/contract/",
        {
            "contract_start": start,
            "contract_end": start - timedelta(days=1),
            "monthly_salary": "2300",
            "contract_weekly_hours": "38,25",
            "version": case.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contract_end"] == [
        "Päättymispäivä ei voi olla ennen alkamispäivää."
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_RECEIVED and case.contract_start is None


def test_negative_wages_are_shown_beside_the_field(clerk, login):
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk)
    claim = case.claims.get(number=1)
    response = login(clerk).post(
        f"/obligation/claims/{claim.pk}/wages/", {"wages": "-100", "version": claim.version}
    )
    assert "nollaa suurempi" in response.context["form"].errors["wages"][0]
    claim.refresh_from_db()
    assert claim.wages is None


def test_a_step_on_a_case_closed_meanwhile_goes_back_to_the_case(clerk, login, social):
    case = make_case(clerk=clerk)
    http = login(clerk)
    form_version = case.version
    login(social).post(
        f"/obligation/{case.pk}/meeting/",
        {
            "meeting_date": TODAY(),
            "meeting_decision": "declined",
            "declined_reason": "Ei halua",
            "version": form_version,
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    response = http.post(
        f"/obligation/{case.pk}/close/",
        {"outcome": "other", "closed_on": TODAY(), "outcome_notes": "x", "version": form_version},
    )
    assert response.status_code == 302  # the case is closed already: back to the case with a message
    assert ObligationCase.objects.get(pk=case.pk).outcome == "declined"


def test_two_clerks_saving_the_same_claim_the_second_is_refused(clerk, login, make_user):
    claim = make_case(CaseStatus.EMPLOYED, clerk=clerk).claims.get(number=1)
    url, opened_version = f"/obligation/claims/{claim.pk}/wages/", claim.version
    assert login(clerk).post(url, {"wages": "2000,00", "version": opened_version}).status_code == 302
    response = login(make_user(Role.OFFICE_CLERK, username="clerk2")).post(
        url, {"wages": "1500,00", "version": opened_version}
    )
    assert response.context["form"].non_field_errors() == ConcurrentEditError().messages
    claim.refresh_from_db()
    assert claim.wages == Decimal("2000.00") and claim.subsidy_amount == Decimal("1400.00")


def test_a_step_out_of_order_goes_back_to_the_case(clerk, login):
    case = make_case(clerk=clerk)
    response = login(clerk).get(f"/obligation/{case.pk}/contract/")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()


def test_the_decision_form_is_prefilled_from_the_rate_table(clerk, login):
    WageSubsidyRate.objects.filter(category="70").update(monthly_maximum=Decimal("1400.00"))
    case = make_case(CaseStatus.APPLICATION_SENT, clerk=clerk)
    form = login(clerk).get(f"/obligation/{case.pk}/decision/").context["form"]
    assert form["decision_rate"].value() == Decimal("70.00")
    assert form["monthly_maximum"].value() == Decimal("1400.00")


# --- PDFs and the claims list ---


def test_the_contract_pdf(clerk, login):
    case = make_case(
        CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(TODAY(), -2), salary=Decimal("2345.60")
    )
    text = _pdf_text(login(clerk).get(f"/obligation/{case.pk}/contract.pdf"))
    client = case.client
    assert f"{client.first_name} {client.last_name}" in text and client.national_id in text
    assert f"{case.contract_start:%d.%m.%Y}" in text and f"{case.contract_end:%d.%m.%Y}" in text
    assert "2 345,60 €" in text and "Kirjastoavustaja" in text and "38,25 tuntia" in text
    assert AccessLogEntry.objects.filter(client_id=client.pk, action="pdf").exists()


def test_the_claim_summary_pdf_has_the_amount_and_the_deadline(clerk, login):
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk)
    claim = compute(case.claims.get(number=1), clerk, wages=Decimal("2500.00"))
    text = _pdf_text(login(clerk).get(f"/obligation/claims/{claim.pk}/summary.pdf"))
    assert "Haettava palkkatuki 1 400,00 €" in text  # 70 % of 2 500 € = 1 750 €, capped
    assert f"Hakemus viimeistään {claim.deadline:%d.%m.%Y}" in text
    assert "2 500,00 €" in text and "1 750,00 €" in text


def test_claims_list_is_sorted_by_deadline_red_near_it_and_lapsed_after(clerk, login):
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk)
    today = TODAY()
    WageSubsidyClaim.objects.filter(case=case, number=1).update(
        status=ClaimStatus.LAPSED, deadline=today - timedelta(1)
    )
    WageSubsidyClaim.objects.filter(case=case, number=2).update(deadline=today + timedelta(days=14))
    WageSubsidyClaim.objects.filter(case=case, number=3).update(deadline=today + timedelta(days=15))
    response = login(clerk).get("/obligation/claims/")
    assert [c.number for c in response.context["claims"]][:3] == [1, 2, 3]
    page = _page(response)
    pattern = r'<tr data-claim="{}" data-urgency="(\w*)">(.*?)</tr>'
    rows = {n: re.search(pattern.format(n), page).groups() for n in (1, 2, 3)}
    assert rows[1][0] == "lapsed" and "Vanhentunut" in rows[1][1] and 'class="text-overdue"' in rows[1][1]
    assert (
        rows[2][0] == "urgent"
        and "Erääntyy 14 päivän kuluttua" in rows[2][1]
        and "text-overdue" in rows[2][1]
    )
    assert rows[3][0] == "ok" and "15 päivää jäljellä" in rows[3][1] and "text-overdue" not in rows[3][1]


# --- The switch, the seeds ---


def test_switched_off_pages_say_so_and_registration_is_refused(clerk, login):
    ObligationSettings.objects.filter(pk=1).update(enabled=False)
    http = login(clerk)
    assert "Velvoitetyöllistäminen on poistettu käytöstä" in _page(http.get("/obligation/"))
    client = eligible_client()
    response = http.post(
        f"/obligation/clients/{client.pk}/notice/",
        {"notice_date": TODAY(), "allowance_end_date": TODAY() + timedelta(days=30)},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not ObligationCase.objects.exists()
    assert f"/obligation/clients/{client.pk}/notice/" not in _page(http.get(client.get_absolute_url()))


def test_the_admin_manages_the_switch_and_the_rates(make_user, login):
    admin = make_user(Role.ADMIN, username="admin", is_staff=True)
    http = login(admin)
    assert http.get("/admin/obligation_employment/wagesubsidyrate/").status_code == 200
    response = http.post("/admin/obligation_employment/obligationsettings/1/change/", {})  # unchecked = off
    assert response.status_code == 302
    assert ObligationSettings.load().enabled is False
    assert http.get("/obligation/").status_code == 403  # but not the cases


def test_the_rates_of_1_7_2023_and_the_daily_task_are_seeded():
    rates = {r.category: r for r in WageSubsidyRate.objects.valid_on(TODAY())}
    assert {c: r.percent for c, r in rates.items()} == {"50": 50, "70": 70, "100": 100}
    assert all(r.valid_from.isoformat() == "2023-07-01" and r.monthly_maximum is None for r in rates.values())
    assert rates["100"].max_months == 12
    assert PeriodicTask.objects.get(task="obligation_employment.tasks.daily_claims_check").enabled
