from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacementKind(models.TextChoices):
    TYOVARIKKO = "tyovarikko", _("TyöVarikko workshop")
    YOUTH_WORKSHOP = "youth_workshop", _("Youth workshop")
    MUNICIPAL_UNIT = "municipal_unit", _("Municipal unit")
    ASSOCIATION = "association", _("Association")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting decision")
    APPROVED = "approved", _("Approved, not signed")
    REJECTED = "rejected", _("Rejected")
    SIGNED = "signed", _("Signed")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


#: Allowed status changes (from → to). A rejected agreement is revised (back to draft) or cancelled.
AGREEMENT_TRANSITIONS = {
    AgreementStatus.DRAFT: {AgreementStatus.SUBMITTED, AgreementStatus.CANCELLED},
    AgreementStatus.SUBMITTED: {AgreementStatus.APPROVED, AgreementStatus.REJECTED},
    AgreementStatus.REJECTED: {AgreementStatus.DRAFT, AgreementStatus.CANCELLED},
    AgreementStatus.APPROVED: {AgreementStatus.SIGNED, AgreementStatus.CANCELLED},
    AgreementStatus.SIGNED: {AgreementStatus.ENDED},
    AgreementStatus.ENDED: set(),
    AgreementStatus.CANCELLED: set(),
}
#: Agreements in these states reserve the client's time: no two of them may overlap.
OCCUPYING_STATUSES = frozenset(
    {
        AgreementStatus.DRAFT,
        AgreementStatus.SUBMITTED,
        AgreementStatus.APPROVED,
        AgreementStatus.SIGNED,
        AgreementStatus.ENDED,
    }
)
#: The terms can be edited only in these states (editing a rejected agreement makes it a draft again).
EDITABLE_STATUSES = frozenset({AgreementStatus.DRAFT, AgreementStatus.REJECTED})
#: Attendance, the final evaluation and feedback belong to a signed (or since ended) agreement.
RUNNING_STATUSES = frozenset({AgreementStatus.SIGNED, AgreementStatus.ENDED})


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approve")
    REJECTED = "rejected", _("Reject")


class Weekday(models.TextChoices):
    MONDAY = "1", _("Monday")
    TUESDAY = "2", _("Tuesday")
    WEDNESDAY = "3", _("Wednesday")
    THURSDAY = "4", _("Thursday")
    FRIDAY = "5", _("Friday")
    SATURDAY = "6", _("Saturday")
    SUNDAY = "7", _("Sunday")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    OWN_ILLNESS = "own_illness", _("Absent: own illness")
    CHILD_ILLNESS = "child_illness", _("Absent: child's illness")
    JOB_INTERVIEW = "job_interview", _("Absent: job interview")
    UNEXCUSED = "unexcused", _("Absent: unexcused")


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    EARLY_END = "early_end", _("Early ending")


class NextStep(models.TextChoices):
    WORK = "work", _("Work")
    TRAINING = "training", _("Training or studies")
    NEW_PERIOD = "new_period", _("New period of rehabilitative work")
    OTHER_SERVICE = "other_service", _("Other service")


class FeedbackFilledBy(models.TextChoices):
    WITH_CLIENT = "with_client", _("Together with the client")
    BY_CLIENT = "by_client", _("By the client alone")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PAID = "paid", _("Paid")


CLAIM_TRANSITIONS = {
    ClaimStatus.DRAFT: {ClaimStatus.SUBMITTED},
    ClaimStatus.SUBMITTED: {ClaimStatus.PAID},
    ClaimStatus.PAID: set(),
}


class ClaimKind(models.TextChoices):
    ORIGINAL = "original", _("Claim")
    SUPPLEMENTARY = "supplementary", _("Supplementary claim")
