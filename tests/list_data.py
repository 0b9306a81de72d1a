"""Rows for every list page, in ``units`` (see tests/test_list_query_counts.py).

``build(units)`` makes the users of the permission matrix's roles once, then ``units`` times the same
handful of cases: every list page shows about ``units`` times as many rows. Everything a unit makes that
a list shows carries the unit's marker ``Mittari01``, ``Mittari02`` … in a name (clients' last names,
placements, groups, …), so the test can count how many units a page shows.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH

MARKER = re.compile(r"mittari(\d\d)", re.IGNORECASE)
COACH, SOCIAL, CLERK, WG, ADMIN, YOUTH = (
    str(Role.COACH),
    str(Role.SOCIAL_COUNSELLOR),
    str(Role.OFFICE_CLERK),
    str(Role.WORKING_GROUP),
    str(Role.ADMIN),
    str(Role.YOUTH_WORKER),
)
SHARE_MONTH = date(2024, 6, 1)


def marker(unit: int) -> str:
    return f"Mittari{unit:02d}"


@dataclass
class Data:
    units: int
    users: dict
    objects: dict = field(default_factory=dict)


def _users():
    from tests.factories import TeamFactory, UserFactory

    team_a, team_b = TeamFactory(name="Tiimi A"), TeamFactory(name="Tiimi B")
    return {
        COACH: UserFactory(username="l_coach", role=Role.COACH, team=team_a),
        OTHER_COACH: UserFactory(username="l_other", role=Role.COACH, team=team_b),
        YOUTH: UserFactory(username="l_youth", role=Role.YOUTH_WORKER, team=team_a),
        SOCIAL: UserFactory(username="l_social", role=Role.SOCIAL_COUNSELLOR),
        CLERK: UserFactory(username="l_clerk", role=Role.OFFICE_CLERK),
        WG: UserFactory(username="l_wg", role=Role.WORKING_GROUP),
        ADMIN: UserFactory(username="l_admin", role=Role.ADMIN, is_staff=True),
    }


def build(units: int) -> Data:
    data = Data(units=units, users=_users())
    _shared(data)
    for unit in range(1, units + 1):
        _unit(data, unit)
    _after_units(data)
    return data


def _shared(data):
    """Objects the units add rows to: the month's payment-share list, a sote-team meeting, a group and its
    session today, a KEHA claim with a row per unit, the client whose health page is measured."""
    from clients.models import Consent
    from health_cooperation.models import SoteMeeting
    from payment_share.models import PaymentShareList
    from rehab_work.models import CompensationClaim
    from tests.factories import ClientFactory
    from tests.workshop.factories import GroupFactory

    coach, today = data.users[COACH], timezone.localdate()
    data.objects["share_list"] = PaymentShareList.objects.create(month=SHARE_MONTH, file_name="lista.csv")
    data.objects["sote_meeting"] = SoteMeeting.objects.create(
        date=today + timedelta(days=7), start_time=time(12, 0), place="Joutsan terveysasema"
    )
    data.objects["past_sote_meeting"] = SoteMeeting.objects.create(
        date=today - timedelta(days=7), start_time=time(12, 0), place="Joutsan terveysasema"
    )
    group = GroupFactory(name="Mittariryhmä", leader=coach, weekdays=str(today.isoweekday()))
    data.objects["group"] = group
    data.objects["session"] = group.sessions.create(day=today)
    data.objects["big_claim"] = CompensationClaim.objects.create(
        period_start=today.replace(day=1) - timedelta(days=60),
        period_end=today.replace(day=1) - timedelta(days=32),
        created_by=data.users[CLERK],
    )
    data.objects["health_client"] = client = ClientFactory(
        responsible_worker=coach, last_name="Terveys", first_name="Tuula", born=date(1975, 3, 3)
    )
    Consent.objects.create(client=client, purpose="health_services", given_on=date(2024, 1, 1), recorded_by=coach)


def _aware(day, at=time(10, 0)):
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def _unit(data, unit):
    from tests.factories import ClientFactory, TeamFactory, UserFactory

    coach, name = data.users[COACH], marker(unit)
    # A teammate of the coach. The marker only in the title (the admin's user list): worker choices on
    # other pages show names, and those lists must not grow by the workers alone.
    colleague = UserFactory(
        username=f"kollega{unit}", first_name="Kollega", last_name=f"K{unit}", title=f"{name} valmentaja",
        role=Role.COACH, team=coach.team,
    )
    TeamFactory(name=f"{name} tiimi")
    long_ago = date(2020, 1, 1)
    clients = {
        # The coach's own client: in nearly every list.
        "main": ClientFactory(responsible_worker=coach, last_name=name, first_name="Aino", born=date(1980, 5, 5),
                              unemployed_since=long_ago, main_income="income_support"),  # activation: 2026 law
        # The coach's client with an agreed plan to review and an agreement ending soon.
        "review": ClientFactory(responsible_worker=coach, last_name=name, first_name="Eero",
                                born=date(1979, 4, 4), unemployed_since=long_ago),
        # A teammate's client: the coach acts for them through the team (rules read the worker's team).
        "team": ClientFactory(responsible_worker=colleague, last_name=name, first_name="Tiina",
                              born=date(1985, 6, 6), unemployed_since=long_ago, main_income="income_support"),
        # A young client without a worker: the youth worker's lists, "no worker" filters, decisions.
        "new": ClientFactory(responsible_worker=None, last_name=name, first_name="Niko", born=date(2004, 2, 2),
                             status="new", unemployed_since=long_ago),
    }
    ctx = {"unit": unit, "name": name, "colleague": colleague, "clients": clients}
    for part in (_clients, _activation, _rehab_work, _obligation_employment, _payment_share, _health,
                 _workshop, _reporting, _access_log, _messaging, _outreach):
        part(data, ctx)


def _clients(data, ctx):
    from clients.models import Consent, Invitation
    from tests.factories import MeetingFactory

    coach, now = data.users[COACH], timezone.now()
    for key in ("main", "review", "team"):
        client = ctx["clients"][key]
        worker = coach if key != "team" else ctx["colleague"]
        # A meeting later this week, or earlier this week on Sundays (the coach's week and calendar feed).
        day = timezone.localdate()
        starts = _aware(day, time(8 + ctx["unit"] % 8)) + timedelta(days=1 if day.weekday() < 6 else -1)
        MeetingFactory(client=client, worker=worker, status="planned", starts_at=starts)
        MeetingFactory(client=client, worker=worker, status="held", starts_at=now - timedelta(days=20))
        Consent.objects.create(client=client, purpose="health_services", given_on=date(2024, 1, 1),
                               recorded_by=worker)
    Invitation.objects.create(client=ctx["clients"]["main"], method="letter", created_by=coach, place="TyöVarikko",
                              starts_at=now + timedelta(days=3))


def _activation(data, ctx):
    from tests.activation.factories import FiguresFactory, PlanFactory, agreed_plan

    main, review, team = ctx["clients"]["main"], ctx["clients"]["review"], ctx["clients"]["team"]
    today = timezone.localdate()
    # Meets the condition without a plan in force (the work queue); one of them with a draft.
    FiguresFactory(client=main, checked_by=data.users[COACH])
    FiguresFactory(client=team)
    PlanFactory(client=main, created_by=data.users[COACH])
    # A plan in force whose review is due (reviews due).
    agreed_plan(review, review_by=today + timedelta(days=10), created_by=data.users[COACH])
    agreed_plan(team, review_by=today - timedelta(days=3))


def _rehab_work(data, ctx):
    from rehab_work.models import Attendance, ClaimedDay, CompensationClaim, FinalEvaluation, RehabDecision
    from tests.rehab_work.factories import AgreementFactory, PlacementFactory, this_monday

    coach, clerk, today = data.users[COACH], data.users[CLERK], timezone.localdate()
    name, clients = ctx["name"], ctx["clients"]
    placement = PlacementFactory(name=f"{name} työpaikka", capacity=4)
    monday = this_monday()
    start = monday - timedelta(weeks=8)
    # Signed and in force: this week's grid, the month's totals, the claims.
    signed = AgreementFactory(client=clients["main"], placement=placement, drafted_by=coach, start_date=start,
                              weekdays="12345", signed_by=coach)
    RehabDecision.objects.create(agreement=signed, outcome="approved", decided_by=data.users[SOCIAL],
                                 decided_at=timezone.now() - timedelta(days=60))
    attendances = [
        Attendance.objects.create(agreement=signed, day=monday, status="present", recorded_by=coach),
        Attendance.objects.create(agreement=signed, day=start, status="present", recorded_by=coach),
        Attendance.objects.create(agreement=signed, day=start + timedelta(days=1), status="present",
                                  recorded_by=coach),
        Attendance.objects.create(agreement=signed, day=monday + timedelta(days=1), status="sick",
                                  recorded_by=coach),
    ]
    AgreementFactory(client=clients["team"], placement=placement, drafted_by=ctx["colleague"], start_date=start,
                     weekdays="12345")
    # Ending within two weeks without a final evaluation / with the next step open (overdue follow-up).
    AgreementFactory(client=clients["review"], placement=placement, drafted_by=coach,
                     start_date=today - timedelta(days=150), end_date=today + timedelta(days=7))
    open_step = AgreementFactory(client=clients["review"], placement=placement, drafted_by=coach,
                                 start_date=today - timedelta(days=140), end_date=today + timedelta(days=10))
    FinalEvaluation.objects.create(agreement=open_step, held_on=today - timedelta(days=1), next_step="",
                                   summary="Jatko auki", recorded_by=coach)
    # Waiting for the social counsellor's decision.
    AgreementFactory(client=clients["new"], placement=placement, status="submitted", drafted_by=coach,
                     submitted_at=timezone.now() - timedelta(days=ctx["unit"]))
    # A claim of the unit's own, and a row of the shared claim.
    claim = CompensationClaim.objects.create(period_start=start, period_end=start + timedelta(days=6),
                                             created_by=clerk, status="submitted", submitted_on=today)
    ClaimedDay.objects.create(claim=claim, attendance=attendances[1], client=clients["main"],
                              day=attendances[1].day, amount=Decimal("10.09"))
    ClaimedDay.objects.create(claim=data.objects["big_claim"], attendance=attendances[2], client=clients["main"],
                              day=attendances[2].day, amount=Decimal("10.09"))
    ctx["placement"] = placement


def _obligation_employment(data, ctx):
    from clients.models import Client
    from tests.obligation_employment.factories import FLOW, bulk_cases

    cases = bulk_cases(FLOW, clerk=data.users[CLERK], coach=data.users[COACH])
    Client.objects.filter(pk__in=[c.client_id for c in cases]).update(last_name=ctx["name"], first_name="Oskari")


def _payment_share(data, ctx):
    from tests.payment_share.factories import EntryFactory

    share_list, clients = data.objects["share_list"], ctx["clients"]
    EntryFactory(share_list=share_list, client=clients["main"], contact_worker=data.users[COACH])
    EntryFactory(share_list=share_list, client=clients["team"], paid_days=520, contacted_on=date(2024, 6, 10),
                 contacted_by=ctx["colleague"])
    EntryFactory(share_list=share_list, client=clients["new"], paid_days=300, new_client=True)


def _health(data, ctx):
    from health_cooperation import services
    from health_cooperation.models import SoteSlot
    from tests.health_cooperation.factories import (
        BookingFactory,
        GuidedReferralFactory,
        HealthCheckFactory,
        NextStepFactory,
    )

    coach, main, name, unit = data.users[COACH], ctx["clients"]["main"], ctx["name"], ctx["unit"]
    HealthCheckFactory(client=main, referred_by=coach)
    GuidedReferralFactory(client=main, sent_by=coach, reason=f"{name}: palveluntarpeen arviointi")
    meeting = data.objects["sote_meeting"]
    slot = SoteSlot.objects.create(meeting=meeting, starts_at=_aware(meeting.date, time(12)) +
                                   timedelta(minutes=20 * unit), kind="consultation", duration_minutes=20)
    booking = BookingFactory(slot=slot, client=main, brought_by=coach, topic=f"{name} työkyky")
    SoteSlot.objects.create(meeting=meeting, starts_at=_aware(meeting.date, time(14)) + timedelta(minutes=20 * unit),
                            kind="consultation", duration_minutes=20)  # free: the booking form's choices
    NextStepFactory(booking=booking, responsible=coach, description=f"{name} laboratorio")
    services.pension_investigation_open(actor=coach, client_id=main.pk, opened_on=timezone.localdate())
    # The measured health page of one client: a check, a referral and a booking more per unit.
    shared = data.objects["health_client"]
    HealthCheckFactory(client=shared, referred_by=coach, status="done", checked_on=timezone.localdate(),
                       place=f"{name} terveysasema")
    GuidedReferralFactory(client=shared, sent_by=coach, reason=f"{name}: velkaneuvonta")
    past = data.objects["past_sote_meeting"]
    past_slot = SoteSlot.objects.create(meeting=past, starts_at=_aware(past.date, time(12)) +
                                        timedelta(minutes=20 * unit), kind="consultation", duration_minutes=20)
    past_booking = BookingFactory(slot=past_slot, client=shared, brought_by=coach, topic=f"{name} selkä")
    NextStepFactory(booking=past_booking, responsible=coach, description=f"{name} fysioterapia")


def _workshop(data, ctx):
    from tests.workshop.factories import GroupFactory, ParticipantFactory, PeriodFactory
    from workshop.models import LibraryDocument, SessionAttendance

    coach, main, name, unit = data.users[COACH], ctx["clients"]["main"], ctx["name"], ctx["unit"]
    today = timezone.localdate()
    own = GroupFactory(name=f"{name} ryhmä", leader=coach, placement=ctx["placement"],
                       weekdays=str(today.isoweekday()))
    own.sessions.create(day=today)
    ParticipantFactory(group=own, client=main)
    group, session = data.objects["group"], data.objects["session"]
    ParticipantFactory(group=group, client=main)
    ParticipantFactory(group=group, client=ctx["clients"]["team"])
    SessionAttendance.objects.create(session=session, client=main, presence="present", recorded_by=coach)
    PeriodFactory(client=main, placement=ctx["placement"], coach=coach, start_date=today - timedelta(days=10))
    kinds = [value for value, _label in LibraryDocument._meta.get_field("kind").choices]
    LibraryDocument.objects.create(kind=kinds[unit % len(kinds)], version=unit, notes=name,
                                   file=f"library/{name}.txt")


def _reporting(data, ctx):
    from tests.reporting.factories import InputsFactory, ReportFactory, small_figures

    unit, colleague = ctx["unit"], ctx["colleague"]
    month = date(2021 + unit // 12, unit % 12 + 1, 1)
    ReportFactory(month=month, figures=small_figures(month, rehab_ids=[ctx["clients"]["main"].pk]),
                  created_by=colleague, finalised_by=colleague)
    ReportFactory(month=month, version=2, status="draft", figures=small_figures(month), created_by=colleague)
    InputsFactory(month=month, entered_by=colleague)


def _outreach(data, ctx):
    """A round of the unit (the list shows where it was chosen from: the marker) and the unit's clients in the
    shared big round (its page lists them)."""
    from outreach.models import InvitationRound, InvitationTemplate, RoundMember

    template = InvitationTemplate.objects.get(name="Kutsu tapaamiseen")
    coach, clients = data.users[COACH], ctx["clients"]
    if "big_round" not in data.objects:
        data.objects["big_round"] = InvitationRound.objects.create(created_by=coach, template=template,
                                                                   timing="call_us", source="clients")
    own = InvitationRound.objects.create(created_by=coach, template=template, timing="call_us", source="clients")
    RoundMember.objects.create(round=own, client=clients["main"], channel="letter")
    for key, channel in (("main", "letter"), ("review", "text"), ("new", "phone"), ("team", "letter")):
        RoundMember.objects.create(round=data.objects["big_round"], client=clients[key], channel=channel)


def _access_log(data, ctx):
    from joutsa_tyollisyys.access_log import log_access

    log_access(user=ctx["colleague"], client=ctx["clients"]["main"], what=f"{ctx['name']} client page",
               path=f"/clients/{ctx['name']}/")


def _messaging(data, ctx):
    """A text message per unit to the measured health client (its page lists them) and to the unit's client, with
    the queuer and the canceller (the page names them)."""
    from messaging.models import TextMessage

    coach = data.users[COACH]
    for key, client in (("h", data.objects["health_client"]), ("m", ctx["clients"]["main"])):
        TextMessage.objects.create(client=client, phone="+358401234567", body=f"{ctx['name']} tervetuloa",
                                   purpose="invitation", key=f"{ctx['name']}-{key}", created_by=ctx["colleague"],
                                   cancelled_by=coach, status="cancelled")


def _after_units(data):
    """The report whose drill-down list is measured: one client per unit behind its figure."""
    from clients.models import Client
    from tests.reporting.factories import ReportFactory, small_figures

    ids = list(Client.objects.filter(first_name="Aino", last_name__startswith="Mittari").values_list("pk", flat=True))
    month = date(2020, 1, 1)
    data.objects["report"] = ReportFactory(month=month, figures=small_figures(month, rehab_ids=ids),
                                           created_by=data.users[COACH])
