"""Demo data of the workshop: groups with a weekly schedule and attendance, work trials and other service
periods, coaching, youth workshop periods, competence certificates and two versions of a form blank."""

from datetime import time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from clients.models import Client
from joutsa_tyollisyys.pdf import render_pdf
from rehab_work.models import Placement

from . import rules, services
from .enums import CoachingKind, DocumentKind, IntakeChannel, SessionPresence
from .models import CompetenceArea, LibraryDocument, Qualification

#: name, leader, weekdays, every weeks, start, counts as rehabilitative work, placement, description
GROUPS = [
    (
        "Voimavararyhmä",
        "valmentaja",
        "2",
        1,
        time(9, 30),
        True,
        "TyöVarikko",
        "Voimavarakeskeinen ryhmä yhteistyössä seututerveyskeskuksen kanssa; kokemusasiantuntija mukana.",
    ),
    (
        "Nuorten starttiryhmä",
        "valmentaja3",
        "13",
        1,
        time(10, 0),
        False,
        "Nuorten työpaja",
        "Starttivalmennus: arjen rytmi, omat vahvuudet ja seuraava askel.",
    ),
    (
        "Kädentaitoryhmä",
        "valmentaja2",
        "4",
        2,
        time(12, 0),
        True,
        "TyöVarikko",
        "Puu- ja tekstiilityöt pienryhmässä joka toinen torstai.",
    ),
]


def _try(call, **kwargs):
    try:
        return call(**kwargs)
    except (ValidationError, PermissionDenied):
        return None


def _own_clients(ctx, username, young=None):
    user = ctx.users[username]
    clients = [c for c in ctx.clients if c.responsible_worker_id == user.pk]
    if young is not None:
        clients = [c for c in clients if (rules.youth_workshop_age_error(c.birth_date, ctx.today) is None) == young]
    return clients


def build_groups(ctx):
    for name, leader, weekdays, every, starts_at, rehab, place, description in GROUPS:
        actor = ctx.users[leader]
        group = services.group_create(
            actor=actor,
            name=name,
            description=description,
            placement=Placement.objects.filter(name=place).first(),
            weekdays=weekdays,
            every_weeks=every,
            starts_at=starts_at,
            duration_minutes=180,
            first_day=ctx.today - timedelta(weeks=8),
            last_day=ctx.today + timedelta(weeks=12),
            counts_as_rehab=rehab,
        )
        members = _own_clients(ctx, leader, young=True if leader == "valmentaja3" else None)[:6]
        for client in members:
            services.participant_add(actor=actor, group_id=group.pk, client_id=client.pk, joined_on=group.first_day)
        for session in group.sessions.filter(day__lte=ctx.today):
            presence = {
                c.pk: SessionPresence.PRESENT if ctx.rng.random() < 0.8 else SessionPresence.ABSENT for c in members
            }
            services.session_record(actor=actor, session_id=session.pk, presence=presence)


PERIODS = [
    (
        "work_trial",
        "Kiinteistöhuolto",
        "Kiinteistönhoidon tehtävät ja piha-alueet",
        "Soveltuvuus alalle, työkyvyn arviointi",
        None,
    ),
    ("work_trial", "TyöVarikko", "Puutyöt ja huonekalujen kunnostus", "Ammatinvalinnan selkiytyminen", None),
    ("work_trial", "Keittiö- ja ruokapalvelut", "Keittiöapu ja astiahuolto", "Työkokemus ravintola-alalta", None),
    (
        "social_rehab",
        "TyöVarikko",
        "Ryhmätoiminta ja vertaistuki kahtena päivänä viikossa",
        "Osallisuus ja arjen rytmi",
        None,
    ),
    ("job_learning", "TyöVarikko", "Työssäoppimisjakso: kierrätys ja myymälä", "Tutkinnon osan näyttö", None),
    ("community_service", "TyöVarikko", "Pihatyöt ja kierrätys", "Yhdyskuntapalvelun suorittaminen", 60),
]


COACHINGS = [
    (CoachingKind.WORK, "Työtehtävien oppiminen ja työkyvyn vahvistaminen", "Työvalmentaja ohjaa työpäivien aikana"),
    (CoachingKind.INDIVIDUAL, "Jatkopolun suunnittelu", "Yksilötapaaminen joka toinen viikko"),
]


def build_periods(ctx):
    clients = _own_clients(ctx, "valmentaja") + _own_clients(ctx, "valmentaja2")
    ctx.rng.shuffle(clients)
    made = []
    for kind, place, content, goals, hours in PERIODS * 2:
        placement = Placement.objects.filter(name=place).first() or Placement.objects.first()
        start = ctx.today - timedelta(days=ctx.rng.randint(10, 90))
        period = None
        while clients and period is None:  # a client busy with rehabilitative work is skipped
            client = clients.pop()
            period = _try(
                services.period_create,
                actor=client.responsible_worker,
                client_id=client.pk,
                kind=kind,
                placement=placement,
                start_date=start,
                end_date=start + timedelta(days=ctx.rng.choice([60, 90, 150])),
                hours_total=hours,
                content=content,
                goals=goals,
            )
        if period:
            made.append(period)
            for coaching_kind, coaching_goals, methods in COACHINGS:
                services.coaching_add(
                    actor=client.responsible_worker,
                    client_id=client.pk,
                    kind=coaching_kind,
                    period=period,
                    start_date=period.start_date,
                    goals=coaching_goals,
                    methods=methods,
                )
    return made


def build_youth(ctx):
    channels = list(IntakeChannel.values)
    for client in _own_clients(ctx, "valmentaja3", young=True)[:5]:
        _try(
            services.youth_enrol,
            actor=ctx.users["valmentaja3"],
            client_id=client.pk,
            intake_channel=ctx.rng.choice(channels),
            start_date=ctx.today - timedelta(days=ctx.rng.randint(5, 120)),
            strengths=ctx.rng.choice(["Kädentaidot ja tarkkuus", "Digitaidot", "Sosiaalisuus, hyvä asiakaspalvelija"]),
            goals=ctx.rng.choice(["Opiskelupaikka syksyllä", "Arjen rytmi ja työkokeilu", "Kesätyöpaikka"]),
        )


def build_certificates(ctx, periods):
    areas = {q.name: list(CompetenceArea.objects.filter(qualification=q)) for q in Qualification.objects.all()}
    names = list(areas)
    for period in periods[:4]:
        name = ctx.rng.choice(names)
        _try(
            services.certificate_issue,
            actor=period.coach,
            client_id=period.client_id,
            qualification=Qualification.objects.get(name=name),
            areas=areas[name][:3],
            placement=period.placement,
            start_date=period.start_date,
            end_date=min(period.end_date, ctx.today),
            work_description="Työskenteli itsenäisesti ja huolellisesti; noudatti työturvallisuusohjeita.",
            signer_title="Vastaava työ- ja yksilövalmentaja"
            if period.coach.username == "valmentaja"
            else "Yksilövalmentaja",
            issued_on=ctx.today,
        )


def build_library():
    for version_note in ("Ensimmäinen yhteinen versio", "Päivitetty yhteystiedot"):
        document = LibraryDocument(kind=DocumentKind.INFO_PACK, notes=version_note)
        pdf = render_pdf("workshop/pdf/blank.html", {"kind": "info_pack", "title": DocumentKind.INFO_PACK.label})
        document.file.save("info-paketti.pdf", ContentFile(pdf), save=False)
        document.save()


def seed(ctx):
    if not ctx.clients:
        ctx.clients = list(Client.objects.select_related("responsible_worker")[:300])
    build_groups(ctx)
    periods = build_periods(ctx)
    build_youth(ctx)
    build_certificates(ctx, periods)
    build_library()
