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


def test_notifications_made_before_are_recognised_and_shown_in_the_readers_language(make_user):
    """Migration core 0009: a stored text recognised as a notification of that time (in Finnish or Swedish) gets its
    msgid and parameters; any other text stays as it is."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("joutsa_tyollisyys.migrations.0009_notifications_made_before_as_msgids")
    member = make_user(Role.WORKING_GROUP, username="wg")
    texts = ["Seurantaraportti 11/2026 on valmis.", "Uppföljningsrapporten 10/2026 är klar (version 2).",
             "Sinut on nimetty ottamaan yhteyttä 7 henkilöön maksuosuuslistalta 9/2026.", "Jokin vanha viesti"]
    with translation.override("fi"):
        texts.append(str(Text(
            "%(client)s withdrew the consent to share information with health services: %(count)s open matter was "
            "stopped.", {"client": "Aino Testi", "count": 3},
            plural="%(client)s withdrew the consent to share information with health services: %(count)s open "
            "matters were stopped.")))
    notes = [Notification.objects.create(recipient=member, message=text) for text in texts]
    migration.forwards(apps, None)
    for note in notes:
        note.refresh_from_db()
    with translation.override("sv"):
        swedish = [note.text for note in notes]
    with translation.override("fi"):
        finnish = [note.text for note in notes]
    assert swedish[0] == "Uppföljningsrapporten 11/2026 är klar."
    assert finnish[1] == "Seurantaraportti 10/2026 on valmis (versio 2)."
    assert notes[2].text_json == {"msgid": "You were asked to contact %(count)s persons on the payment-share list "
                                  "%(month)s.", "params": {"count": 7, "month": "9/2026"}}
    assert (notes[3].text_json, swedish[3]) == (None, "Jokin vanha viesti")
    assert finnish[4] == texts[4] and swedish[4].startswith("Aino Testi") and swedish[4] != texts[4]
