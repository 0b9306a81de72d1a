"""Every URL of rehab_work × every role (see tests/matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH, Case

COACH, SOCIAL, CLERK, ADMIN, YOUTH, WG = (
    str(Role.COACH),
    str(Role.SOCIAL_COUNSELLOR),
    str(Role.OFFICE_CLERK),
    str(Role.ADMIN),
    str(Role.YOUTH_WORKER),
    str(Role.WORKING_GROUP),
)
CASE_WORKERS = frozenset({COACH, OTHER_COACH, YOUTH, SOCIAL})
STAFF = CASE_WORKERS | {CLERK, ADMIN}
#: The client's own workers (the other coach and the youth worker are not).
WORKERS = frozenset({COACH, SOCIAL})
CLERKS = frozenset({CLERK})


def extend_world(world):
    from rehab_work.enums import AgreementStatus
    from rehab_work.models import RehabDecision
    from tests.factories import ClientFactory
    from tests.rehab_work.factories import AgreementFactory, AttendanceFactory, ClaimFactory, PlacementFactory

    coach = world.users[COACH]
    placement = PlacementFactory(name="Matriisin työpaja")
    signed = AgreementFactory(client=world.objects["client"], placement=placement, drafted_by=coach)
    RehabDecision.objects.create(
        agreement=signed,
        outcome="approved",
        decided_by=world.users[SOCIAL],
        decided_at=timezone.now() - timedelta(days=30),
    )
    AttendanceFactory(agreement=signed, day=signed.start_date)
    submitted = AgreementFactory(
        client=ClientFactory(responsible_worker=coach),
        placement=placement,
        status=AgreementStatus.SUBMITTED,
        drafted_by=coach,
        submitted_at=timezone.now(),
    )
    draft = AgreementFactory(
        client=ClientFactory(responsible_worker=coach),
        placement=placement,
        status=AgreementStatus.DRAFT,
        drafted_by=coach,
    )
    claim = ClaimFactory(created_by=world.users[CLERK])
    world.objects.update(rehab_signed=signed, rehab_submitted=submitted, rehab_draft=draft, rehab_claim=claim)


def signed(w):
    return {"pk": w.objects["rehab_signed"].pk}


def claim(w):
    return {"pk": w.objects["rehab_claim"].pk}


def statement(fmt):
    def kwargs(w):
        day = w.objects["rehab_signed"].start_date
        return {**signed(w), "year": day.year, "month": day.month, "fmt": fmt}

    return kwargs


def cell(w):
    agreement = w.objects["rehab_signed"]
    day = agreement.start_date + timedelta(days=1)
    return {
        "agreement": agreement.pk,
        "day": day.isoformat(),
        f"cell-{agreement.pk}-{day.isoformat()}": "present",
        f"was-{agreement.pk}-{day.isoformat()}": "",
    }


CASES = [
    Case("rehab_work:agreement_list", CASE_WORKERS),
    Case("rehab_work:agreement_create", WORKERS, kwargs=lambda w: {"client_pk": w.objects["client"].pk}),
    Case("rehab_work:agreement_detail", WORKERS, kwargs=signed),
    Case("rehab_work:agreement_edit", WORKERS, kwargs=lambda w: {"pk": w.objects["rehab_draft"].pk}),
    Case(
        "rehab_work:agreement_action",
        WORKERS,
        method="post",
        ok=(302,),
        kwargs=lambda w: {"pk": w.objects["rehab_draft"].pk, "action": "submit"},
    ),
    Case("rehab_work:decide", frozenset({SOCIAL}), kwargs=lambda w: {"pk": w.objects["rehab_submitted"].pk}),
    Case("rehab_work:agreement_sign", WORKERS, kwargs=signed),
    Case("rehab_work:agreement_extend", WORKERS, kwargs=signed),
    Case("rehab_work:agreement_end", WORKERS, kwargs=signed),
    Case("rehab_work:final_evaluation", WORKERS, kwargs=signed),
    Case("rehab_work:feedback", WORKERS, kwargs=signed),
    *[
        Case(
            "rehab_work:agreement_pdf",
            WORKERS,
            kwargs=lambda w, d=document: {**signed(w), "document": d},
            id=f"rehab_work:agreement_pdf:{document}",
        )
        for document in ("agreement", "decision", "info")
    ],
    *[
        Case(
            "rehab_work:attendance_statement",
            WORKERS | CLERKS,
            kwargs=statement(fmt),
            id=f"rehab_work:attendance_statement:{fmt}",
        )
        for fmt in ("pdf", "xlsx")
    ],
    Case("rehab_work:attendance_fill", WORKERS, method="post", ok=(302,), kwargs=signed),
    Case("rehab_work:decision_queue", frozenset({SOCIAL, str(Role.SUBSTITUTE_DECISION_MAKER)})),
    Case("rehab_work:attendance_week", CASE_WORKERS),
    Case("rehab_work:attendance_cell", WORKERS, method="post", ok=(302,), data=cell),
    Case("rehab_work:attendance_month", CASE_WORKERS | CLERKS),
    Case("rehab_work:overdue", CASE_WORKERS),
    Case("rehab_work:placement_list", STAFF),
    Case("rehab_work:capacity", STAFF | {WG}),
    Case("rehab_work:claim_list", CLERKS),
    Case("rehab_work:claim_create", CLERKS),
    Case("rehab_work:claim_detail", CLERKS, kwargs=claim),
    Case(
        "rehab_work:claim_action",
        CLERKS,
        method="post",
        ok=(302,),
        kwargs=lambda w: {**claim(w), "action": "rebuild"},
    ),
    Case("rehab_work:claim_submit", CLERKS, kwargs=claim),
    Case("rehab_work:claim_paid", CLERKS, kwargs=claim),
    *[
        Case(
            "rehab_work:claim_export",
            CLERKS,
            kwargs=lambda w, f=fmt: {**claim(w), "fmt": f},
            id=f"rehab_work:claim_export:{fmt}",
        )
        for fmt in ("pdf", "xlsx")
    ],
]
