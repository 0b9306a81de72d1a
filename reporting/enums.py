from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", pgettext_lazy("report status", "Final")


#: Allowed status changes: a draft is finalised; a final report never changes (a new version replaces it).
TRANSITIONS = {ReportStatus.DRAFT: {ReportStatus.FINAL}, ReportStatus.FINAL: set()}
