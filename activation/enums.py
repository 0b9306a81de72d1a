from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    ACTIVATION = "activation", _("Activation plan")
    MULTI_AGENCY = "multi_agency", _("Multi-agency employment plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    ENDED = "ended", _("Ended")


#: Allowed state changes (from → to). A draft that is never agreed is ended ("not agreed").
PLAN_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.AGREED, PlanStatus.ENDED},
    PlanStatus.AGREED: {PlanStatus.ENDED},
    PlanStatus.ENDED: set(),
}


class EndReason(models.TextChoices):
    REPLACED = "replaced", _("Replaced by a new plan")
    GOALS_REACHED = "goals_reached", _("Goals reached")
    EMPLOYED = "employed", _("Employed or studying")
    NO_LONGER_ELIGIBLE = "not_eligible", _("The condition is no longer met")
    MOVED = "moved", _("Moved to another municipality")
    NOT_AGREED = "not_agreed", _("The draft was not agreed")
    OTHER = "other", _("Other reason")


#: Reasons a worker may choose; "replaced" is set by the app when a new plan is agreed.
MANUAL_END_REASONS = [(v, label) for v, label in EndReason.choices if v != EndReason.REPLACED]

#: The parties of each kind of plan besides the client (docs/domain.md § 5.1): field names on ActivationPlan.
PARTIES = {
    PlanKind.ACTIVATION: ("municipality_party", "employment_party"),
    PlanKind.MULTI_AGENCY: ("municipality_party", "employment_party", "kela_party"),
}
