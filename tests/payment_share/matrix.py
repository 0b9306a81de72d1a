"""Every URL of the payment-share list × every role (see tests/matrix.py)."""

from datetime import date
from decimal import Decimal

from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH, Case

COACH, SOCIAL, CLERK, WG = (
    str(Role.COACH),
    str(Role.SOCIAL_COUNSELLOR),
    str(Role.OFFICE_CLERK),
    str(Role.WORKING_GROUP),
)
REVIEWERS = frozenset({COACH, OTHER_COACH, SOCIAL, CLERK})
ASSIGNERS = frozenset({COACH, OTHER_COACH, SOCIAL})
TREND = REVIEWERS | {WG}
MONTH = date(2024, 6, 1)


def extend_world(world):
    from payment_share import parsing
    from payment_share.models import ImportJob, PaymentShareEntry, PaymentShareList

    clerk = world.users[CLERK]
    share_list = PaymentShareList.objects.create(month=MONTH, person_count=1, total_share=Decimal("390.71"))
    client = world.objects["client"]
    world.objects["entry"] = PaymentShareEntry.objects.create(
        share_list=share_list, month=MONTH, client=client, paid_days=400, share_amount=Decimal("390.71")
    )
    row = parsing.ListRow(
        2,
        MONTH,
        client.national_id,
        "Testi Henkilö",
        "työmarkkinatuki",
        420,
        21,
        None,
        None,
        Decimal("390.71"),
    )
    world.objects["job"] = ImportJob.objects.create(
        created_by=clerk,
        file_name="lista.csv",
        status="confirm",
        row_count=1,
        months=[MONTH.isoformat()],
        replace_months=[MONTH.isoformat()],
        payload=parsing.rows_to_payload([row]),
    )


def entry(w):
    return {"pk": w.objects["entry"].pk}


def job(w):
    return {"pk": w.objects["job"].pk}


CASES = [
    Case("payment_share:review", REVIEWERS),
    Case("payment_share:figures", REVIEWERS, query="month=2024-06"),
    Case("payment_share:review_export", REVIEWERS),
    Case(
        "payment_share:bulk_assign",
        ASSIGNERS,
        method="post",
        ok=(302,),
        data=lambda w: {
            "entries": [w.objects["entry"].pk],
            "worker": w.users[SOCIAL].pk,
            "action": "contact",
            "month": "2024-06",
        },
    ),
    # Naming the responsible worker follows the client's rules: the other team's coach may not.
    Case(
        "payment_share:assign_responsible",
        frozenset({COACH, SOCIAL}),
        method="post",
        ok=(302,),
        kwargs=entry,
        data=lambda w: {"worker": w.users[SOCIAL].pk},
    ),
    Case(
        "payment_share:assign_contact",
        ASSIGNERS,
        method="post",
        ok=(302,),
        kwargs=entry,
        data=lambda w: {"worker": w.users[COACH].pk, "version": 1},
    ),
    Case(
        "payment_share:mark_contacted", ASSIGNERS, method="post", ok=(302,), kwargs=entry, data={"version": 1}
    ),
    Case("payment_share:upload", REVIEWERS),
    Case("payment_share:sample", REVIEWERS),
    # An import job is its uploader's own: everybody else gets 404.
    Case("payment_share:job", frozenset({CLERK}), kwargs=job),
    Case("payment_share:job_progress", frozenset({CLERK}), kwargs=job),
    Case("payment_share:job_confirm", frozenset({CLERK}), method="post", ok=(302,), kwargs=job),
    Case("payment_share:job_cancel", frozenset({CLERK}), method="post", ok=(302,), kwargs=job),
    Case("payment_share:trend", TREND),
    Case("payment_share:trend_chart", TREND),
    Case("payment_share:trend_export", TREND),
]
