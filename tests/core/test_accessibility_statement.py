"""The accessibility statement (law 306/2019): reachable by anyone from every page's footer, in Finnish and
Swedish, with a feedback form whose message reaches the administrators."""

import pytest
from django.core import mail
from django.urls import reverse

from joutsa_tyollisyys.models import AccessibilityFeedback, Notification
from joutsa_tyollisyys.roles import Role

pytestmark = pytest.mark.django_db


def test_statement_is_open_to_anyone_and_linked_from_every_page(client, coach):
    url = reverse("accessibility")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<h1" in body and "Saavutettavuusseloste" in body
    assert "WCAG 2.1" in body and "14 päivän" in body and "Lupa- ja valvontavirasto" in body
    assert f'href="{url}"' in client.get("/accounts/login/").content.decode()
    client.force_login(coach)
    assert f'href="{url}"' in client.get("/").content.decode()


def test_statement_in_swedish(client):
    client.cookies["django_language"] = "sv"
    body = client.get(reverse("accessibility")).content.decode()
    assert "Tillgänglighetsutlåtande" in body and "Skicka respons" in body


def test_feedback_reaches_every_administrator(client, make_user):
    admins = [make_user(role=Role.ADMIN, email=f"admin{i}@joutsa.example") for i in range(2)]
    make_user(role=Role.COACH, email="coach@joutsa.example")
    response = client.post(reverse("accessibility"), {"message": "Kalenterin painikkeet eivät toimi näppäimistöllä.",
                                                      "contact": "anna@example.fi"}, follow=True)
    assert "Kiitos. Palautteesi lähetettiin" in response.content.decode()
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.contact == "anna@example.fi" and feedback.sent_by is None
    assert set(Notification.objects.values_list("recipient", flat=True)) == {a.pk for a in admins}
    assert sorted(m.to[0] for m in mail.outbox) == ["admin0@joutsa.example", "admin1@joutsa.example"]
    assert all("Kalenterin" not in m.body for m in mail.outbox)  # the text is read in Administration


def test_empty_feedback_is_refused_beside_the_field(client):
    response = client.post(reverse("accessibility"), {"message": "  ", "contact": ""})
    assert response.status_code == 200
    assert "Tämä kenttä vaaditaan" in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_administrator_reads_the_feedback(client, make_user):
    admin = make_user(role=Role.ADMIN, is_staff=True)
    AccessibilityFeedback.objects.create(message="Kontrasti on liian heikko.")
    client.force_login(admin)
    listing = client.get(reverse("admin:core_accessibilityfeedback_changelist"))
    assert listing.status_code == 200
