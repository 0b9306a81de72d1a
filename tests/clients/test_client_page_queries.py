"""The client page and the front page with every app's section / panel filled: a fixed number of SQL
queries, however many rows each section has (issue 8, "Scale and speed")."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activation.models import ActivationFigures
from clients.models import Consent, EmploymentPlan, Invitation, ResponsibleWorkerChange, ServiceNeedAssessment
from health_cooperation.models import PensionInvestigation
from joutsa_tyollisyys.models import AccessLogEntry, Notification
from messaging.models import TextMessage
from obligation_employment.models import ObligationCase
from payment_share.models import PaymentShareEntry
from tests.activation.factories import PlanFactory, agreed_plan
from tests.factories import ClientFactory, MeetingFactory, Role, TeamFactory
from tests.health_cooperation.factories import (
    BookingFactory,
    GuidedReferralFactory,
    HealthCheckFactory,
    HealthConsentFactory,
    NextStepFactory,
    SlotFactory,
)
from tests.matrix import persons_shown
from tests.obligation_employment.factories import eligible_client
from tests.payment_share.factories import ShareListFactory
from tests.rehab_work.factories import AgreementFactory, PlacementFactory
from tests.workshop.factories import GroupFactory, ParticipantFactory, PeriodFactory
from workshop.models import Coaching, CompetenceCertificate, GroupSession, Qualification, YouthEnrolment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate

#: Every section a coach sees on the page of a client of their own with data everywhere.
SECTIONS = [
    "activation", "meetings", "invitations", "text_messages", "health", "te_records", "rehab_work", "workshop",
    "obligation_employment", "payment_share", "consents", "workers", "history",
]


def client_with_every_section(coach, n):
    """A 58-year-old client of ``coach`` with ``n`` rows in every section of the client page."""
    client = eligible_client(responsible_worker=coach)
    today = TODAY()
    ActivationFigures.objects.create(client=client, checked_on=today, subsidy_days_12m=200, subsidy_days_total=600,
                                     income_support_months=0, receives_unemployment_benefit=True, checked_by=coach)
    HealthConsentFactory(client=client)
    placement = PlacementFactory()
    qualification = Qualification.objects.first()
    for i in range(n):
        client.phone = f"040 000 00{i:02d}"
        client.save()  # a history row
        PlanFactory(client=client, created_by=coach)
        meeting = MeetingFactory(client=client, starts_at=timezone.now() - timedelta(days=i + 1))
        Invitation.objects.create(client=client, method="letter", meeting=meeting, created_by=coach,
                                  starts_at=meeting.starts_at)
        Consent.objects.create(client=client, purpose="other", details=f"lupa {i}", given_on=today, recorded_by=coach)
        TextMessage.objects.create(client=client, phone="+358400000000", body=f"viesti {i}", purpose="invitation",
                                   key=f"page-{client.pk}-{i}", created_by=coach)
        ResponsibleWorkerChange.objects.create(client=client, worker=coach, changed_by=coach, reason=f"syy {i}")
        for model in (ServiceNeedAssessment, EmploymentPlan):
            model.objects.create(client=client, made_on=today - timedelta(days=i), made_by="TE-asiantuntija",
                                 next_update_due=today + timedelta(days=90), recorded_by=coach)
        HealthCheckFactory(client=client, referred_on=today - timedelta(days=i))
        GuidedReferralFactory(client=client)
        booking = BookingFactory(client=client, slot=SlotFactory())
        NextStepFactory(booking=booking)
        AgreementFactory(client=client, placement=placement, start_date=today - timedelta(days=30 * i + 200))
        period = PeriodFactory(client=client, placement=placement)
        Coaching.objects.create(client=client, period=period, kind="individual", start_date=today, goals="Tavoite",
                                coach=coach)
        YouthEnrolment.objects.create(client=client, intake_channel="outreach", start_date=today, strengths="Vahvuus",
                                      goals="Tavoite", coach=coach)
        ParticipantFactory(client=client, group=GroupFactory(leader=coach))
        CompetenceCertificate.objects.create(
            client=client, qualification=qualification, placement=placement, start_date=today, end_date=today,
            work_description="Puutyöt", signed_by=coach, signer_title="Valmentaja", issued_on=today,
        )
        ObligationCase.objects.create(client=client, handler=coach, status="closed",
                                      notice_date=today - timedelta(days=400 + i),
                                      allowance_end_date=today - timedelta(days=300 + i))
        share_list = ShareListFactory(month=(today.replace(day=1) - timedelta(days=31 * i)).replace(day=1))
        PaymentShareEntry.objects.create(
            share_list=share_list, month=share_list.month, client=client, benefit="työmarkkinatuki",
            paid_days=400 + i, days_in_month=21, benefit_paid=Decimal("781.41"), share_percent=Decimal(50),
            share_amount=Decimal("390.71"), contact_worker=coach,
        )
    PensionInvestigation.objects.create(client=client, responsible_worker=coach, opened_on=today)
    return client


def _page_queries(http, url):
    http.get(url)  # warm what lives longer than a request (content types, translations, the session's renewal)
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url)
    assert response.status_code == 200
    return response, len(queries)


def _rows_per_section(response):
    """How many rows each list of each section shows (the page shows what is there, not less)."""
    contexts = {item["section"].key: item["context"] for item in response.context["sections"]}
    counts = {}
    for key, context in contexts.items():
        for name, value in context.items():
            if isinstance(value, list):
                counts[f"{key}.{name}"] = len(value)
    return counts


def test_client_page_with_every_section_has_at_most_15_queries(coach, login, django_assert_max_num_queries):
    coach.team = TeamFactory(name="TyöVarikko")
    coach.save()
    client = client_with_every_section(coach, 3)
    http = login(coach)
    http.get(client.get_absolute_url())
    before = AccessLogEntry.objects.count()
    with django_assert_max_num_queries(15):
        response = http.get(client.get_absolute_url())
    assert [item["section"].key for item in response.context["sections"]] == SECTIONS
    assert AccessLogEntry.objects.count() == before + 1  # the read is logged, once
    page = response.content.decode()
    assert page.count("Kutsu · jonossa") == 3
    for text in ("lupa 2", "syy 2", "TE-asiantuntija", "Työtoimintapaikka", "Ryhmä", "Luottamuksellinen muistiinpano",
                 "Laboratoriolähete"):
        assert text in page, text


@pytest.mark.parametrize("role", [Role.SOCIAL_COUNSELLOR, Role.OFFICE_CLERK, Role.ADMIN])
def test_client_page_of_other_roles_has_at_most_15_queries(coach, make_user, login, role,
                                                           django_assert_max_num_queries):
    client = client_with_every_section(coach, 2)
    http = login(make_user(role, username=str(role)))
    http.get(client.get_absolute_url())
    with django_assert_max_num_queries(15):
        response = http.get(client.get_absolute_url())
    assert response.status_code == 200
    if role == Role.SOCIAL_COUNSELLOR:  # the client's worker too: every section
        assert [item["section"].key for item in response.context["sections"]] == SECTIONS
    else:  # basic data only: never the meeting notes
        assert "Luottamuksellinen muistiinpano" not in response.content.decode()


def test_client_page_queries_do_not_grow_with_rows(coach, login):
    coach.team = TeamFactory(name="TyöVarikko")
    coach.save()
    small, big = client_with_every_section(coach, 1), client_with_every_section(coach, 6)
    http = login(coach)
    small_response, small_count = _page_queries(http, small.get_absolute_url())
    big_response, big_count = _page_queries(http, big.get_absolute_url())
    assert small_count == big_count
    small_rows, big_rows = _rows_per_section(small_response), _rows_per_section(big_response)
    assert small_rows.keys() == big_rows.keys()
    # Lists of open items and latest items stop at 1 (the open check, the consent in force); others grow.
    grown = {name for name in big_rows if big_rows[name] > small_rows[name]}
    assert grown == {
        "activation.plans", "meetings.meetings", "invitations.invitations", "text_messages.text_messages",
        "health.open_referrals",
        "health.open_steps", "health.upcoming_bookings", "te_records.assessments", "te_records.employment_plans",
        "rehab_work.agreements", "workshop.periods", "workshop.coachings", "workshop.youth", "workshop.groups",
        "workshop.certificates", "obligation_employment.cases", "payment_share.entries", "consents.consents",
        "workers.changes", "history.rows",
    }


#: The panels of a coach's front page.
PANELS = ["my_week", "my_clients", "workshop_today", "activation", "client_due", "rehab_overdue", "payment_share",
          "pension_investigations", "sote_next_steps"]


def coach_with_every_panel(coach, n):
    """``n`` items in every list of the coach's front page (on clients of their own)."""
    today = TODAY()
    week_start = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time()))
    share_list = ShareListFactory(month=today.replace(day=1))
    for i in range(n):
        # contact details never checked; on income support, so (since the activation reform) in the queue
        client = ClientFactory(responsible_worker=coach, born=date(1975, 5, 5), main_income="income_support")
        MeetingFactory(client=client, status="planned", starts_at=week_start + timedelta(seconds=i + 1))
        ActivationFigures.objects.create(client=client, checked_on=today, subsidy_days_12m=200,
                                         subsidy_days_total=600, income_support_months=0,
                                         receives_income_support=True)
        agreed_plan(ClientFactory(responsible_worker=coach), review_by=today + timedelta(days=10))
        AgreementFactory(client=client, start_date=today - timedelta(days=170))  # final evaluation overdue
        GroupSession.objects.create(group=GroupFactory(leader=coach, name=f"Ryhmä {n}-{i}"), day=today)
        PensionInvestigation.objects.create(client=client, responsible_worker=coach, opened_on=today)
        NextStepFactory(booking=BookingFactory(client=client), responsible=coach)
        PaymentShareEntry.objects.create(
            share_list=share_list, month=share_list.month, client=client, paid_days=400, benefit_paid=Decimal(700),
            share_percent=Decimal(50), share_amount=Decimal(350), contact_worker=coach,
        )
        Notification.objects.create(recipient=coach, message=f"Viesti {i}")


def _rows_per_panel(response):
    counts = {}
    for item in response.context["panels"]:
        for name, value in item["context"].items():
            if isinstance(value, list):
                counts[f"{item['panel'].key}.{name}"] = len(value)
    counts["notifications"] = len(response.context["notifications"])
    return counts


def test_front_page_of_a_coach_has_few_queries_however_much_is_on_it(coach, make_user, login):
    http = login(coach)
    coach_with_every_panel(coach, 1)
    small, small_count = _page_queries(http, "/")
    assert [item["panel"].key for item in small.context["panels"]] == PANELS
    logged_before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    coach_with_every_panel(coach, 4)
    big, big_count = _page_queries(http, "/")
    assert small_count == big_count <= 8
    small_rows, big_rows = _rows_per_panel(small), _rows_per_panel(big)
    assert {name for name in big_rows if big_rows[name] > small_rows[name]} == {
        "my_week.meetings", "workshop_today.sessions", "my_clients.clients", "activation.queue",
        "activation.reviews", "client_due.unrecorded", "client_due.contact_checks", "rehab_overdue.evaluations",
        "pension_investigations.investigations", "sote_next_steps.steps", "notifications",
    }
    assert big.context["panels"][PANELS.index("payment_share")]["context"]["mine_open"] == 5
    # The names of clients on the front page are a read of personal data: one row per person shown.
    rows = list(AccessLogEntry.objects.filter(id__gt=logged_before).values_list("what", "client_id"))
    shown = persons_shown(big)
    assert len(shown) == 10  # the coach's 5 clients with panels' rows and 5 with a plan to review
    assert set(rows) == {("front page", client_id) for client_id in shown}
    assert len(rows) % len(shown) == 0  # one row per person per request (the page is read more than once here)
