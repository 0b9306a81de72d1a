"""Invitation rounds: making, printing, sending, cancelling and following up (services)."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from clients.models import Invitation, Meeting
from clients.services import meeting_log, meeting_record_no_show
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.workdays import is_working_day
from outreach import services
from outreach.models import InvitationRound, RoundMember
from tests.factories import ClientFactory, MeetingFactory

from .conftest import members

pytestmark = pytest.mark.django_db


def _round(actor, clients, template, first_day, channel="letter", **kwargs):
    return services.round_create(actor=actor, members=members(clients, channel), template_id=template.pk,
                                 timing=kwargs.pop("timing", "slot"), place="TyöVarikko, Länsitie 5",
                                 first_day=first_day, **kwargs)


def _messages(error):
    return " ".join(error.value.messages)


def test_empty_selection_is_refused_in_finnish(counsellor, template, first_day):
    with pytest.raises(ValidationError) as error:
        _round(counsellor, [], template, first_day)
    assert "Valitse vähintään yksi kutsuttava henkilö." in _messages(error)
    assert not InvitationRound.objects.exists()


def test_missing_address_is_refused_by_name_and_nothing_is_saved(counsellor, template, first_day, make_clients):
    clients = make_clients(3)
    clients[1].street_address = ""
    clients[1].save()
    with pytest.raises(ValidationError) as error:
        _round(counsellor, clients, template, first_day)
    assert "Kirjeelle ei ole käyttökelpoista postiosoitetta: Etu1 Suku001." in _messages(error)
    assert not InvitationRound.objects.exists()
    assert not Meeting.objects.exists()
    assert not RoundMember.objects.exists()


def test_a_postal_code_that_is_not_five_digits_is_not_usable():
    assert services.has_usable_address(ClientFactory.build(postal_code="19650"))
    assert not services.has_usable_address(ClientFactory.build(postal_code="1965"))
    assert not services.has_usable_address(ClientFactory.build(post_office=" "))


def test_text_without_a_phone_number_is_refused(counsellor, template, first_day, make_clients):
    clients = make_clients(2, phone="")
    with pytest.raises(ValidationError) as error:
        _round(counsellor, clients, template, first_day, channel="text")
    assert "Tekstiviestille ei ole puhelinnumeroa" in _messages(error)
    assert not InvitationRound.objects.exists()


def test_a_coach_cannot_invite_another_teams_client(team_coach, make_user, template, first_day):
    other = make_user(Role.COACH, username="other", team=__import__("tests.factories").factories.TeamFactory(name="B"))
    theirs = ClientFactory(responsible_worker=other)
    with pytest.raises(ValidationError) as error:
        _round(team_coach, [theirs], template, first_day)
    assert "toisen tiimin asiakkaita" in _messages(error)


def test_clerk_cannot_make_a_round(make_user, template, first_day, make_clients):
    with pytest.raises(PermissionDenied):
        _round(make_user(Role.OFFICE_CLERK, username="clerk"), make_clients(1), template, first_day)


def test_proposed_times_are_free_working_day_office_hours(counsellor, template, first_day, make_clients):
    busy = timezone.make_aware(datetime.combine(first_day, time(9, 0)))
    MeetingFactory(client=ClientFactory(), worker=counsellor, status="planned", starts_at=busy, duration_minutes=60)
    invitation_round = _round(counsellor, make_clients(12), template, first_day)
    times = sorted(RoundMember.objects.filter(round=invitation_round).values_list("starts_at", flat=True))
    assert len(set(times)) == 12
    for start in times:
        local = timezone.localtime(start)
        assert is_working_day(local.date()) and time(9, 0) <= local.time() and \
            (local + timedelta(minutes=45)).time() <= time(15, 30)
        assert not busy <= start < busy + timedelta(minutes=60)  # not over the meeting already booked
    assert timezone.localtime(times[0]).time() == time(10, 0)
    # the round holds its times: another round of the same worker gets others
    second = _round(counsellor, make_clients(1), template, first_day)
    assert second.members.get().starts_at not in times
    # the meetings are planned when the round is sent (a round never sent leaves none, and no reminders)
    assert Meeting.objects.filter(worker=counsellor, status="planned").count() == 1
    services.letters_render(round_id=invitation_round.pk)
    services.round_send(actor=counsellor, round_id=invitation_round.pk)
    planned = Meeting.objects.filter(worker=counsellor, status="planned").exclude(starts_at=busy)
    assert sorted(planned.values_list("starts_at", flat=True)) == times
    assert all(m.meeting_id for m in invitation_round.members.all())


def test_a_proposed_time_already_past_stops_the_send(counsellor, template, first_day, make_clients):
    invitation_round = _round(counsellor, make_clients(2), template, first_day)
    services.letters_render(round_id=invitation_round.pk)
    member = invitation_round.members.first()
    RoundMember.objects.filter(pk=member.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        services.round_send(actor=counsellor, round_id=invitation_round.pk)
    assert f"{member.client.full_name}: ehdotettu aika on jo mennyt" in _messages(error)
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


def test_call_us_round_books_no_meeting_and_says_call_us(counsellor, template, make_clients):
    invitation_round = services.round_create(actor=counsellor, members=members(make_clients(2), "text"),
                                             template_id=template.pk, timing="call_us")
    member = invitation_round.members.first()
    assert member.starts_at is None and member.meeting is None
    assert "soita meille, niin sovitaan aika" in member.message
    assert not Meeting.objects.exists()


def test_message_is_in_the_clients_language(counsellor, template, first_day, make_clients):
    fi, sv = make_clients(2)
    sv.language = "sv"
    sv.save()
    invitation_round = _round(counsellor, [fi, sv], template, first_day, channel="text")
    by_client = {m.client_id: m for m in invitation_round.members.all()}
    assert by_client[fi.pk].message.startswith("Hei Etu0!")
    assert by_client[sv.pk].message.startswith("Hej Etu1!")
    assert " klo " in by_client[fi.pk].message and " kl. " in by_client[sv.pk].message


def test_letters_pdf_has_one_letter_per_person_with_name_address_and_time(counsellor, template, first_day,
                                                                          make_clients):
    clients = make_clients(3)
    invitation_round = _round(counsellor, clients, template, first_day)
    services.letters_start(actor=counsellor, round_id=invitation_round.pk)  # eager here
    invitation_round.refresh_from_db()
    assert invitation_round.letters_status == "done" and invitation_round.letters_count == 3
    pages = PdfReader(io.BytesIO(bytes(invitation_round.letters_pdf))).pages
    assert len(pages) == 3
    for page, member in zip(pages, invitation_round.members.order_by("client__last_name"), strict=True):
        text = page.extract_text()
        local = timezone.localtime(member.starts_at)
        assert f"{member.client.first_name} {member.client.last_name}" in text
        assert "Länsitie 1" in text and "19650 JOUTSA" in text
        assert f"{local:%d.%m.%Y} klo {local:%H.%M}" in text
        assert "Joutsan kunta" in text
    logged = set(AccessLogEntry.objects.filter(what="invitation round letters").values_list("client_id", flat=True))
    assert logged == {c.pk for c in clients}


def test_a_lost_address_is_listed_apart_not_printed(counsellor, template, first_day, make_clients):
    clients = make_clients(3)
    invitation_round = _round(counsellor, clients, template, first_day)
    clients[0].street_address = ""
    clients[0].save()
    services.letters_render(round_id=invitation_round.pk)
    invitation_round.refresh_from_db()
    assert invitation_round.letters_count == 2
    assert list(invitation_round.members.filter(printed=False).values_list("client_id", flat=True)) == [clients[0].pk]
    with pytest.raises(ValidationError) as error:  # a round with a letter missing is not sent as if complete
        services.round_send(actor=counsellor, round_id=invitation_round.pk)
    assert "Etu0 Suku000" in _messages(error)


def test_cancel_before_sending_frees_the_times(counsellor, template, first_day, make_clients):
    invitation_round = _round(counsellor, make_clients(2), template, first_day)
    services.round_cancel(actor=counsellor, round_id=invitation_round.pk)
    assert not Meeting.objects.exists()
    assert set(invitation_round.members.values_list("status", flat=True)) == {"cancelled"}
    with pytest.raises(ValidationError):
        services.round_cancel(actor=counsellor, round_id=invitation_round.pk)
    with pytest.raises(ValidationError):
        services.round_send(actor=counsellor, round_id=invitation_round.pk)


def test_send_letters_and_calls_makes_invitations_and_cannot_be_cancelled(counsellor, template, first_day,
                                                                           make_clients):
    clients = make_clients(3)
    chosen = members(clients[:2]) + members(clients[2:], "phone")
    invitation_round = services.round_create(actor=counsellor, members=chosen, template_id=template.pk,
                                             timing="slot", place="TyöVarikko", first_day=first_day)
    services.letters_render(round_id=invitation_round.pk)
    services.round_send(actor=counsellor, round_id=invitation_round.pk)
    assert sorted(Invitation.objects.values_list("method", flat=True)) == ["letter", "letter", "phone"]
    statuses = dict(invitation_round.members.values_list("client_id", "status"))
    assert statuses == {clients[0].pk: "sent", clients[1].pk: "sent", clients[2].pk: "to_call"}
    with pytest.raises(ValidationError) as error:
        services.round_cancel(actor=counsellor, round_id=invitation_round.pk)
    assert "Vain lähettämättömän kierroksen voi perua." in _messages(error)


def _sent_round(counsellor, template, first_day, clients, entries=None):
    invitation_round = services.round_create(actor=counsellor, members=members(clients, entries=entries),
                                             template_id=template.pk, timing="slot", place="TyöVarikko",
                                             first_day=first_day)
    services.letters_render(round_id=invitation_round.pk)
    return services.round_send(actor=counsellor, round_id=invitation_round.pk)


def test_reply_recorded_and_held_meeting_mark_contacted_in_the_review(counsellor, template, first_day,
                                                                       make_clients):
    from tests.payment_share.factories import EntryFactory

    clients = make_clients(3)
    entries = [EntryFactory(client=c) for c in clients]
    invitation_round = _sent_round(counsellor, template, first_day, clients, entries)
    by_client = {m.client_id: m for m in invitation_round.members.all()}
    services.member_record(actor=counsellor, member_id=by_client[clients[0].pk].pk, status="answered")
    entries[0].refresh_from_db()
    assert entries[0].contacted_on == timezone.localdate() and entries[0].contacted_by == counsellor
    # the proposed meeting is held: came, and contacted in the review
    meeting = by_client[clients[1].pk].meeting
    meeting.starts_at = timezone.now() - timedelta(hours=1)
    meeting.save()
    meeting_log(actor=counsellor, client_id=clients[1].pk, meeting_id=meeting.pk, starts_at=meeting.starts_at,
                kind="in_person", notes="")
    by_client[clients[1].pk].refresh_from_db()
    assert by_client[clients[1].pk].status == "came"
    entries[1].refresh_from_db()
    assert entries[1].contacted_on == timezone.localdate()
    # a missed one: did not come, not contacted
    missed = by_client[clients[2].pk].meeting
    Meeting.objects.filter(pk=missed.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    meeting_record_no_show(actor=counsellor, meeting_id=missed.pk)
    by_client[clients[2].pk].refresh_from_db()
    assert by_client[clients[2].pk].status == "no_show"
    entries[2].refresh_from_db()
    assert entries[2].contacted_on is None


def test_reply_needs_a_sent_round_and_a_known_outcome(counsellor, template, first_day, make_clients):
    invitation_round = _round(counsellor, make_clients(1), template, first_day)
    member = invitation_round.members.get()
    with pytest.raises(ValidationError):
        services.member_record(actor=counsellor, member_id=member.pk, status="answered")
    services.letters_render(round_id=invitation_round.pk)
    services.round_send(actor=counsellor, round_id=invitation_round.pk)
    with pytest.raises(ValidationError):
        services.member_record(actor=counsellor, member_id=member.pk, status="sent")


def test_texts_are_checked_before_anything_is_saved(counsellor, template, first_day, make_clients):
    ok, refused, landline = make_clients(3)
    refused.text_messages_refused = True
    refused.save()
    landline.phone = "014 123 456"
    landline.save()
    with pytest.raises(ValidationError) as error:
        _round(counsellor, [ok, refused, landline], template, first_day, channel="text")
    text = _messages(error)
    assert "Etu1 Suku001" in text and "Etu2 Suku002" in text and "Etu0 Suku000" not in text
    assert not InvitationRound.objects.exists() and not Meeting.objects.exists()


def test_sending_queues_one_text_per_person_once(counsellor, template, first_day, make_clients,
                                                 django_capture_on_commit_callbacks):
    from messaging.backends import locmem
    from messaging.models import TextMessage

    clients = make_clients(2)
    invitation_round = _round(counsellor, clients, template, first_day, channel="text")
    assert invitation_round.letters_status == "none"
    with django_capture_on_commit_callbacks(execute=True):
        services.round_send(actor=counsellor, round_id=invitation_round.pk)
    assert len(locmem.outbox) == 2
    assert {m.status for m in TextMessage.objects.all()} == {"sent"}
    assert all(m.text_message_id for m in invitation_round.members.all())
    assert "Hei Etu0!" in locmem.outbox[0].body + locmem.outbox[1].body
    assert sorted(Invitation.objects.values_list("method", flat=True)) == ["text", "text"]
    assert set(AccessLogEntry.objects.filter(what="text message").values_list("client_id", flat=True)) == \
        {c.pk for c in clients}
    with pytest.raises(ValidationError):  # a second send: nothing more
        services.round_send(actor=counsellor, round_id=invitation_round.pk)
    assert len(locmem.outbox) == 2


def test_a_text_refused_after_the_round_was_made_stops_the_whole_send(counsellor, template, first_day,
                                                                      make_clients,
                                                                      django_capture_on_commit_callbacks):
    from messaging.backends import locmem

    clients = make_clients(2)
    invitation_round = _round(counsellor, clients, template, first_day, channel="text")
    clients[1].text_messages_refused = True
    clients[1].save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.round_send(actor=counsellor, round_id=invitation_round.pk)
    assert "Mitään ei lähetetty." in _messages(error) and "Etu1 Suku001" in _messages(error)
    assert locmem.outbox == []
    invitation_round.refresh_from_db()
    assert invitation_round.status == "prepared" and not Invitation.objects.exists()


def test_address_sits_in_the_window_of_a_c5_dl_envelope(counsellor, template, first_day, make_clients):
    """The recipient's name starts 20 mm from the left edge and 45–50 mm from the top (A4: 595 × 842 pt)."""
    invitation_round = _round(counsellor, make_clients(1), template, first_day)
    services.letters_render(round_id=invitation_round.pk)
    invitation_round.refresh_from_db()
    page = PdfReader(io.BytesIO(bytes(invitation_round.letters_pdf))).pages[0]
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if "Etu0 Suku000" in text:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    x, y = found[0]
    mm = 72 / 25.4
    assert abs(x - 20 * mm) < 1 * mm
    assert 45 * mm < float(page.mediabox.height) - y < 50 * mm
