"""Queueing a text message: who may, to whom, what, once per key; cancelling before it is sent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joutsa_tyollisyys.models import AccessLogEntry
from messaging import services
from messaging.backends import locmem
from messaging.models import TextMessage
from tests.factories import ClientFactory, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(coach):
    return ClientFactory(responsible_worker=coach, phone="040 123 4567")


def queue(actor, client, **kwargs):
    args = {"body": "Tervetuloa tapaamiseen.", "purpose": "invitation", "key": f"test:{client.pk}"} | kwargs
    return services.queue_text_message(actor=actor, client=client, **args)


def test_a_message_is_queued_and_sent_on_commit(coach, client_of, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(coach, client_of)
    assert message.phone == "+358401234567" and message.created_by == coach
    assert [m.to for m in locmem.outbox] == ["+358401234567"]
    assert locmem.outbox[0].reference == message.key and locmem.outbox[0].body == "Tervetuloa tapaamiseen."
    message.refresh_from_db()
    assert message.status == "sent" and message.gateway_id.startswith("locmem-") and message.attempts == 1
    assert AccessLogEntry.objects.filter(client_id=client_of.pk, what="text message", action="export").count() == 1


def test_the_same_key_twice_makes_one_row_and_sends_once(coach, client_of, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(coach, client_of)
        second = queue(coach, client_of, body="Toinen teksti")
    assert first.pk == second.pk and TextMessage.objects.count() == 1 and len(locmem.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(coach, client_of, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue(coach, client_of)
            raise RuntimeError
    assert not TextMessage.objects.exists() and not locmem.outbox


@pytest.mark.parametrize("role", [Role.OFFICE_CLERK, Role.ADMIN, Role.WORKING_GROUP])
def test_only_the_clients_workers_may_text(make_user, client_of, role):
    with pytest.raises(PermissionDenied):
        queue(make_user(role, username=f"u-{role}"), client_of)
    assert not TextMessage.objects.exists()


def test_another_teams_coach_may_not(make_user, client_of):
    from tests.factories import TeamFactory

    other = make_user(Role.COACH, username="other", team=TeamFactory())
    with pytest.raises(PermissionDenied):
        queue(other, client_of)


def test_the_social_counsellor_may(make_user, client_of):
    assert queue(make_user(Role.SOCIAL_COUNSELLOR, username="sc"), client_of).pk


def test_a_client_who_refused_texts_gets_none(coach, client_of):
    client_of.text_messages_refused = True
    client_of.save()
    client_of.text_messages_refused = False  # a stale copy: the service reads the consent again
    with pytest.raises(ValidationError) as error:
        queue(coach, client_of)
    assert "kieltäytynyt tekstiviesteistä" in " ".join(error.value.messages)
    assert not TextMessage.objects.exists()


@pytest.mark.parametrize("number, words", [
    ("", "ei ole puhelinnumeroa"),
    ("12345", "ei ole kelvollinen puhelinnumero"),
    ("abc", "ei ole kelvollinen puhelinnumero"),
    ("014 123 456", "ei ole matkapuhelinnumero"),  # a landline in Joutsa
])
def test_a_number_that_is_not_a_mobile_number_is_refused(coach, client_of, number, words):
    client_of.phone = number
    client_of.save()
    with pytest.raises(ValidationError) as error:
        queue(coach, client_of)
    assert words in " ".join(error.value.messages) and "phone" in error.value.message_dict
    assert not TextMessage.objects.exists()


def test_a_number_given_overrides_the_clients(coach, client_of):
    assert queue(coach, client_of, phone="+358 50 987 6543").phone == "+358509876543"


def test_an_empty_text_is_refused(coach, client_of):
    with pytest.raises(ValidationError) as error:
        queue(coach, client_of, body="   ")
    assert "Kirjoita viestin teksti" in error.value.message_dict["body"][0]


def test_the_length_limit_on_both_sides(coach, client_of, settings):
    settings.SMS_MAX_PARTS = 2
    assert queue(coach, client_of, body="ä" * 306, key="a").pk  # two GSM parts of 153
    with pytest.raises(ValidationError) as error:
        queue(coach, client_of, body="ä" * 307, key="b")
    assert "liian pitkä" in error.value.message_dict["body"][0]
    assert queue(coach, client_of, body="€" * 134, key="c").pk  # extension characters count twice: 268 units
    with pytest.raises(ValidationError):
        queue(coach, client_of, body="☺" * 135, key="d")  # not GSM: 67 a part


def test_cancel_before_sending_and_not_after(coach, client_of, django_capture_on_commit_callbacks):
    message = queue(coach, client_of)
    message = services.cancel_text_message(actor=coach, message=message)
    assert message.status == "cancelled" and message.cancelled_by == coach
    from messaging.tasks import send_text_message

    assert send_text_message.delay(message.pk).get() == "not queued" and not locmem.outbox
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue(coach, client_of, key="other")
    with pytest.raises(ValidationError) as error:
        services.cancel_text_message(actor=coach, message=sent)
    assert "ei voi enää perua" in error.value.messages[0]
