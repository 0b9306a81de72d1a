"""The client's text messages page, cancelling, the gateway's delivery reports, the refusal on the client form."""

import json

import pytest
from django.urls import reverse

from joutsa_tyollisyys.models import AccessLogEntry
from messaging import services
from messaging.models import TextMessage
from tests.factories import ClientFactory, Role

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-token-for-the-gateway"


@pytest.fixture
def client_of(coach):
    return ClientFactory(responsible_worker=coach)


@pytest.fixture
def sent(coach, client_of, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_text_message(actor=coach, client=client_of, body="Tervetuloa", purpose="invitation",
                                              key="v1")
    message.refresh_from_db()
    return message


def test_the_coach_sees_the_clients_messages_and_the_read_is_logged(coach, client_of, sent, login):
    page = login(coach).get(reverse("messaging:client", args=[client_of.pk])).content.decode()
    assert "Tervetuloa" in page and "+358401234567" in page and "Lähetetty" in page
    assert AccessLogEntry.objects.filter(client_id=client_of.pk, what="client's text messages").exists()


def test_the_client_page_has_the_section(coach, client_of, sent, login):
    page = login(coach).get(reverse("clients:detail", args=[client_of.pk])).content.decode()
    assert reverse("messaging:client", args=[client_of.pk]) in page and "Kutsu · lähetetty" in page


@pytest.mark.parametrize("role", [Role.OFFICE_CLERK, Role.ADMIN, Role.WORKING_GROUP])
def test_others_may_not_see_them(make_user, client_of, sent, login, role):
    http = login(make_user(role, username="other"))
    assert http.get(reverse("messaging:client", args=[client_of.pk])).status_code == 403
    assert http.post(reverse("messaging:cancel", args=[sent.pk])).status_code == 403


def test_a_queued_message_is_cancelled_from_the_page(coach, client_of, login):
    message = services.queue_text_message(actor=coach, client=client_of, body="Hei", purpose="other", key="c1")
    http = login(coach)
    page = http.get(reverse("messaging:client", args=[client_of.pk])).content.decode()
    assert reverse("messaging:cancel", args=[message.pk]) in page
    response = http.post(reverse("messaging:cancel", args=[message.pk]), {"confirmed": "1"}, follow=True)
    assert "ei lähetetä" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "cancelled"


def test_a_sent_message_cannot_be_cancelled(coach, sent, login):
    response = login(coach).post(reverse("messaging:cancel", args=[sent.pk]), {"confirmed": "1"}, follow=True)
    assert "ei voi enää perua" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "sent"


def report(http, body, token=TOKEN, content_type="application/json"):
    return http.post(reverse("messaging:delivery_status"), json.dumps(body) if content_type.endswith("json") else body,
                     content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_gateway_reports_delivery(client, sent, settings):
    settings.SMS_STATUS_TOKEN = TOKEN
    response = report(client, {"id": sent.gateway_id, "status": "DELIVRD"})
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == "delivered"
    assert report(client, {"id": sent.gateway_id, "status": "failed"}).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "delivered"  # a late failure does not undo a delivery


def test_the_gateway_reports_a_failure_as_a_form(client, sent, settings, coach, login):
    settings.SMS_STATUS_TOKEN = TOKEN
    response = client.post(reverse("messaging:delivery_status"), {"id": sent.gateway_id, "status": "undelivered",
                                                                   "error": "absent subscriber"},
                           HTTP_X_SMS_TOKEN=TOKEN)
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == "failed" and sent.error == "Undelivered: absent subscriber"
    page = login(coach).get(reverse("messaging:client", args=[sent.client_id])).content.decode()
    assert "Välityspalvelu ei saanut viestiä perille" in page and "absent subscriber" not in page


@pytest.mark.parametrize("token, configured", [("wrong", TOKEN), ("", TOKEN), ("", ""), (TOKEN[:-1], TOKEN)])
def test_a_report_without_the_right_token_is_refused(client, sent, settings, token, configured):
    settings.SMS_STATUS_TOKEN = configured
    assert report(client, {"id": sent.gateway_id, "status": "delivered"}, token=token).status_code == 403
    sent.refresh_from_db()
    assert sent.status == "sent"


@pytest.mark.parametrize("body, code", [
    ({"id": "nobody", "status": "delivered"}, 404),
    ({"id": "", "status": "delivered"}, 400),
    ({"status": "delivered"}, 400),
    ({"id": "x", "status": "exploded"}, 400),
])
def test_bad_reports(client, sent, settings, body, code):
    settings.SMS_STATUS_TOKEN = TOKEN
    assert report(client, body).status_code == code


def test_a_report_that_is_not_json(client, sent, settings):
    settings.SMS_STATUS_TOKEN = TOKEN
    response = client.post(reverse("messaging:delivery_status"), "{not json", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 400


def test_the_report_needs_no_csrf_token_and_only_post(sent, settings):
    from django.test import Client

    settings.SMS_STATUS_TOKEN = TOKEN
    http = Client(enforce_csrf_checks=True)
    assert report(http, {"id": sent.gateway_id, "status": "delivered"}).status_code == 200
    assert http.get(reverse("messaging:delivery_status")).status_code == 405


def edit(http, client, **changes):
    data = {"first_name": client.first_name, "last_name": client.last_name, "language": client.language,
            "phone": client.phone, "email": "", "street_address": client.street_address,
            "postal_code": client.postal_code, "post_office": client.post_office, "main_income": client.main_income,
            "version": client.version} | changes
    return http.post(reverse("clients:edit", args=[client.pk]), {k: v for k, v in data.items() if v is not False})


def test_the_refusal_is_recorded_with_the_day_and_the_worker(coach, client_of, login):
    http = login(coach)
    form = http.get(reverse("clients:edit", args=[client_of.pk])).content.decode()
    assert 'name="text_messages_refused"' in form
    assert edit(http, client_of, text_messages_refused="on").status_code == 302
    client_of.refresh_from_db()
    assert client_of.text_messages_refused and client_of.text_messages_refused_by == coach
    assert client_of.text_messages_refused_on is not None
    page = http.get(reverse("clients:detail", args=[client_of.pk])).content.decode()
    assert "kieltäytynyt tekstiviesteistä" in page
    assert edit(http, client_of, text_messages_refused=False).status_code == 302
    client_of.refresh_from_db()
    assert not client_of.text_messages_refused and client_of.text_messages_refused_on is None


@pytest.mark.parametrize("typed, stored", [
    ("0401234567", "+358 40 1234567"), ("+358 50 987 6543", "+358 50 9876543"), ("014 123 456", "+358 14 123456"),
    ("", ""),
])
def test_the_form_stores_a_phone_number_in_one_form(coach, client_of, login, typed, stored):
    assert edit(login(coach), client_of, phone=typed).status_code == 302
    client_of.refresh_from_db()
    assert client_of.phone == stored


@pytest.mark.parametrize("typed", ["12345", "puhelin", "040 123 45678 9"])
def test_the_form_refuses_what_is_not_a_phone_number(coach, client_of, login, typed):
    response = edit(login(coach), client_of, phone=typed, first_name="Muutettu")
    assert response.status_code == 200 and "ei ole kelvollinen puhelinnumero" in response.content.decode()
    client_of.refresh_from_db()
    assert client_of.first_name != "Muutettu"


def test_an_old_number_that_does_not_parse_does_not_stop_other_changes(coach, client_of, login):
    type(client_of).objects.filter(pk=client_of.pk).update(phone="040-123 (äiti)")
    client_of.refresh_from_db()
    assert edit(login(coach), client_of, first_name="Muutettu").status_code == 302
    client_of.refresh_from_db()
    assert client_of.first_name == "Muutettu" and client_of.phone == "040-123 (äiti)"
    assert not TextMessage.objects.exists()


def test_admin_lists_texts_read_only_without_number_or_text(make_user, coach, client_of, login):
    sent = services.queue_text_message(actor=coach, client=client_of, body="Salainen sisältö", purpose="other",
                                       key="admin-key-1")
    admin = make_user(Role.ADMIN, username="admin", is_staff=True)
    http = login(admin)
    response = http.get(reverse("admin:messaging_textmessage_changelist"))
    page = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "admin-key-1" in page and "Salainen" not in page and "+358401234567" not in page
    detail = http.get(reverse("admin:messaging_textmessage_change", args=[sent.pk]))
    assert detail.status_code == 200 and "Salainen" not in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert http.get(reverse("admin:messaging_textmessage_add")).status_code == 403
    assert http.post(reverse("admin:messaging_textmessage_delete", args=[sent.pk]), {"post": "yes"}).status_code == 403
    assert TextMessage.objects.filter(pk=sent.pk).exists()
