from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    TEXT = "text", _("Text message")
    PHONE = "phone", _("Phone call to make")


class Timing(models.TextChoices):
    SLOT = "slot", _("Propose a time from my free times")
    CALL_US = "call_us", _("Ask the person to call us (no time)")


class RoundStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, not sent")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class LettersStatus(models.TextChoices):
    NONE = "none", _("No letters")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Printing the letters")
    DONE = "done", _("Letters ready")
    FAILED = "failed", _("Printing failed")


LETTERS_ACTIVE = frozenset({LettersStatus.QUEUED, LettersStatus.RUNNING})


class MemberStatus(models.TextChoices):
    PLANNED = "planned", _("Not sent yet")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    TO_CALL = "to_call", _("To call")
    ANSWERED = "answered", _("Answered")
    CAME = "came", _("Came")
    NO_SHOW = "no_show", _("Did not come")
    CALL_AGAIN = "call_again", _("To call again")
    CANCELLED = "cancelled", _("Cancelled")


#: The outcomes a worker records for an invitation of a sent round.
RECORDABLE = (MemberStatus.ANSWERED, MemberStatus.CAME, MemberStatus.NO_SHOW, MemberStatus.CALL_AGAIN)
#: Reached: the person answered or came.
REACHED = frozenset({MemberStatus.ANSWERED, MemberStatus.CAME})
#: The persons the round's page lists to call.
TO_CALL = frozenset({MemberStatus.TO_CALL, MemberStatus.CALL_AGAIN, MemberStatus.FAILED})
