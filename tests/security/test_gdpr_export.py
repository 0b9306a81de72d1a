"""The data export (issue 23, items 1 and 2): who may make one, what each gets, and that it is complete."""

import io
import json
import zipfile

import pytest
from django.apps import apps

from clients.models import Client
from joutsa_tyollisyys.extensions import client_exports
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.activation.factories import PlanFactory
from tests.factories import ClientFactory, MeetingFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


def _refers_to(model, targets):
    return any(f.is_relation and f.related_model in targets for f in model._meta.concrete_fields)


def models_of_a_client():
    """Every model that holds a client's data: a foreign key to the client, to such a model (an agreement's
    attendance, a case's claims, …), or a plain ``client_id`` column (the access log)."""
    ours = [m for m in apps.get_models() if not m.__name__.startswith("Historical")]
    found = {Client}
    while True:
        more = {m for m in ours if m not in found and _refers_to(m, found)}
        if not more:
            break
        found |= more
    found |= {m for m in ours if any(f.attname == "client_id" and not f.is_relation for f in m._meta.concrete_fields)}
    return {m._meta.label_lower for m in found}


def test_every_model_that_refers_to_a_client_is_exported():
    exported = {label for part in client_exports for label in part.models}
    assert "rehab_work.attendance" in models_of_a_client()  # through the agreement
    assert "core.accesslogentry" in models_of_a_client()  # through a plain client_id
    missing = models_of_a_client() - exported
    # The rows that only point at a client from a claim or a list are exported too (e.g. a KEHA claim's days).
    assert not missing, f"not in the data export: {sorted(missing)}"




def _sections(response):
    assert response.status_code == 200, response.status_code
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {section["key"]: section["rows"] for section in json.loads(archive.read("tiedot.json"))}


@pytest.fixture
def person(coach):
    person = ClientFactory(responsible_worker=coach, first_name="Selma", last_name="Rekisteri",
                           health_notes="Selkävaiva")
    MeetingFactory(client=person, notes="Luottamuksellinen muistiinpano")
    agreement = AgreementFactory(client=person)
    AttendanceFactory(agreement=agreement)
    PlanFactory(client=person, goals="Työkokeilu keväällä")
    return person


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICE_CLERK, Role.WORKING_GROUP])
def test_roles_whose_pages_hide_notes_may_not_export(person, make_user, login, role):
    response = login(make_user(role)).get(f"/clients/{person.pk}/export.zip")
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_another_teams_coach_may_not_export(person, make_user, login):
    assert login(make_user(Role.COACH)).get(f"/clients/{person.pk}/export.zip").status_code in (403, 404)


@pytest.mark.parametrize("who", ["coach", "social"])
def test_the_clients_workers_get_what_their_pages_show(person, coach, make_user, login, who):
    user = coach if who == "coach" else make_user(Role.SOCIAL_COUNSELLOR)
    sections = _sections(login(user).get(f"/clients/{person.pk}/export.zip"))
    row = sections["client"][0]
    assert row["henkilötunnus"] == person.masked_national_id != person.national_id  # the page masks it
    assert person.national_id not in json.dumps(sections, default=str)
    assert row["terveyteen liittyvät merkinnät"] == "Selkävaiva"  # the client's own workers see it
    assert sections["meetings"][0]["muistiinpanot (luottamuksellinen)"] == "Luottamuksellinen muistiinpano"
    assert len(sections["rehab_agreements"]) == 1 and len(sections["rehab_attendance"]) == 1
    assert sections["activation_plans"][0]["tavoitteet"] == "Työkokeilu keväällä"
    assert "access_log" not in sections  # the log is the data subject's copy only
    entry = AccessLogEntry.objects.get(action="export", client_id=person.pk)
    assert entry.user_id == user.pk and "full" not in entry.what


def test_the_data_protection_officer_makes_the_full_copy_and_it_is_logged(person, make_user, login):
    officer = make_user(Role.DATA_PROTECTION_OFFICER)
    assert login(officer).get(f"/clients/{person.pk}/").status_code == 403  # no client pages
    login(make_user(Role.SOCIAL_COUNSELLOR)).get(f"/clients/{person.pk}/")  # one read before the request
    sections = _sections(login(officer).get(f"/clients/{person.pk}/export.zip"))
    assert sections["client"][0]["henkilötunnus"] == person.national_id
    assert sections["client"][0]["terveyteen liittyvät merkinnät"] == "Selkävaiva"
    assert sections["meetings"][0]["muistiinpanot (luottamuksellinen)"] == "Luottamuksellinen muistiinpano"
    assert {part.key for part in client_exports} <= set(sections)  # every app's part, empty or not
    assert [row["mitä"] for row in sections["access_log"]] == ["client page"]
    entry = AccessLogEntry.objects.get(action="export", client_id=person.pk)
    assert entry.user_id == officer.pk and entry.what == "GDPR right-of-access export (full)"
