from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientStatus(models.TextChoices):
    NEW = "new", _("From the list, not contacted")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    ARCHIVED = "archived", _("Archived")


#: Allowed status changes (from → to). Archiving is final in the app; erasure is a command.
STATUS_TRANSITIONS = {
    ClientStatus.NEW: {ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.ARCHIVED},
    ClientStatus.ACTIVE: {ClientStatus.INACTIVE, ClientStatus.ARCHIVED},
    ClientStatus.INACTIVE: {ClientStatus.ACTIVE, ClientStatus.ARCHIVED},
    ClientStatus.ARCHIVED: set(),
}


class MainIncome(models.TextChoices):
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Unemployment allowance")
    LABOUR_MARKET_SUBSIDY = "labour_market_subsidy", _("Labour market subsidy")
    GENERAL_SUPPORT = "general_support", _("General unemployment support (yleistuki)")
    INCOME_SUPPORT = "income_support", _("Income support")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")
    OTHER = "other", _("Other")


class ConsentPurpose(models.TextChoices):
    HEALTH_SERVICES = "health_services", _("Sharing information with health services")
    DATA_TRANSFER = "data_transfer", _("Data transfer between authorities")
    TE_SERVICES = "te_services", _("Sharing information with the employment authority")
    OTHER = "other", _("Other")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


MEETING_TRANSITIONS = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: set(),
    MeetingStatus.NO_SHOW: set(),
    MeetingStatus.CANCELLED: set(),
}


class MeetingKind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    REMOTE = "remote", _("Remote")
    HOME_VISIT = "home_visit", _("Home visit")


class InvitationMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    TEXT = "text", _("Text message")


class PhoneOutcome(models.TextChoices):
    REACHED = "reached", _("Reached, meeting agreed")
    REACHED_DECLINED = "declined", _("Reached, declined")
    NOT_REACHED = "not_reached", _("Not reached")
    WRONG_NUMBER = "wrong_number", _("Wrong or missing number")
