"""Demo data: Joutsa's placements, agreements in every state, attendance of past months, claims (one paid)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.enums import ClientStatus, MeetingKind, MeetingStatus
from clients.models import Meeting
from joutsa_tyollisyys.bulk import insert_rows
from joutsa_tyollisyys.dates import month_start, period_last_day, previous_month
from joutsa_tyollisyys.workdays import working_day_on_or_before

from . import rules, services
from .enums import AgreementStatus, AttendanceStatus, ChangeKind, NextStep, PlacementKind
from .models import (
    AgreementChange,
    Attendance,
    Feedback,
    FinalEvaluation,
    Placement,
    RehabAgreement,
    RehabDecision,
)

MUNICIPALITY = "Joutsan kunta"
#: name, kind, organisation, address, contact, phone, tasks, places, outside municipality
PLACEMENTS = [
    (
        "TyöVarikko",
        PlacementKind.TYOVARIKKO,
        MUNICIPALITY,
        "Länsitie 5, 19650 Joutsa",
        "Jari Lehtonen",
        "040 111 2201",
        "Puu- ja metallityöt\nKierrätys ja huonekalujen kunnostus\nPienet korjaustyöt",
        16,
        "",
    ),
    (
        "Nuorten työpaja",
        PlacementKind.YOUTH_WORKSHOP,
        MUNICIPALITY,
        "Myllytie 2, 19650 Joutsa",
        "Hanna Saarinen",
        "040 111 2202",
        "Media- ja digityöt\nKädentaidot\nPiha- ja ympäristötyöt",
        8,
        "",
    ),
    (
        "Joutsan kirjasto",
        PlacementKind.MUNICIPAL_UNIT,
        MUNICIPALITY,
        "Kirkkotie 6, 19650 Joutsa",
        "Leena Heinonen",
        "040 111 2203",
        "Aineiston järjestäminen\nAsiakaspalvelussa avustaminen\nTapahtumat",
        2,
        "",
    ),
    (
        "Keittiö- ja ruokapalvelut",
        PlacementKind.MUNICIPAL_UNIT,
        MUNICIPALITY,
        "Koulutie 3, 19650 Joutsa",
        "Mervi Salo",
        "040 111 2204",
        "Keittiöapu\nAstiahuolto\nKahvion tehtävät",
        3,
        "",
    ),
    (
        "Kiinteistöhuolto",
        PlacementKind.MUNICIPAL_UNIT,
        MUNICIPALITY,
        "Varikontie 1, 19650 Joutsa",
        "Pekka Niemi",
        "040 111 2205",
        "Piha- ja viheralueet\nLumityöt\nKiinteistöjen pienet korjaukset",
        3,
        "",
    ),
    (
        "Joutsan Seudun Työttömät ry",
        PlacementKind.ASSOCIATION,
        "Joutsan Seudun Työttömät ry",
        "Jousitie 12, 19650 Joutsa",
        "Marja Kinnunen",
        "040 111 2206",
        "Kirpputori\nKahvila\nYhdistyksen toimistotyöt",
        6,
        "",
    ),
    (
        "Pertunmaan kierrätyskeskus",
        PlacementKind.ASSOCIATION,
        "Pertunmaan Kierrätys ry",
        "Kuortintie 4, 19430 Pertunmaa",
        "Antero Hiltunen",
        "040 111 2207",
        "Lajittelu\nMyymälätyöt\nKuljetusapu",
        2,
        "Pertunmaa",
    ),
    (
        "Hallintopalvelut",
        PlacementKind.MUNICIPAL_UNIT,
        MUNICIPALITY,
        "Länsitie 5, 19650 Joutsa",
        "Sirpa Mattila",
        "040 111 2208",
        "Arkistointi ja postitus (suunnitteilla)",
        0,
        "",
    ),
    (
        "Liikuntapalvelut",
        PlacementKind.MUNICIPAL_UNIT,
        MUNICIPALITY,
        "Urheilutie 1, 19650 Joutsa",
        "Timo Rantanen",
        "040 111 2209",
        "Liikuntapaikkojen kunnossapito (suunnitteilla)",
        0,
        "",
    ),
]
TASKS = [
    "Puutyöt ja kierrätys",
    "Keittiöapu ja astiahuolto",
    "Pihatyöt ja kiinteistöhuolto",
    "Kirpputorin työt",
    "Aineiston järjestäminen",
    "Digityöt ja kädentaidot",
]
GOALS = [
    "Säännöllinen päivärytmi ja jaksaminen",
    "Työelämätaitojen vahvistaminen ennen koulutusta",
    "Sosiaalisten taitojen ja itseluottamuksen vahvistaminen",
    "Työkyvyn arviointi ja seuraavan askeleen löytäminen",
]
COACHING = "Valmentajan tapaaminen neljän viikon välein; työtoimintapaikan ohjaaja tukee päivittäin."
COACHES = ("valmentaja", "valmentaja2", "valmentaja3")
#: The share of agreements in each state: (status, how many of every 20).
PLAN = [
    (AgreementStatus.SIGNED, 11),
    (AgreementStatus.ENDED, 4),
    (AgreementStatus.DRAFT, 1),
    (AgreementStatus.SUBMITTED, 2),
    (AgreementStatus.APPROVED, 1),
    (AgreementStatus.REJECTED, 1),
]
ABSENCES = [
    AttendanceStatus.OWN_ILLNESS,
    AttendanceStatus.CHILD_ILLNESS,
    AttendanceStatus.JOB_INTERVIEW,
    AttendanceStatus.UNEXCUSED,
]


def _aware(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_current_timezone())


def build_placements(ctx):
    """Joutsa's own units; a large data set adds one generated unit per hundred agreements (15 places each)."""
    placements = [
        Placement.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "organisation": organisation,
                "address": address,
                "contact_person": contact,
                "contact_phone": phone,
                "tasks": tasks,
                "capacity": places,
                "outside_municipality": bool(outside),
                "municipality": outside or "Joutsa",
            },
        )[0]
        for name, kind, organisation, address, contact, phone, tasks, places, outside in PLACEMENTS
    ]
    for n in range(1, (ctx.scale.rehab_agreements or 0) // 100 + 1):
        placements.append(Placement.objects.get_or_create(
            name=f"Työtoimintayksikkö {n}",
            defaults={"kind": PlacementKind.ASSOCIATION if n % 3 else PlacementKind.MUNICIPAL_UNIT,
                      "organisation": f"Alueen palveluyksikkö {n}", "contact_person": "Ohjaaja",
                      "tasks": "\n".join(TASKS[n % 3 : n % 3 + 3]), "capacity": 15, "municipality": "Joutsa"},
        )[0])
    return placements


#: A large data set covers two years of a city's rehabilitative work: most periods are over.
PLAN_LARGE = [
    (AgreementStatus.ENDED, 14),
    (AgreementStatus.SIGNED, 3),
    (AgreementStatus.SUBMITTED, 1),
    (AgreementStatus.DRAFT, 1),
    (AgreementStatus.APPROVED, 1),
]


def _statuses(count, plan=PLAN):
    cycle = [status for status, share in plan for _ in range(share)]
    statuses = [cycle[i % len(cycle)] for i in range(count)]
    if count > len(PLAN):
        statuses[-1] = AgreementStatus.CANCELLED
    return statuses


def _period(ctx, status, index):
    """Start and end dates that make sense for the status (signed ones: some end within two weeks)."""
    rng, today = ctx.rng, ctx.today
    monday = rules.week_bounds(today)[0]
    if status == AgreementStatus.ENDED:
        start = monday - timedelta(weeks=rng.randint(30, 100 if ctx.scale.city else 60))
        return start, period_last_day(start, rng.choice([3, 6]))
    if status == AgreementStatus.SIGNED:
        start = monday - timedelta(weeks=rng.randint(6, 22))
        if index % 3 == 0:  # ending soon: the overdue list has something to show
            return start, today + timedelta(days=rng.randint(3, 12))
        return start, max(period_last_day(start, 6), today + timedelta(days=39))
    start = monday + timedelta(weeks=rng.randint(1, 4))
    return start, period_last_day(start, 6)


def _placement(rng, offering, free, status):
    """Any unit; an agreement in force takes a free place (all full: the unit with most places)."""
    if status != AgreementStatus.SIGNED:
        return rng.choice(offering)
    open_units = [p for p in offering if free[p.pk] > 0] or [max(offering, key=lambda p: p.capacity)]
    placement = rng.choice(open_units)
    free[placement.pk] -= 1
    return placement


def build_agreements(ctx, placements):
    coaches = {u.pk: u for u in [*(ctx.users[name] for name in COACHES), *ctx.coaches]}
    eligible = [
        c for c in ctx.clients if c.status == ClientStatus.ACTIVE and c.responsible_worker_id in coaches
    ]
    count = min(len(eligible), ctx.scale.rehab_agreements or max(40, len(ctx.clients) // 8))
    offering = [p for p in placements if p.capacity]
    free = {p.pk: p.capacity for p in offering}  # places left today, for the agreements in force
    counsellor = ctx.users["sosiaaliohjaaja"]
    rng, now = ctx.rng, timezone.now()
    running = (AgreementStatus.SIGNED, AgreementStatus.ENDED)
    agreements, decisions, changes = [], [], []
    # On a large data set the responsible coach has 24 clients in rehabilitative work (the benchmark's grid).
    lead = ctx.users["valmentaja"].pk
    own = [c for c in eligible if c.responsible_worker_id == lead][:24] if ctx.scale.city else []
    others = [c for c in eligible if c.responsible_worker_id != lead] if own else eligible
    picked = own + rng.sample(others, count - len(own))
    statuses = _statuses(count, PLAN_LARGE if ctx.scale.city else PLAN)
    statuses[: len(own)] = [AgreementStatus.SIGNED] * len(own)
    for index, (client, status) in enumerate(zip(picked, statuses, strict=True)):
        start, end = _period(ctx, status, index)
        days, coach = rng.choice([2, 3, 3, 4, 4]), coaches[client.responsible_worker_id]
        decided_at = min(_aware(start - timedelta(days=14), 13), now - timedelta(days=1))
        agreement = RehabAgreement(
            client=client,
            placement=_placement(rng, offering, free, status),
            status=status,
            start_date=start,
            end_date=end,
            days_per_week=days,
            hours_per_day=Decimal(rng.choice([4, 5, 6, 6, 7])),
            weekdays="".join(sorted(rng.sample("12345", days))),
            tasks=rng.choice(TASKS),
            goals=rng.choice(GOALS),
            coaching_plan=COACHING,
            drafted_by=coach,
            submitted_at=decided_at - timedelta(days=5) if status != AgreementStatus.DRAFT else None,
            signed_on=start if status in running else None,
            signed_by=coach if status in running else None,
        )
        if status == AgreementStatus.ENDED and index % 3 == 0:
            original_end, agreement.end_date = agreement.end_date, start + timedelta(weeks=rng.randint(4, 10))
            agreement.ended_early, agreement.ending_reason = (
                True,
                "Asiakas työllistyi avoimille työmarkkinoille.",
            )
            changes.append(
                AgreementChange(
                    agreement=agreement,
                    kind=ChangeKind.EARLY_END,
                    previous_end=original_end,
                    new_end=agreement.end_date,
                    reason=agreement.ending_reason,
                    changed_by=coach,
                    changed_at=_aware(agreement.end_date, 15),
                )
            )
        if status not in (AgreementStatus.DRAFT, AgreementStatus.SUBMITTED, AgreementStatus.CANCELLED):
            rejected = status == AgreementStatus.REJECTED
            decisions.append(
                RehabDecision(
                    agreement=agreement,
                    decided_by=counsellor,
                    decided_at=decided_at,
                    outcome="rejected" if rejected else "approved",
                    reason="Tavoitteet ja valmennus on kirjattava tarkemmin." if rejected else "",
                )
            )
        agreements.append(agreement)
    RehabAgreement.objects.bulk_create(agreements, batch_size=2000)
    for row in decisions + changes:
        row.agreement_id = row.agreement.pk
    RehabDecision.objects.bulk_create(decisions, batch_size=2000)
    AgreementChange.objects.bulk_create(changes, batch_size=2000)
    return agreements


def _attendance_rows(ctx, agreements):
    rng, yesterday = ctx.rng, ctx.today - timedelta(days=1)
    for agreement in agreements:
        if agreement.status not in (AgreementStatus.SIGNED, AgreementStatus.ENDED):
            continue
        last = min(agreement.end_date, yesterday)
        monday = agreement.start_date
        while monday <= last:
            for digit in agreement.weekdays:
                day = monday + timedelta(days=int(digit) - 1)
                if agreement.start_date <= day <= last:
                    status = AttendanceStatus.PRESENT if rng.random() < 0.86 else rng.choice(ABSENCES)
                    yield {"agreement_id": agreement.pk, "day": day, "status": status,
                           "recorded_by_id": agreement.drafted_by_id}
            monday += timedelta(weeks=1)


def build_attendance(ctx, agreements):
    insert_rows(Attendance, _attendance_rows(ctx, agreements))


def build_follow_up(ctx, agreements):
    """Planned meetings (next follow-up, final evaluation); evaluations and feedback of ended periods."""
    rng, today = ctx.rng, ctx.today
    finals, follow_ups, evaluations, feedback = [], [], [], []
    for index, agreement in enumerate(agreements):
        if agreement.status not in (AgreementStatus.SIGNED, AgreementStatus.ENDED):
            continue
        deadline = working_day_on_or_before(agreement.final_evaluation_deadline)
        held = agreement.status == AgreementStatus.ENDED or (deadline < today and index % 2 == 0)
        agreement.final_evaluation_meeting = Meeting(
            client_id=agreement.client_id,
            worker_id=agreement.drafted_by_id,
            kind=MeetingKind.IN_PERSON,
            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            starts_at=_aware(deadline, 13),
            location=agreement.placement.name,
            notes="Loppuarviointi: jakso sujui suunnitellusti." if held else "",
        )
        finals.append(agreement)
        if agreement.status == AgreementStatus.SIGNED:
            next_day = today + timedelta(days=rng.randint(1, 20))
            if next_day < deadline:
                follow_ups.append((agreement, Meeting(
                    client_id=agreement.client_id,
                    worker_id=agreement.drafted_by_id,
                    kind=MeetingKind.IN_PERSON,
                    status=MeetingStatus.PLANNED,
                    starts_at=_aware(next_day),
                    location=agreement.placement.name,
                )))
        if held:
            open_step = agreement.status == AgreementStatus.SIGNED
            evaluations.append(
                FinalEvaluation(
                    agreement=agreement,
                    held_on=deadline,
                    recorded_by_id=agreement.drafted_by_id,
                    summary="Asiakas osallistui aktiivisesti ja päivärytmi vakiintui.",
                    next_step="" if open_step else rng.choice(NextStep.values),
                    next_step_details="" if open_step else "Sovittu jatkosuunnitelma valmentajan kanssa.",
                )
            )
            if agreement.status == AgreementStatus.ENDED:
                score = rng.choice([3, 4, 4, 5, 5])
                feedback.append(
                    Feedback(
                        agreement=agreement,
                        given_on=deadline,
                        filled_by=rng.choice(["with_client", "by_client"]),
                        score_tasks=score,
                        score_guidance=min(5, score + rng.choice([0, 1])),
                        score_community=rng.choice([3, 4, 5]),
                        score_overall=score,
                        comments=rng.choice(
                            [
                                "Mukava porukka ja hyvä ohjaus.",
                                "Tehtävät olivat mielekkäitä.",
                                "",
                                "Toivoisin enemmän vaihtelua tehtäviin.",
                            ]
                        ),
                    )
                )
    Meeting.objects.bulk_create([a.final_evaluation_meeting for a in finals] + [m for _a, m in follow_ups],
                                batch_size=2000)
    RehabAgreement.objects.bulk_update(finals, ["final_evaluation_meeting"], batch_size=2000)
    RehabAgreement.follow_up_meetings.through.objects.bulk_create(
        [RehabAgreement.follow_up_meetings.through(rehabagreement_id=a.pk, meeting_id=m.pk) for a, m in follow_ups],
        batch_size=2000,
    )
    FinalEvaluation.objects.bulk_create(evaluations, batch_size=2000)
    Feedback.objects.bulk_create(feedback, batch_size=2000)


def build_claims(ctx):
    """A paid claim for the month three months back and a submitted one for the month after it; the last
    month is left for the clerk to claim."""
    clerk = ctx.users["toimisto"]
    months = [previous_month(month_start(ctx.today, -back)) for back in (2, 1, 0)]
    (paid_start, paid_end), (sub_start, sub_end), _last = months
    try:
        paid = services.claim_create(actor=clerk, period_start=paid_start, period_end=paid_end)
    except ValidationError:  # a tiny demo set without attendance that month
        return
    paid = services.claim_submit(
        actor=clerk,
        claim_id=paid.pk,
        expected_version=paid.version,
        submitted_on=paid_end + timedelta(days=10),
        reference="KEHA/1024/2020",
    )
    amount = sum(day.amount for day in paid.days.all())
    services.claim_mark_paid(
        actor=clerk,
        claim_id=paid.pk,
        expected_version=paid.version,
        paid_on=min(paid_end + timedelta(days=40), ctx.today),
        paid_amount=amount,
    )
    submitted = services.claim_create(actor=clerk, period_start=sub_start, period_end=sub_end)
    services.claim_submit(
        actor=clerk,
        claim_id=submitted.pk,
        expected_version=submitted.version,
        submitted_on=min(sub_end + timedelta(days=10), ctx.today),
    )


def seed(ctx):
    placements = build_placements(ctx)
    agreements = build_agreements(ctx, placements)
    build_attendance(ctx, agreements)
    build_follow_up(ctx, agreements)
    # Agreements whose period is over are closed as the daily job would do.
    services.agreements_close_finished(today=ctx.today)
    build_claims(ctx)
