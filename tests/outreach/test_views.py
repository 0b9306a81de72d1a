"""The round's pages: from the review's ticked rows to the round, its letters, sending and replies."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from joutsa_tyollisyys.models import AccessLogEntry
from outreach.models import InvitationRound
from tests.payment_share.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _create_data(template, first_day, rows, **extra):
    data = {"stage": "create", "template": template.pk, "timing": "slot", "first_day": first_day.isoformat(),
            "duration_minutes": 45, "place": "TyöVarikko, Länsitie 5", "source": "payment_share",
            "member": [f"{client.pk}:{entry.pk}" for client, entry, _channel in rows]}
    for client, _entry, channel in rows:
        data[f"channel_{client.pk}"] = channel
    data.update(extra)
    return data


def test_review_rows_to_a_round_with_letters_and_texts(login, counsellor, template, first_day, make_clients,
                                                       django_capture_on_commit_callbacks):
    from messaging.backends import locmem

    people = make_clients(4)
    people[3].street_address = ""
    people[3].save()
    entries = [EntryFactory(client=c) for c in people]
    client = login(counsellor)
    # the review's ticked rows open the round's form, the person without an address offered a text
    response = client.post(reverse("outreach:round_new"), {"entries": [e.pk for e in entries]})
    page = response.content.decode()
    assert response.status_code == 200 and page.count('name="member"') == 4
    assert "ei käyttökelpoista osoitetta" in page
    assert set(AccessLogEntry.objects.filter(what="invitation round form").values_list("client_id", flat=True)) \
        == {c.pk for c in people}
    # a letter to the person without an address: refused beside the list, nothing saved
    rows = [(c, e, "letter") for c, e in zip(people, entries, strict=True)]
    response = client.post(reverse("outreach:round_new"), _create_data(template, first_day, rows))
    assert "Kirjeelle ei ole käyttökelpoista postiosoitetta: Etu3 Suku003." in response.content.decode()
    assert not InvitationRound.objects.exists()
    rows[3] = (people[3], entries[3], "text")
    response = client.post(reverse("outreach:round_new"), _create_data(template, first_day, rows))
    invitation_round = InvitationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == invitation_round.get_absolute_url()
    assert invitation_round.source_label == "Maksuosuuslista 6/2024" and invitation_round.letters_status == "done"
    page = client.get(invitation_round.get_absolute_url()).content.decode()
    assert "Kirjeet tulostettavaksi (PDF, 3 kirjettä)" in page and "hx-get" not in page
    pdf = client.get(reverse("outreach:letters_pdf", args=[invitation_round.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:round_send", args=[invitation_round.pk]), follow=True)
    assert "Kierros lähetettiin" in response.content.decode()
    assert len(locmem.outbox) == 1 and "Hei Etu3!" in locmem.outbox[0].body
    # a reply recorded moves the counts
    member = invitation_round.members.get(client=people[0])
    page = client.get(invitation_round.get_absolute_url()).content.decode()
    assert 'id="count-sent">4<' in page
    client.post(reverse("outreach:member_record", args=[member.pk]), {"status": "answered"})
    page = client.get(invitation_round.get_absolute_url()).content.decode()
    assert 'id="count-sent">3<' in page and 'id="count-answered">1<' in page and 'id="count-reached">1<' in page
    entries[0].refresh_from_db()
    assert entries[0].contacted_on is not None


def test_the_review_offers_the_round_to_those_who_may_make_one(login, counsellor, make_user):
    from joutsa_tyollisyys.roles import Role

    EntryFactory()
    client = login(counsellor)
    page = client.get(reverse("payment_share:review")).content.decode()
    assert "Kutsu valitut henkilöt" in page and "source=review" in page
    client = login(make_user(Role.OFFICE_CLERK, username="clerk"))
    page = client.get(reverse("payment_share:review")).content.decode()
    assert "Kutsu valitut henkilöt" not in page


def test_preset_selection_no_responsible_worker(login, counsellor, team_coach):
    EntryFactory(client__responsible_worker=None, client__last_name="Vapaa")
    EntryFactory(client__responsible_worker=team_coach, client__last_name="Varattu")
    client = login(counsellor)
    page = client.get(reverse("outreach:round_new") + "?source=review&no_worker=on").content.decode()
    assert "Vapaa" in page and "Varattu" not in page


def test_unknown_or_bad_member_ids_are_404_not_500(login, counsellor):
    client = login(counsellor)
    response = client.post(reverse("outreach:round_new"), {"stage": "create", "member": ["x:1"]})
    assert response.status_code == 404


def test_client_list_filters_choose_the_persons(login, counsellor, make_clients):
    from tests.factories import ClientFactory

    ClientFactory(last_name="Uusi", status="new")
    ClientFactory(last_name="Vanha", status="active")
    client = login(counsellor)
    listing = client.get(reverse("clients:list"), {"status": "new"}).content.decode()
    assert "source=clients&amp;status=new" in listing
    page = client.get(reverse("outreach:round_new") + "?source=clients&status=new").content.decode()
    assert "Uusi" in page and "Vanha" not in page and "Valittu: Asiakaslista" in page


def test_round_page_polls_while_the_letters_are_printed(login, counsellor, template, make_clients):
    from outreach import services

    invitation_round = services.round_create(actor=counsellor, members=[{"client_id": c.pk, "channel": "letter"}
                                                                        for c in make_clients(1)],
                                             template_id=template.pk, timing="call_us")
    client = login(counsellor)
    page = client.get(invitation_round.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    services.letters_render(round_id=invitation_round.pk)
    fragment = client.get(reverse("outreach:letters_progress", args=[invitation_round.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "hx-trigger" not in fragment.content.decode()
