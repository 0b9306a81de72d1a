"""States of an obligation-employment case and of a wage-subsidy claim, with their transition tables.

Who may make each transition is in ``permissions.py``; the services check both (docs/domain.md § 5.3).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    AWAITING_MEETING = "awaiting_meeting", _("Awaiting the supervisors' meeting")
    WORK_CHOSEN = "work_chosen", _("Suitable work chosen")
    APPLICATION_SENT = "application_sent", _("Wage subsidy applied for")
    DECISION_RECEIVED = "decision_received", _("Wage subsidy decided")
    EMPLOYED = "employed", _("Employed")
    CLOSED = "closed", _("Closed")


#: Allowed status changes (from → to). Every open case can be closed (the client may decline).
CASE_TRANSITIONS = {
    CaseStatus.AWAITING_MEETING: {CaseStatus.WORK_CHOSEN, CaseStatus.CLOSED},
    CaseStatus.WORK_CHOSEN: {CaseStatus.APPLICATION_SENT, CaseStatus.CLOSED},
    CaseStatus.APPLICATION_SENT: {CaseStatus.DECISION_RECEIVED, CaseStatus.CLOSED},
    CaseStatus.DECISION_RECEIVED: {CaseStatus.EMPLOYED, CaseStatus.CLOSED},
    CaseStatus.EMPLOYED: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}

OPEN_STATUSES = frozenset(set(CaseStatus) - {CaseStatus.CLOSED})


class Outcome(models.TextChoices):
    EMPLOYMENT_COMPLETED = "completed", _("Employment period completed")
    EMPLOYMENT_ENDED_EARLY = "ended_early", _("Employment ended early")
    CLIENT_DECLINED = "declined", _("Client declined the work")
    SUBSIDY_NOT_GRANTED = "not_granted", _("Wage subsidy not granted")
    OTHER = "other", _("Other reason")


#: Which outcomes fit a case closed from each state.
OUTCOMES_BY_STATUS = {
    CaseStatus.AWAITING_MEETING: {Outcome.CLIENT_DECLINED, Outcome.OTHER},
    CaseStatus.WORK_CHOSEN: {Outcome.CLIENT_DECLINED, Outcome.OTHER},
    CaseStatus.APPLICATION_SENT: {Outcome.CLIENT_DECLINED, Outcome.SUBSIDY_NOT_GRANTED, Outcome.OTHER},
    CaseStatus.DECISION_RECEIVED: {Outcome.CLIENT_DECLINED, Outcome.OTHER},
    CaseStatus.EMPLOYED: {Outcome.EMPLOYMENT_COMPLETED, Outcome.EMPLOYMENT_ENDED_EARLY, Outcome.OTHER},
}


class MeetingDecision(models.TextChoices):
    SUITABLE_WORK = "work", _("Suitable work found")
    CLIENT_DECLINED = "declined", _("Client declined")


class RateCategory(models.TextChoices):
    """Wage-subsidy categories from 1.7.2023 (docs/domain.md § 5.4); percentages come from the rate table."""

    SKILLS_GAP = "50", _("50 % – skills gap")
    REDUCED_WORK_CAPACITY = "70", _("70 % – reduced work capacity")
    NON_BUSINESS = "100", _("100 % – associations, non-business work")


class ClaimPeriodLength(models.IntegerChoices):
    ONE = 1, _("1 month")
    TWO = 2, _("2 months")
    THREE = 3, _("3 months")


class ClaimStatus(models.TextChoices):
    DUE = "due", _("Not yet claimed")
    SUBMITTED = "submitted", _("Submitted")
    PAID = "paid", _("Paid")
    LAPSED = "lapsed", _("Lapsed")


#: A lapsed claim can still be recorded as submitted when it was in fact sent by its deadline.
CLAIM_TRANSITIONS = {
    ClaimStatus.DUE: {ClaimStatus.SUBMITTED, ClaimStatus.LAPSED},
    ClaimStatus.SUBMITTED: {ClaimStatus.PAID},
    ClaimStatus.PAID: set(),
    ClaimStatus.LAPSED: {ClaimStatus.SUBMITTED},
}
