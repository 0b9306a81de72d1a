"""Demo data: consents, health checks over two years, the sote team's meetings (half a year back and the
coming ones) with booked cases and next steps, guided referrals and a few pension investigations."""

from datetime import time, timedelta

from django.utils import timezone

from clients.enums import ClientStatus, ConsentPurpose
from clients.models import Consent

from . import rules
from .enums import (
    BookingStatus,
    ExaminationStatus,
    HealthCheckStatus,
    InvestigationOutcome,
    InvestigationStatus,
    NextStepStatus,
    ReferralStatus,
    ReferralTarget,
    SlotKind,
    WorkCapacity,
)
from .models import (
    ExaminationType,
    GuidedReferral,
    HealthCheckReferral,
    PensionExamination,
    PensionInvestigation,
    SoteBooking,
    SoteNextStep,
    SoteSlot,
    SoteTeamSchedule,
)
from .services import materialise_schedule

PLACE = "Joutsan terveysasema, Jousitie 10"
NOTES = {
    WorkCapacity.REDUCED: [
        "Tuki- ja liikuntaelinvaivoja: kevyt työ sopii, ei nostoja.",
        "Uniapnea hoidossa; vuorotyö ei sovi.",
    ],
    WorkCapacity.UNABLE: ["Vaikea masennus, hoito aikuispsykiatrialla. Työkyvyttömyyden arvio jatkuu."],
    WorkCapacity.UNCLEAR: [
        "Jatkotutkimukset: laboratoriokokeet ja lääkärin vastaanotto.",
        "Muistioireita, muistitestit sovittu.",
    ],
}
TOPICS = [
    "Pitkittyneet selkäkivut ja työkyky: mitä tutkimuksia vielä tarvitaan?",
    "Eläkeselvittely: perusterveydenhuollon tutkimukset puuttuvat osin.",
    "Päihteiden käyttö vaarantaa kuntouttavan työtoiminnan.",
    "Mieliala heikentynyt, tarvitaanko mielenterveyspalveluja?",
    "Kelan kuntoutukseen hakeutuminen (TEAK tai kuntoutuskurssi).",
]
STEPS = [
    "Laboratoriolähete terveyskeskukseen",
    "Aika terveyskeskuslääkärille",
    "Ohjaus päihdetyöntekijälle",
    "Kelan kuntoutushakemus yhdessä asiakkaan kanssa",
    "Fysioterapeutin arvio",
    "B-lausunnon pyyntö",
]
REASONS = {
    ReferralTarget.SOCIAL_COUNSELLOR: "Toimeentulo- ja asumishuolet: palveluntarpeen arviointi.",
    ReferralTarget.SUBSTANCE_ABUSE: "Alkoholin käyttö vaikuttaa osallistumiseen, asiakas haluaa apua.",
    ReferralTarget.MENTAL_HEALTH: "Ahdistus ja unettomuus pahentuneet, asiakas toivoo keskusteluapua.",
    ReferralTarget.KELA_REHABILITATION: "Työkyvyn tueksi ammatillinen kuntoutusselvitys Kelan kautta.",
}


def _create_schedule(ctx):
    first = ctx.today - timedelta(days=400)
    return SoteTeamSchedule.objects.create(
        name="Joutsan sote-tiimi",
        weekday=3,
        first_on=first,
        start_time=time(12, 0),
        place=PLACE,
    )


def _consents(ctx, clients):
    rng, today = ctx.rng, ctx.today
    rows = []
    for client in clients:
        if client.responsible_worker_id is None or rng.random() > 0.6:
            continue
        given = today - timedelta(days=rng.randint(20, 700))
        withdrawn = today - timedelta(days=rng.randint(1, 15)) if rng.random() < 0.04 else None
        rows.append(
            Consent(
                client=client,
                purpose=ConsentPurpose.HEALTH_SERVICES,
                given_on=given,
                withdrawn_on=withdrawn,
                recorded_by_id=client.responsible_worker_id,
                details="Terveystarkastus ja sote-tiimi",
            )
        )
    Consent.objects.bulk_create(rows, batch_size=2000)
    return {c.client_id: c for c in rows if c.withdrawn_on is None}


def _health_checks(ctx, clients, consents):
    rng, today = ctx.rng, ctx.today
    rows = []
    for client in clients:
        consent = consents.get(client.pk)
        if consent is None or not rules.is_long_term_unemployed(client.unemployed_since, today):
            continue
        roll = rng.random()
        if roll < 0.55:  # a check done some time in the last two years
            checked = today - timedelta(days=rng.randint(10, 720))
            referred = max(consent.given_on, checked - timedelta(days=rng.randint(14, 45)))
            capacity = rng.choices(list(WorkCapacity.values), weights=[45, 35, 8, 12])[0]
            received = checked + timedelta(days=rng.randint(3, 14))
            rows.append(
                HealthCheckReferral(
                    client=client,
                    consent=consent,
                    status=HealthCheckStatus.DONE,
                    referred_on=referred,
                    referred_by_id=client.responsible_worker_id,
                    place="Joutsan terveysasema",
                    referral_form_sent_on=referred,
                    appointment_on=checked,
                    checked_on=checked,
                    feedback_form_received_on=min(received, today),
                    feedback_sent_to_te_on=min(received + timedelta(days=2), today),
                    work_capacity=capacity,
                    work_capacity_note=rng.choice(NOTES.get(capacity, [""])),
                )
            )
        elif roll < 0.7:  # referred, waiting for the check
            referred = today - timedelta(days=rng.randint(1, 40))
            rows.append(
                HealthCheckReferral(
                    client=client,
                    consent=consent,
                    referred_on=max(referred, consent.given_on),
                    referred_by_id=client.responsible_worker_id,
                    place="Joutsan terveysasema",
                    referral_form_sent_on=max(referred, consent.given_on) if rng.random() < 0.7 else None,
                    appointment_on=today + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.6 else None,
                )
            )
    HealthCheckReferral.objects.bulk_create(rows, batch_size=2000)


def _guided_referrals(ctx, clients, consents):
    rng, today = ctx.rng, ctx.today
    rows = []
    for client in clients:
        consent = consents.get(client.pk)
        if consent is None or rng.random() > 0.12:
            continue
        target = rng.choices(list(ReferralTarget.values), weights=[40, 20, 25, 15])[0]
        sent = max(today - timedelta(days=rng.randint(1, 200)), consent.given_on)
        status = rng.choices(
            [ReferralStatus.SENT, ReferralStatus.RECEIVED, ReferralStatus.DONE], [25, 25, 50]
        )[0]
        received = (
            min(sent + timedelta(days=rng.randint(1, 10)), today) if status != ReferralStatus.SENT else None
        )
        done = (
            min(received + timedelta(days=rng.randint(5, 40)), today)
            if status == ReferralStatus.DONE
            else None
        )
        rows.append(
            GuidedReferral(
                client=client,
                consent=consent,
                target=target,
                reason=REASONS[target],
                status=status,
                sent_on=sent,
                sent_by_id=client.responsible_worker_id,
                received_on=received,
                done_on=done,
                receiver="Sosiaaliohjaaja" if target == ReferralTarget.SOCIAL_COUNSELLOR else "",
            )
        )
    GuidedReferral.objects.bulk_create(rows, batch_size=2000)


def _sote_cases(ctx, schedule, clients, consents):
    rng, now = ctx.rng, timezone.now()
    candidates = [c for c in clients if c.pk in consents and c.status == ClientStatus.ACTIVE]
    if not candidates:
        return
    slots = (
        SoteSlot.objects.filter(meeting__schedule=schedule).select_related("meeting").order_by("starts_at")
    )
    booked = set()
    for slot in slots:
        past = slot.starts_at < now
        client = rng.choice(candidates)
        if rng.random() > (0.6 if past else 0.3) or (slot.meeting_id, client.pk) in booked:
            continue
        booked.add((slot.meeting_id, client.pk))
        booking = SoteBooking.objects.create(
            slot=slot,
            client=client,
            consent=consents[client.pk],
            brought_by_id=client.responsible_worker_id,
            topic=rng.choice(TOPICS),
            client_permission_on=slot.meeting.date - timedelta(days=rng.randint(1, 10))
            if slot.kind == SlotKind.CONSULTATION
            else None,
            status=BookingStatus.HANDLED if past else BookingStatus.BOOKED,
            outcome="Tiimi suositteli jatkotutkimuksia ja ohjausta; vastuutyöntekijä vie asiaa eteenpäin."
            if past
            else "",
        )
        if past:
            for description in rng.sample(STEPS, rng.randint(1, 3)):
                due = slot.meeting.date + timedelta(days=rng.randint(7, 45))
                done = due < ctx.today and rng.random() < 0.8
                SoteNextStep.objects.create(
                    booking=booking,
                    description=description,
                    responsible_id=booking.brought_by_id,
                    due_on=due,
                    status=NextStepStatus.DONE if done else NextStepStatus.OPEN,
                    done_on=due - timedelta(days=rng.randint(0, 5)) if done else None,
                    done_by_id=booking.brought_by_id if done else None,
                )


def _pension_investigations(ctx, clients, consents):
    rng, today = ctx.rng, ctx.today
    types = list(ExaminationType.objects.filter(active=True))
    older = [
        c for c in clients if c.pk in consents and c.age_on(today) >= 50 and c.status == ClientStatus.ACTIVE
    ]
    # One in forty clients, at most 300 open at a time: even a city's unit runs a few hundred a year.
    for client in rng.sample(older, min(len(older), max(2, len(clients) // 40), 300)):
        opened = max(today - timedelta(days=rng.randint(10, 300)), consents[client.pk].given_on)
        closed = rng.random() < 0.3
        investigation = PensionInvestigation.objects.create(
            client=client,
            consent=consents[client.pk],
            responsible_worker_id=client.responsible_worker_id,
            health_centre_contact="Seututerveyskeskuksen palveluohjaaja",
            opened_on=opened,
            status=InvestigationStatus.CLOSED if closed else InvestigationStatus.OPEN,
            outcome=InvestigationOutcome.PENSION_APPLIED if closed else "",
            closed_on=today - timedelta(days=rng.randint(0, 5)) if closed else None,
        )
        rows = []
        for examination_type in types:
            status = (
                ExaminationStatus.DONE
                if closed
                else rng.choices(list(ExaminationStatus.values), [45, 45, 10])[0]
            )
            if closed and rng.random() < 0.15:
                status = ExaminationStatus.NOT_NEEDED
            rows.append(
                PensionExamination(
                    investigation=investigation,
                    examination_type=examination_type,
                    status=status,
                    responsible=rng.choice(["Terveyskeskuslääkäri", "Terveydenhoitaja", "Palveluohjaaja"]),
                    planned_on=today + timedelta(days=rng.randint(3, 60))
                    if status == ExaminationStatus.PENDING
                    else None,
                    done_on=opened + timedelta(days=rng.randint(0, max(1, (today - opened).days)))
                    if status == ExaminationStatus.DONE
                    else None,
                    note="Ei oireita, tutkimusta ei tarvita."
                    if status == ExaminationStatus.NOT_NEEDED
                    else "",
                )
            )
        PensionExamination.objects.bulk_create(rows)


def seed(ctx):
    clients = ctx.clients
    schedule = _create_schedule(ctx)
    materialise_schedule(
        schedule, from_day=ctx.today - timedelta(days=182), count=13 + schedule.meetings_ahead
    )
    consents = _consents(ctx, clients)
    _health_checks(ctx, clients, consents)
    _guided_referrals(ctx, clients, consents)
    _sote_cases(ctx, schedule, clients, consents)
    _pension_investigations(ctx, clients, consents)
