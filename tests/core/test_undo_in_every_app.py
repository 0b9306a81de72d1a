"""Issue 19 item 9: "Kumoa" in each app that offers it (rehabilitative work, the workshop's groups, the sote team)
goes through the app's own service and refuses when the situation changed since."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _undo_token(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no Kumoa in the page"
    return match.group(1)


def test_a_cancelled_agreement_comes_back_to_its_status(coach, login):
    from rehab_work.models import RehabAgreement
    from tests.rehab_work.factories import AgreementFactory

    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach), status="approved",
                                 start_date=timezone.localdate() + timedelta(days=14), signed_on=None)
    http = login(coach)
    url = f"/rehab/agreements/{agreement.pk}/do/cancel/"
    assert http.post(url, {"version": agreement.version}).status_code == 200  # asked first
    page = http.post(url, {"version": agreement.version, "confirmed": "1"}, follow=True)
    assert RehabAgreement.objects.get(pk=agreement.pk).status == "cancelled"
    back = http.post("/undo/", {"token": _undo_token(page)}, follow=True)
    assert "Kumottu: sopimus on taas tilassa" in back.content.decode()
    assert RehabAgreement.objects.get(pk=agreement.pk).status == "approved"


def test_a_cancelled_agreement_does_not_come_back_over_a_newer_one(coach, login):
    from rehab_work.models import RehabAgreement
    from tests.rehab_work.factories import AgreementFactory

    client = ClientFactory(responsible_worker=coach)
    start = timezone.localdate() + timedelta(days=14)
    agreement = AgreementFactory(client=client, status="approved", start_date=start, signed_on=None)
    http = login(coach)
    page = http.post(f"/rehab/agreements/{agreement.pk}/do/cancel/",
                     {"version": agreement.version, "confirmed": "1"}, follow=True)
    AgreementFactory(client=client, status="approved", start_date=start, placement=agreement.placement,
                     signed_on=None)  # the client's time was given to another agreement meanwhile
    back = http.post("/undo/", {"token": _undo_token(page)}, follow=True)
    assert "periodit eivät voi olla päällekkäin" in back.content.decode().lower() or "päällek" in \
        back.content.decode()
    assert RehabAgreement.objects.get(pk=agreement.pk).status == "cancelled"


def test_a_deleted_draft_claim_is_computed_again(make_user, login):
    from rehab_work.models import CompensationClaim
    from tests.rehab_work.factories import AgreementFactory, AttendanceFactory, ClaimFactory

    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    first = date(timezone.localdate().year, timezone.localdate().month, 1) - timedelta(days=40)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    agreement = AgreementFactory(client=ClientFactory(), start_date=monday)
    AttendanceFactory(agreement=agreement, day=monday)
    claim = ClaimFactory(period_start=first, period_end=first + timedelta(days=20), created_by=clerk)
    http = login(clerk)
    url = f"/rehab/claims/{claim.pk}/do/delete/"
    page = http.post(url, {"version": claim.version, "confirmed": "1"}, follow=True)
    assert not CompensationClaim.objects.exists()
    back = http.post("/undo/", {"token": _undo_token(page)}, follow=True)
    assert "Kumottu: tilitysluonnos ajalle" in back.content.decode(), re.findall(r'role="(?:alert|status)">([^<]*)',
                                                                              back.content.decode())
    again = CompensationClaim.objects.get()
    assert (again.period_start, again.period_end, again.status) == (claim.period_start, claim.period_end, "draft")


def test_a_client_who_left_a_group_is_back_in_it(coach, login):
    from tests.workshop.factories import GroupFactory, ParticipantFactory

    group = GroupFactory(leader=coach)
    participant = ParticipantFactory(group=group, client=ClientFactory(responsible_worker=coach))
    http = login(coach)
    url = f"/workshop/groups/{group.pk}/participants/{participant.pk}/leave/"
    assert http.post(url).status_code == 200
    participant.refresh_from_db()
    assert participant.left_on is None
    page = http.post(url, {"confirmed": "1"}, follow=True)
    participant.refresh_from_db()
    assert participant.left_on == timezone.localdate()
    http.post("/undo/", {"token": _undo_token(page)})
    participant.refresh_from_db()
    assert participant.left_on is None


def test_a_cancelled_booking_is_not_restored_when_the_slot_was_taken(coach, login):
    from health_cooperation.models import SoteBooking
    from tests.health_cooperation.factories import BookingFactory, HealthConsentFactory

    client = ClientFactory(responsible_worker=coach)
    HealthConsentFactory(client=client)
    booking = BookingFactory(client=client)
    http = login(coach)
    page = http.post(f"/health/bookings/{booking.pk}/cancel/",
                     {"reason": "Asiakas sairastui", "confirmed": "1"}, follow=True)
    token = _undo_token(page)
    other = ClientFactory(responsible_worker=coach)
    BookingFactory(client=other, slot=booking.slot)  # someone else booked the freed slot
    back = http.post("/undo/", {"token": token}, follow=True)
    assert "Tämä aika on jo varattu" in back.content.decode()
    assert SoteBooking.objects.get(pk=booking.pk).status == "cancelled"
