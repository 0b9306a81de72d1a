import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from activation.models import ActivationPlan
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from tests.activation.factories import (
    FiguresFactory,
    IncomeSupportClientFactory,
    PlanFactory,
    agreed_plan,
    service_type,
)

pytestmark = pytest.mark.django_db


def form_data(tasks, **overrides):
    today = timezone.localdate()
    data = {
        "starts_on": today.isoformat(),
        "review_by": (today + timedelta(days=180)).isoformat(),
        "municipality_party": "Sanna Virtanen",
        "employment_party": "Liisa Lahti",
        "tasks-TOTAL_FORMS": str(len(tasks)),
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "30",
    }
    for i, task in enumerate(tasks):
        data.update({f"tasks-{i}-{k}": v for k, v in task.items()})
    data.update(overrides)
    return data


def rehab(**overrides):
    row = {
        "service_type": service_type().pk,
        "description": "Puutyöt",
        "place": "TyöVarikko",
        "hours_per_day": "4",
        "days_per_week": "3",
        "starts_on": timezone.localdate().isoformat(),
        "length_months": "6",
    }
    row.update(overrides)
    return row


def test_draft_with_a_rehab_row_through_the_form(coach, login):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    response = login(coach).post(f"/activation/clients/{client.pk}/plans/new/", form_data([rehab(), {}]))
    plan = ActivationPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.tasks.get().place == "TyöVarikko"


def test_row_errors_are_shown_beside_the_row_field_in_finnish_and_nothing_is_saved(coach, login):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    data = form_data([rehab(), rehab(days_per_week="5", hours_per_day="3")])
    response = login(coach).post(
        f"/activation/clients/{client.pk}/plans/new/", data, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 200
    second = response.context["formset"].forms[1]
    assert second.errors["days_per_week"] == ["Kuntouttavaa työtoimintaa järjestetään 1–4 päivänä viikossa."]
    assert "hours_per_day" in second.errors
    assert not response.context["formset"].forms[0].errors
    assert not ActivationPlan.objects.exists()


def test_a_plan_without_rows_and_with_review_before_start_is_refused(coach, login):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    data = form_data([], review_by=timezone.localdate().isoformat())
    response = login(coach).post(f"/activation/clients/{client.pk}/plans/new/", data)
    assert response.context["form"].errors["review_by"]
    content = response.content.decode()
    assert "Lisää suunnitelmaan vähintään yksi tehtävä tai palvelu." in content
    assert not ActivationPlan.objects.exists()


def test_stale_edit_is_refused_with_a_message(coach, login):
    plan = PlanFactory(client=IncomeSupportClientFactory(responsible_worker=coach))
    data = form_data([rehab()], version=str(plan.version))
    data["tasks-INITIAL_FORMS"] = "0"
    http = login(coach)
    assert http.post(f"/activation/plans/{plan.pk}/edit/", data).status_code == 302
    response = http.post(f"/activation/plans/{plan.pk}/edit/", data)  # the same, older version again
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ConcurrentEditError().messages


def test_other_coach_gets_403_and_working_group_never_sees_a_plan(coach, make_user, login):
    plan = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach))
    for role in (Role.COACH, Role.WORKING_GROUP, Role.OFFICE_CLERK):
        http = login(make_user(role))
        assert http.get(plan.get_absolute_url()).status_code == 403
        assert http.get(f"/activation/plans/{plan.pk}/plan.pdf").status_code == 403
    page = login(make_user(Role.OFFICE_CLERK)).get(plan.client.get_absolute_url()).content.decode()
    assert "Aktivointisuunnitelma" not in page  # the clerk sees the client page, not the plans


def test_client_page_shows_why_the_condition_is_met(coach, login, django_assert_max_num_queries):
    client = IncomeSupportClientFactory(responsible_worker=coach, born=timezone.localdate().replace(year=1980))
    FiguresFactory(client=client, subsidy_days_total=512)
    for _ in range(5):
        PlanFactory(client=client)
    http = login(coach)
    http.get(client.get_absolute_url())
    with django_assert_max_num_queries(15):
        content = http.get(client.get_absolute_url()).content.decode()
    assert "Ehto täyttyy: työmarkkinatukea 512 päivää (raja 500)" in content
    assert "Aktivointisuunnitelma puuttuu" in content
    assert "Kunta käynnistää prosessin" in content


def test_work_queue_page_and_panel_have_bounded_queries(coach, login, django_assert_max_num_queries):
    for _ in range(15):
        FiguresFactory(client=IncomeSupportClientFactory(responsible_worker=coach))
        agreed_plan(IncomeSupportClientFactory(responsible_worker=coach), review_by=timezone.localdate())
    http = login(coach)
    with django_assert_max_num_queries(10):
        queue = http.get("/activation/")
    assert len(queue.context["page"]) == 15
    with django_assert_max_num_queries(10):
        reviews = http.get("/activation/reviews/")
    assert len(reviews.context["page"]) == 15
    with django_assert_max_num_queries(8):
        home = http.get("/").content.decode()
    assert "Aktivointisuunnitelma puuttuu" in home


def test_plan_page_has_bounded_queries(coach, login, django_assert_max_num_queries):
    plan = agreed_plan(IncomeSupportClientFactory(responsible_worker=coach))
    for _ in range(10):
        plan.tasks.create(service_type=service_type("training"), description="Kurssi")
    http = login(coach)
    with django_assert_max_num_queries(15):
        response = http.get(plan.get_absolute_url())
    assert response.content.decode().count("Kurssi") == 10
    assert AccessLogEntry.objects.filter(client_id=plan.client_id, action="view").exists()


def test_pdf_in_swedish_for_a_swedish_speaking_client(coach, login):
    client = IncomeSupportClientFactory(
        responsible_worker=coach, language="sv", first_name="Stina", last_name="Lindqvist"
    )
    FiguresFactory(client=client)
    plan = agreed_plan(client)
    plan.tasks.create(
        service_type=service_type(),
        place="TyöVarikko",
        hours_per_day=5,
        days_per_week=2,
        starts_on=timezone.localdate(),
        length_months=6,
    )
    response = login(coach).get(f"/activation/plans/{plan.pk}/plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Aktiveringsplan" in text and "Arbetsverksamhet i rehabiliteringssyfte" in text
    assert "TyöVarikko 5,0 2" in text
    assert "Villkoret uppfylls" in text and "Stina Lindqvist" in text
    assert AccessLogEntry.objects.filter(client_id=client.pk, action="pdf").exists()


def test_agree_form_without_signatures_shows_errors_beside_them(coach, login):
    plan = PlanFactory(client=IncomeSupportClientFactory(responsible_worker=coach))
    response = login(coach).post(
        f"/activation/plans/{plan.pk}/agree/",
        {"agreed_on": timezone.localdate().isoformat(), "version": plan.version},
    )
    form = response.context["form"]
    assert set(form.errors) == {"client_signed", "municipality_signed", "employment_signed"}
    assert "kela_signed" not in form.fields
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_multi_agency_agree_form_asks_for_kela(coach, login):
    plan = PlanFactory(
        client=IncomeSupportClientFactory(responsible_worker=coach, is_typ=True), kind="multi_agency", kela_party="Kela"
    )
    response = login(coach).get(f"/activation/plans/{plan.pk}/agree/")
    assert "kela_signed" in response.context["form"].fields


def test_a_filled_row_without_a_service_is_refused_beside_the_field(coach, login):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    data = form_data([rehab(), {"description": "Jotain"}, {}])
    response = login(coach).post(f"/activation/clients/{client.pk}/plans/new/", data)
    assert response.context["formset"].forms[1].errors["service_type"] == ["Valitse palvelu."]
    assert not response.context["formset"].forms[2].errors  # an empty extra row is simply no row
    assert not ActivationPlan.objects.exists()
