from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    CONFIRM = "confirm", _("Waiting for confirmation to replace")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing was saved")
    CANCELLED = "cancelled", _("Cancelled: nothing was saved")


#: Allowed status changes of an import job (from → to).
JOB_TRANSITIONS = {
    JobStatus.CONFIRM: {JobStatus.QUEUED, JobStatus.CANCELLED},
    JobStatus.QUEUED: {JobStatus.RUNNING, JobStatus.FAILED},
    JobStatus.RUNNING: {JobStatus.DONE, JobStatus.FAILED},
    JobStatus.DONE: set(),
    JobStatus.FAILED: set(),
    JobStatus.CANCELLED: set(),
}

#: States in which the job page keeps polling for progress.
JOB_ACTIVE = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})


class JobStage(models.TextChoices):
    WAITING = "waiting", _("Waiting for a worker process")
    MATCHING = "matching", _("Matching persons to clients")
    SAVING = "saving", _("Saving the list")
    FINISHED = "finished", _("Finished")


class BulkAction(models.TextChoices):
    RESPONSIBLE = "responsible", _("Name as responsible worker")
    CONTACT = "contact", _("Name as the person who contacts")
