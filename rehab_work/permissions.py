"""Who may do what in rehabilitative work (django-rules), built on the predicates of clients.permissions.

- The client's own workers (coach, youth worker for young clients, social counsellor) draft and follow
  agreements, record attendance, the final evaluation and feedback.
- Only a social counsellor decides, and never on an agreement they wrote or edited themselves. When every social
  counsellor wrote or edited it (e.g. the only one drafted it), the substitute decision-maker designated by the
  administrator (role ``substitute_decision_maker``) decides instead, under the same four-eyes rule; they see
  those agreements only.
- The office clerk handles KEHA claims and sees attendance totals and statements, but not agreements
  (their free-text goals) or meeting notes.
- The working group sees aggregates only: the capacity page.
"""

import rules

from clients.permissions import (
    is_client_staff,
    is_clients_worker,
    is_coach,
    is_office_clerk,
    is_social_counsellor,
    is_working_group,
    is_youth_worker,
)
from joutsa_tyollisyys.roles import Role, has_role

from .enums import AgreementStatus


@rules.predicate
def is_agreement_worker(user, agreement):
    return agreement is not None and is_clients_worker.test(user, agreement.client)


@rules.predicate
def wrote_agreement(user, agreement):
    """The user drafted or edited the terms (a draft version of the agreement in its history is theirs)."""
    if agreement is None:
        return False
    return (
        agreement.drafted_by_id == user.pk
        or agreement.history.filter(history_user_id=user.pk, status=AgreementStatus.DRAFT).exists()
    )


@rules.predicate
def no_counsellor_may_decide(user, agreement):
    """Every active social counsellor drafted or edited the agreement: the substitute decision-maker's turn."""
    from . import selectors

    return agreement is not None and not selectors.counsellor_may_decide(agreement)


is_substitute_decision_maker = rules.predicate(
    lambda user: has_role(user, Role.SUBSTITUTE_DECISION_MAKER), name="is_substitute_decision_maker"
)
is_case_worker = is_coach | is_youth_worker | is_social_counsellor

rules.add_perm("rehab_work.view_placements", is_client_staff)
rules.add_perm("rehab_work.view_capacity", is_client_staff | is_working_group)
rules.add_perm("rehab_work.list_agreements", is_case_worker)
rules.add_perm("rehab_work.draft_agreement", is_clients_worker)  # object: the client
rules.add_perm("rehab_work.view_agreement", is_agreement_worker)
rules.add_perm("rehab_work.change_agreement", is_agreement_worker)
rules.add_perm("rehab_work.view_decision_queue", is_social_counsellor | is_substitute_decision_maker)
rules.add_perm(
    "rehab_work.decide",
    (is_social_counsellor & ~wrote_agreement)
    | (is_substitute_decision_maker & ~wrote_agreement & no_counsellor_may_decide),
)
rules.add_perm("rehab_work.record_attendance", is_case_worker)
rules.add_perm("rehab_work.view_attendance_totals", is_case_worker | is_office_clerk)
rules.add_perm("rehab_work.view_attendance_statement", is_agreement_worker | is_office_clerk)
rules.add_perm("rehab_work.manage_claims", is_office_clerk)
