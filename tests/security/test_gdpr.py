import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from clients.models import Client, Meeting
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_export_holds_everything_and_is_logged(coach, make_user, login):
    person = ClientFactory(responsible_worker=coach, first_name="Selma", last_name="Rekisteri")
    MeetingFactory(client=person, notes="Tapaamisen muistiinpano")
    response = login(make_user(Role.DATA_PROTECTION_OFFICER)).get(f"/clients/{person.pk}/export.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("tiedot.json"))
    keys = {section["key"]: section for section in data}
    assert keys["client"]["rows"][0]["etunimet"] == "Selma"
    assert keys["client"]["rows"][0]["henkilötunnus"] == person.national_id  # the person's own copy: in full
    assert keys["meetings"]["rows"][0]["muistiinpanot (luottamuksellinen)"] == "Tapaamisen muistiinpano"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("tiedot.pdf"))).pages)
    assert "Selma Rekisteri" in text and "Tapaamisen muistiinpano" in text
    assert AccessLogEntry.objects.filter(client_id=person.pk, action="export").count() == 1


def test_retention_archives_then_erases_with_history(coach):
    old = ClientFactory(responsible_worker=coach, status="inactive")
    recent = ClientFactory(responsible_worker=coach, status="inactive")
    MeetingFactory(client=old, starts_at=timezone.now() - timedelta(days=365 * 3))
    MeetingFactory(client=recent, starts_at=timezone.now() - timedelta(days=30))
    Client.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=365 * 3))
    call_command("apply_retention", "--archive-after", "2", "--erase-after", "12")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == ("archived", "inactive")
    assert old.history.filter(status="archived").exists()

    with time_machine.travel(timezone.now() + timedelta(days=365 * 12), tick=False):
        call_command("apply_retention", "--archive-after", "2", "--erase-after", "12")
    assert not Client.objects.filter(pk=old.pk).exists()
    assert not Client.history.filter(id=old.pk).exists()
    assert not Meeting.history.filter(client_id=old.pk).exists()
    assert Client.objects.filter(pk=recent.pk).exists()


def test_dry_run_changes_nothing(coach, capsys):
    person = ClientFactory(responsible_worker=coach, status="inactive")
    Client.objects.filter(pk=person.pk).update(updated_at=timezone.now() - timedelta(days=365 * 5))
    call_command("apply_retention", "--dry-run")
    person.refresh_from_db()
    assert person.status == "inactive"
    assert "Would archive 1" in capsys.readouterr().out
