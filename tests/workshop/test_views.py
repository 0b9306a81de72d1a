"""Views: forms through services, errors beside fields, PDFs parsed, bounded queries, access log."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory
from tests.rehab_work.factories import PlacementFactory
from tests.workshop.factories import GroupFactory, ParticipantFactory, PeriodFactory
from workshop import services
from workshop.models import CompetenceArea, Group, LibraryDocument, Qualification

pytestmark = pytest.mark.django_db


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_group_form_creates_group_and_sessions(coach, login):
    http = login(coach)
    today = timezone.localdate()
    response = http.post(
        reverse("workshop:group_create"),
        {
            "name": "Uusi ryhmä",
            "weekdays": ["1", "3"],
            "every_weeks": 1,
            "starts_at": "09:00",
            "duration_minutes": 120,
            "first_day": today.isoformat(),
            "last_day": (today + timedelta(days=13)).isoformat(),
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.sessions.count() == 4


def test_group_form_error_beside_field_nothing_saved(coach, login):
    today = timezone.localdate()
    response = login(coach).post(
        reverse("workshop:group_create"),
        {
            "name": "Uusi ryhmä",
            "weekdays": ["1"],
            "every_weeks": 1,
            "starts_at": "09:00",
            "duration_minutes": 120,
            "first_day": today.isoformat(),
            "last_day": (today + timedelta(days=500)).isoformat(),
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["last_day"]
    assert not Group.objects.exists()


def test_group_edit_stale_version_refused(coach, login):
    group = GroupFactory(leader=coach)
    data = {
        "name": "X",
        "weekdays": ["2"],
        "every_weeks": 1,
        "starts_at": "09:00",
        "duration_minutes": 120,
        "first_day": group.first_day.isoformat(),
        "last_day": group.last_day.isoformat(),
        "version": 1,
    }
    http = login(coach)
    assert http.post(reverse("workshop:group_edit", args=[group.pk]), data).status_code == 302
    response = http.post(reverse("workshop:group_edit", args=[group.pk]), {**data, "name": "Y"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    group.refresh_from_db()
    assert group.name == "X"


def test_group_detail_and_list_queries_bounded(coach, login, django_assert_max_num_queries):
    group = GroupFactory(leader=coach)
    services.group_generate_sessions(actor=coach, group_id=group.pk)
    for _ in range(8):
        ParticipantFactory(group=group, client=ClientFactory(responsible_worker=coach))
        GroupFactory(leader=coach)
    http = login(coach)
    with django_assert_max_num_queries(16):  # + the participants' access-log rows: a read, one insert, a savepoint
        assert http.get(reverse("workshop:group_detail", args=[group.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert http.get(reverse("workshop:group_list")).status_code == 200


def test_session_page_records_attendance_and_logs_access(coach, login, django_assert_max_num_queries):
    group = GroupFactory(leader=coach)
    services.group_generate_sessions(actor=coach, group_id=group.pk)
    clients = [ClientFactory(responsible_worker=coach) for _ in range(6)]
    for client in clients:
        ParticipantFactory(group=group, client=client)
    session = group.sessions.filter(day__lte=timezone.localdate()).first()
    http = login(coach)
    url = reverse("workshop:session_attendance", args=[session.pk])
    with django_assert_max_num_queries(20):  # the access-log rows of all participants in one insert
        assert http.get(url).status_code == 200
    assert set(AccessLogEntry.objects.values_list("client_id", flat=True)) >= {c.pk for c in clients}
    data = {f"p{c.pk}": "present" for c in clients[:4]} | {f"p{clients[4].pk}": "absent"}
    assert http.post(url, data).status_code == 302
    assert session.attendances.filter(presence="present").count() == 4


def test_forged_participant_on_session_refused(coach, login):
    group = GroupFactory(leader=coach)
    session = group.sessions.create(day=timezone.localdate() - timedelta(days=1))
    outsider = ClientFactory(responsible_worker=coach)
    response = login(coach).post(
        reverse("workshop:session_attendance", args=[session.pk]), {f"p{outsider.pk}": "present"}
    )
    assert response.status_code in (200, 302) and not session.attendances.exists()  # ignored, never saved


def test_certificate_form_and_pdf(coach, login):
    client = ClientFactory(responsible_worker=coach, first_name="Veera", last_name="Lahtinen")
    placement = PlacementFactory(name="TyöVarikko")
    wood = Qualification.objects.get(name="Puuteollisuuden perustutkinto")
    areas = list(wood.areas.all()[:2])
    http = login(coach)
    today = timezone.localdate()
    response = http.post(
        reverse("workshop:certificate_create", args=[client.pk]),
        {
            "qualification": wood.pk,
            "areas": [a.pk for a in areas],
            "placement": placement.pk,
            "start_date": (today - timedelta(days=90)).isoformat(),
            "end_date": today.isoformat(),
            "work_description": "Huonekalujen kunnostus",
            "signer_title": "Työvalmentaja",
        },
    )
    assert response.status_code == 302
    certificate = client.competence_certificates.get()
    pdf = http.get(reverse("workshop:certificate_pdf", args=[certificate.pk]))
    text = pdf_text(pdf)
    assert "Veera Lahtinen" in text and all(a.name in text for a in areas) and "Työvalmentaja" in text
    assert AccessLogEntry.objects.filter(client_id=client.pk, action="pdf").exists()
    assert "Lahtinen" not in pdf["Content-Disposition"]  # no names in downloaded file names (issue 23)


def test_certificate_form_wrong_areas_error_beside_field(coach, login):
    client = ClientFactory(responsible_worker=coach)
    wood = Qualification.objects.get(name="Puuteollisuuden perustutkinto")
    other = CompetenceArea.objects.exclude(qualification=wood).first()
    today = timezone.localdate()
    response = login(coach).post(
        reverse("workshop:certificate_create", args=[client.pk]),
        {
            "qualification": wood.pk,
            "areas": [other.pk],
            "placement": PlacementFactory().pk,
            "start_date": today.isoformat(),
            "end_date": today.isoformat(),
            "work_description": "x",
            "signer_title": "x",
        },
    )
    assert response.context["form"].errors["areas"] and not client.competence_certificates.exists()


def test_coaching_plan_pdf_lists_periods_and_coaching(coach, login):
    client = ClientFactory(responsible_worker=coach, first_name="Oona", last_name="Kivelä", born=date(1990, 1, 1))
    period = PeriodFactory(client=client, coach=coach)
    services.coaching_add(
        actor=coach,
        client_id=client.pk,
        kind="start",
        start_date=period.start_date,
        goals="Päivärytmi kuntoon",
        period=period,
    )
    text = pdf_text(login(coach).get(reverse("workshop:coaching_plan_pdf", args=[client.pk])))
    assert "Oona Kivelä" in text and "Päivärytmi kuntoon" in text and "Työkokeilu" in text


def test_period_overlap_error_shown_beside_start_date(coach, login):
    client = ClientFactory(responsible_worker=coach)
    period = PeriodFactory(client=client, coach=coach)
    response = login(coach).post(
        reverse("workshop:period_create", args=[client.pk]),
        {
            "kind": "social_rehab",
            "placement": period.placement.pk,
            "start_date": period.end_date.isoformat(),
            "end_date": (period.end_date + timedelta(days=5)).isoformat(),
            "content": "x",
            "goals": "y",
        },
    )
    assert response.context["form"].errors["start_date"]


def test_client_page_section_and_front_page_panel(coach, login):
    client = ClientFactory(responsible_worker=coach)
    PeriodFactory(client=client, coach=coach)
    group = GroupFactory(leader=coach, name="Aamuryhmä")
    group.sessions.create(day=timezone.localdate())
    http = login(coach)
    page = http.get(client.get_absolute_url()).content.decode()
    assert reverse("workshop:period_create", args=[client.pk]) in page
    assert "Aamuryhmä" in http.get("/").content.decode()


def test_working_group_sees_no_client_section(make_user, login, coach):
    client = ClientFactory(responsible_worker=coach)
    admin = make_user(Role.ADMIN, username="adm")
    page = login(admin).get(client.get_absolute_url()).content.decode()
    assert reverse("workshop:period_create", args=[client.pk]) not in page


def test_library_serves_newest_upload_and_blank_pdf(coach, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for content in (b"versio yksi", b"versio kaksi"):
        document = LibraryDocument(kind="travel_expenses")
        document.file.save("matkat.txt", ContentFile(content), save=False)
        document.save()
    http = login(coach)
    page = http.get(reverse("workshop:library")).content.decode()
    newest = LibraryDocument.objects.get(version=2)
    assert reverse("workshop:library_download", args=[newest.pk]) in page
    assert (
        b"".join(http.get(reverse("workshop:library_download", args=[newest.pk])).streaming_content) == b"versio kaksi"
    )
    assert "Matkakorvaushakemus" in pdf_text(http.get(reverse("workshop:library_blank", args=["travel_expenses"])))
    assert http.get(reverse("workshop:library_blank", args=["nonsense"])).status_code == 404


def test_places_show_work_trials_per_unit(coach, login):
    placement = PlacementFactory(name="Kirjasto", capacity=3)
    PeriodFactory(placement=placement, start_date=timezone.localdate() - timedelta(days=1))
    response = login(coach).get(reverse("workshop:places"))
    row = next(p for p in response.context["placements"] if p.pk == placement.pk)
    assert row.work_trials == 1 and row.free_for_all == 2


def test_certificate_form_offers_the_areas_of_the_chosen_qualification(coach, login):
    client = ClientFactory(responsible_worker=coach)
    wood = Qualification.objects.get(name="Puuteollisuuden perustutkinto")
    other = CompetenceArea.objects.exclude(qualification=wood).first()
    url = reverse("workshop:certificate_create", args=[client.pk])
    http = login(coach)
    # Every area names its qualification, for the page's script to show only the chosen one's.
    page = http.get(url).content.decode()
    assert f'data-qualification="{wood.pk}"' in page and f'data-qualification="{other.qualification_id}"' in page
    assert 'data-filters="areas"' in page
    # Without JavaScript: after choosing the qualification and sending, only its areas are offered.
    response = http.post(url, {"qualification": wood.pk, "areas": [other.pk]})
    form = response.context["form"]
    assert set(form.fields["areas"].queryset) == set(wood.areas.filter(active=True))
    assert form.errors["areas"] == ["Valitse valitun tutkinnon osaamisalueita."]
    assert other.name not in response.content.decode()
