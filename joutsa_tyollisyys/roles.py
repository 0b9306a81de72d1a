"""The roles of docs/domain.md § 2. A role is a Django group with the same name (made by a data migration)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COACH = "coach", _("Coach")
    YOUTH_WORKER = "youth_worker", _("Youth outreach worker")
    SOCIAL_COUNSELLOR = "social_counsellor", _("Social counsellor")
    OFFICE_CLERK = "office_clerk", _("Office clerk")
    WORKING_GROUP = "working_group", _("Working group")
    ADMIN = "admin", _("Administrator")
    #: Reads the access log and makes a client's log extract, and makes the data subject's own full copy (GDPR
    #: art. 15 right of access: every part, the full national id, the access log); sees no case content or page.
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    #: Decides on a rehabilitative-work agreement when no social counsellor may: every one of them drafted or
    #: edited it (nobody decides on their own draft). Designated by the administrator, e.g. the head of social
    #: work or a counsellor of the wellbeing services county; sees only those agreements.
    SUBSTITUTE_DECISION_MAKER = "substitute_decision_maker", _("Substitute decision-maker (rehabilitative work)")


#: Roles that work with clients in person (may hold responsibility for a client).
CLIENT_WORKERS = frozenset({Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR})
#: Roles that may see a client's personal data at all (the working group never does).
PERSONAL_DATA_ROLES = frozenset(
    {Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR, Role.OFFICE_CLERK, Role.ADMIN,
     Role.SUBSTITUTE_DECISION_MAKER}
)
#: Youth outreach workers see only clients younger than this (docs/domain.md § 2).
YOUTH_AGE_LIMIT = 29


def roles_of(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the request (the session's user comes with them:
    ``auth.ModelBackend.get_user`` reads them in the same query)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_cache = cached
    return cached


def has_role(user, *roles) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})
