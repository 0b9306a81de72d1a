"""States and choices of health and social-services cooperation (plan §§ 1.3, 1.8).

Each state machine has its transition table next to its states: a service refuses any other move.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthCheckStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    DONE = "done", _("Check done")
    CANCELLED = "cancelled", _("Cancelled")


HEALTH_CHECK_TRANSITIONS = {
    HealthCheckStatus.REFERRED: {HealthCheckStatus.DONE, HealthCheckStatus.CANCELLED},
    HealthCheckStatus.DONE: set(),
    HealthCheckStatus.CANCELLED: set(),
}


class WorkCapacity(models.TextChoices):
    """The outcome of an unemployed person's health check as the TE feedback form states it."""

    ABLE = "able", _("Able to work")
    REDUCED = "reduced", _("Reduced work capacity")
    UNABLE = "unable", _("Unable to work at present")
    UNCLEAR = "unclear", _("Further examinations needed")


class ReferralTarget(models.TextChoices):
    """Where a client is guided in person ("ohjataan saattaen")."""

    SOCIAL_COUNSELLOR = "social_counsellor", _("Social counsellor: social-welfare service-need assessment")
    SUBSTANCE_ABUSE = "substance_abuse", _("Substance-abuse services")
    MENTAL_HEALTH = "mental_health", _("Mental-health services")
    KELA_REHABILITATION = "kela_rehabilitation", _("Kela rehabilitation")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


#: Sent → received → done. "Stopped" only when the client withdraws the consent the referral rests on.
REFERRAL_TRANSITIONS = {
    ReferralStatus.SENT: {ReferralStatus.RECEIVED, ReferralStatus.STOPPED},
    ReferralStatus.RECEIVED: {ReferralStatus.DONE, ReferralStatus.STOPPED},
    ReferralStatus.DONE: set(),
    ReferralStatus.STOPPED: set(),
}
#: The moves a worker makes by hand (the URL names them); stopping happens on consent withdrawal.
REFERRAL_ACTIONS = {"received": ReferralStatus.RECEIVED, "done": ReferralStatus.DONE}


class SlotKind(models.TextChoices):
    RECEPTION = "reception", _("Multi-professional reception (client present)")
    CONSULTATION = "consultation", _("Consultation (with the client's permission)")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    HANDLED = "handled", _("Handled in the team")
    CANCELLED = "cancelled", _("Cancelled")


BOOKING_TRANSITIONS = {
    BookingStatus.BOOKED: {BookingStatus.HANDLED, BookingStatus.CANCELLED},
    BookingStatus.HANDLED: set(),
    BookingStatus.CANCELLED: set(),
}


class NextStepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class InvestigationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    STOPPED = "stopped", _("Stopped")


INVESTIGATION_TRANSITIONS = {
    InvestigationStatus.OPEN: {InvestigationStatus.CLOSED, InvestigationStatus.STOPPED},
    InvestigationStatus.CLOSED: set(),
    InvestigationStatus.STOPPED: set(),
}


class InvestigationOutcome(models.TextChoices):
    PENSION_APPLIED = "pension_applied", _("Disability pension applied for")
    REHABILITATION = "rehabilitation", _("Rehabilitation instead of pension")
    BACK_TO_SERVICES = "back_to_services", _("Continues in employment services")
    DISCONTINUED = "discontinued", _("Discontinued at the client's wish")


class ExaminationStatus(models.TextChoices):
    PENDING = "pending", _("To be done")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")
