"""Issue 19: a notification is shown in its reader's language, whatever the language it was made in (it is stored as
an English msgid with its parameters); notifications stored as text before that keep showing their text."""

from datetime import date

import pytest
from django.utils import translation

from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import notify, user_access_changed
from reporting import services as reporting_services
from tests.reporting.factories import ReportFactory

pytestmark = pytest.mark.django_db


def front_page(login, user, language):
    http = login(user)
    http.cookies["django_language"] = language
    return http.get("/").content.decode()


def test_the_same_notification_shows_in_finnish_and_in_swedish(make_user, login):
    member = make_user(Role.WORKING_GROUP, username="wg")
    report = ReportFactory(month=date(2026, 11, 1))
    with translation.override("sv"):  # made by someone reading Swedish: still stored as a msgid
        reporting_services._notify_working_group(report)
    note = Notification.objects.get(recipient=member)
    assert note.message == "Seurantaraportti 11/2026 on valmis."  # the default language's text (the e-mail's)
    with translation.override("fi"):
        assert note.text == "Seurantaraportti 11/2026 on valmis."
    with translation.override("sv"):
        assert note.text == "Uppföljningsrapporten 11/2026 är klar."
    assert "Seurantaraportti 11/2026 on valmis." in front_page(login, member, "fi")
    swedish = front_page(login, member, "sv")
    assert "Uppföljningsrapporten 11/2026 är klar." in swedish and "Seurantaraportti" not in swedish


def test_plural_and_translated_parameters_follow_the_reader(make_user, rf):
    reader = make_user(Role.ADMIN, username="reader")
    note = notify(recipient=reader, message=Text(
        "%(client)s withdrew the consent to share information with health services: %(count)s open matter was "
        "stopped.", {"client": "Aino Testi", "count": 2},
        plural="%(client)s withdrew the consent to share information with health services: %(count)s open "
        "matters were stopped."))
    note.refresh_from_db()
    with translation.override("fi"):
        finnish = note.text
    with translation.override("sv"):
        swedish = note.text
    assert finnish.startswith("Aino Testi") and swedish.startswith("Aino Testi") and finnish != swedish
    assert "2" in swedish and note.message == finnish

    actor, target = make_user(Role.ADMIN, username="giver"), make_user(Role.COACH, username="taker")
    user_access_changed(actor=actor, request=rf.get("/"), user=target, roles_before=set(),
                        roles_after={"superuser"}, team_before=None, team_after=None)
    given = Notification.objects.get(recipient=reader, url__contains=f"/{target.pk}/")
    with translation.override("fi"):
        assert "Pääkäyttäjä (kaikki oikeudet)" in given.text
    with translation.override("sv"):
        assert "Superanvändare (alla rättigheter)" in given.text and "Pääkäyttäjä" not in given.text


def test_a_notification_stored_as_text_keeps_its_text(make_user, login):
    member = make_user(Role.WORKING_GROUP, username="wg")
    Notification.objects.create(recipient=member, message="Seurantaraportti 10/2026 on valmis.")
    assert "Seurantaraportti 10/2026 on valmis." in front_page(login, member, "sv")
    broken = Notification.objects.create(recipient=member, message="Teksti", text_json={"msgid": "%(missing)s x",
                                                                                         "params": {"other": 1}})
    assert broken.text == "Teksti"  # a parameter that does not fit: the text as it was made, never an error
