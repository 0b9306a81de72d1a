"""Every URL of obligation employment × every role (see tests/matrix.py).

The clerk does the work; the social counsellor lists cases and records the supervisors' meeting; the
client's own coach may only view the case; the other coach, the youth worker, the working group and
the admin (who manages the rate table and the switch in Django admin) get 403/404.
"""

from joutsa_tyollisyys.roles import Role
from tests.matrix import Case

from .factories import FLOW, bulk_cases

COACH, SOCIAL, CLERK = str(Role.COACH), str(Role.SOCIAL_COUNSELLOR), str(Role.OFFICE_CLERK)
CLERK_ONLY = frozenset({CLERK})
CASE_HANDLERS = frozenset({CLERK, SOCIAL})
CASE_VIEWERS = frozenset({CLERK, SOCIAL, COACH})


def extend_world(world):
    """One case of the coach's clients in each state; claims 1 (computed) and 2 (sent) of the employed."""
    cases = bulk_cases(FLOW, clerk=world.users[CLERK], coach=world.users[COACH])
    world.objects.update(
        zip(["oe_new", "oe_work", "oe_applied", "oe_decided", "oe_employed"], cases, strict=True)
    )
    claims = {c.number: c for c in cases[-1].claims.all()}
    world.objects.update(oe_claim=claims[1], oe_claim_sent=claims[2])


def pk(key):
    return lambda w: {"pk": w.objects[key].pk}


CASES = [
    Case("obligation_employment:case_list", CASE_HANDLERS),
    Case("obligation_employment:meeting_list", CASE_HANDLERS),
    Case("obligation_employment:claim_list", CLERK_ONLY),
    Case(
        "obligation_employment:notice_create",
        CLERK_ONLY,
        kwargs=lambda w: {"client_pk": w.objects["client"].pk},
    ),
    Case("obligation_employment:case_detail", CASE_VIEWERS, kwargs=pk("oe_new")),
    Case("obligation_employment:meeting", CASE_HANDLERS, kwargs=pk("oe_new")),
    Case("obligation_employment:application", CLERK_ONLY, kwargs=pk("oe_work")),
    Case("obligation_employment:decision", CLERK_ONLY, kwargs=pk("oe_applied")),
    Case("obligation_employment:contract", CLERK_ONLY, kwargs=pk("oe_decided")),
    Case("obligation_employment:contract_pdf", CLERK_ONLY, kwargs=pk("oe_employed")),
    Case("obligation_employment:close", CLERK_ONLY, kwargs=pk("oe_employed")),
    Case("obligation_employment:claim_wages", CLERK_ONLY, kwargs=pk("oe_claim")),
    Case("obligation_employment:claim_submit", CLERK_ONLY, kwargs=pk("oe_claim")),
    Case("obligation_employment:claim_paid", CLERK_ONLY, kwargs=pk("oe_claim_sent")),
    Case("obligation_employment:claim_pdf", CLERK_ONLY, kwargs=pk("oe_claim")),
    # A forged POST by anyone but the clerk changes nothing (and for the clerk the form shows its errors).
    Case(
        "obligation_employment:claim_submit",
        CLERK_ONLY,
        kwargs=pk("oe_claim"),
        method="post",
        data=lambda w: {"submitted_on": "", "amount_claimed": "1"},
        id="oe_claim_submit:post",
    ),
    Case(
        "obligation_employment:meeting",
        CASE_HANDLERS,
        kwargs=pk("oe_new"),
        method="post",
        data=lambda w: {"meeting_date": ""},
        id="oe_meeting:post",
    ),
]
