from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    WORK_TRIAL = "work_trial", _("Work trial")
    SOCIAL_REHABILITATION = "social_rehab", _("Social rehabilitation")
    ON_THE_JOB_LEARNING = "job_learning", _("On-the-job learning")
    COMMUNITY_SERVICE = "community_service", _("Community service")


class PeriodStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


#: Allowed status changes of a service period (from → to).
PERIOD_TRANSITIONS = {
    PeriodStatus.ACTIVE: {PeriodStatus.ENDED, PeriodStatus.CANCELLED},
    PeriodStatus.ENDED: set(),
    PeriodStatus.CANCELLED: set(),
}


class CoachingKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual coaching")
    WORK = "work", _("Work coaching")
    GROUP = "group", _("Group coaching")
    START = "start", _("Start coaching")


class IntakeChannel(models.TextChoices):
    TE_SERVICES = "te_services", _("Employment services (TE)")
    OUTREACH = "outreach", _("Outreach youth work")
    SOCIAL_HEALTH = "social_health", _("Social and health services")
    SELF = "self", _("Contacted the workshop directly")


class SessionPresence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement on rehabilitative work")
    FEEDBACK = "feedback", _("Client feedback form")
    COACHING_PLAN = "coaching_plan", _("Coaching plan")
    TRAVEL_EXPENSES = "travel_expenses", _("Travel-expense claim")
    CLIENT_GUIDE = "client_guide", _("Client guide to rehabilitative work")
    INFO_PACK = "info_pack", _("Info pack for new clients")
