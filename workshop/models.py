"""Workshop services (plan §§ 1.4–1.7, 3.1–3.2): service periods beyond rehabilitative work, coaching,
the youth workshop, groups with sessions and attendance, competence certificates and the form library.

Work trials happen at the placements of ``rehab_work.Placement`` (one registry for both services)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.constraints import ConstraintErrorsOnFields
from joutsa_tyollisyys.models import VersionedModel

from .enums import CoachingKind, DocumentKind, IntakeChannel, PeriodStatus, ServiceKind, SessionPresence


class ServiceLengthLimit(models.Model):
    """The longest period of one service kind (admin-editable; see workshop/rules.py for the sources)."""

    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices, unique=True)
    max_months = models.PositiveSmallIntegerField(
        _("longest period in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Leave empty when the length is agreed case by case."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service length limit")
        verbose_name_plural = _("service length limits")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.max_months or '–'}"


class ServicePeriod(VersionedModel):
    """A client's work trial, social rehabilitation, on-the-job learning or community service."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="service_periods"
    )
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices, db_index=True)
    placement = models.ForeignKey(
        "rehab_work.Placement",
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="service_periods",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible coach"),
        on_delete=models.PROTECT,
        related_name="workshop_periods",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.ACTIVE, db_index=True
    )
    hours_total = models.PositiveSmallIntegerField(
        _("hours of the sentence"),
        null=True,
        blank=True,
        help_text=_("Community service only: the hours the court sentenced."),
    )
    content = models.TextField(_("content and tasks"), max_length=limits.TEXT)
    goals = models.TextField(_("goals"), max_length=limits.TEXT)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("service period")
        verbose_name_plural = _("service periods")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["client", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="workshop_period_end_after_start",
                violation_error_message=_("The period cannot end before it starts: check the end date.")
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("workshop:period_edit", args=[self.pk])


class Coaching(models.Model):
    """A coaching kind given to a client (optionally within a service period): the coaching plan's rows."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="coachings"
    )
    period = models.ForeignKey(
        ServicePeriod,
        verbose_name=_("service period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coachings",
    )
    kind = models.CharField(_("coaching"), max_length=12, choices=CoachingKind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    goals = models.TextField(_("goals"), max_length=limits.TEXT)
    methods = models.TextField(_("how the coaching is given"), max_length=limits.TEXT, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coach"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coaching")
        verbose_name_plural = _("coaching")
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_date:%d.%m.%Y}"


class YouthEnrolment(models.Model):
    """A young person's (16–28) period at the youth workshop: how they came and goals from their strengths."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="youth_enrolments"
    )
    intake_channel = models.CharField(_("came through"), max_length=15, choices=IntakeChannel.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    strengths = models.TextField(_("the young person's strengths"), max_length=limits.TEXT)
    goals = models.TextField(_("goals"), max_length=limits.TEXT)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coach"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("youth workshop period")
        verbose_name_plural = _("youth workshop periods")
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return f"{self.get_intake_channel_display()} {self.start_date:%d.%m.%Y}"


class Group(VersionedModel):
    """Group activity (ryhmätoiminta) with a leader and a weekly schedule of sessions."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=limits.REASON, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="led_groups"
    )
    placement = models.ForeignKey(
        "rehab_work.Placement",
        verbose_name=_("placement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
    )
    weekdays = models.CharField(_("weekdays"), max_length=7)
    every_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=180, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    first_day = models.DateField(_("first session"))
    last_day = models.DateField(_("last session"))
    counts_as_rehab = models.BooleanField(
        _("counts as rehabilitative work"),
        default=False,
        help_text=_(
            "Presence is then also recorded as a rehabilitative-work day for participants with a signed agreement."
        ),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workshop:group_detail", args=[self.pk])

    @property
    def weekday_labels(self) -> list[str]:
        from rehab_work.enums import Weekday

        return [str(Weekday(d).label) for d in self.weekdays]


class GroupParticipant(ConstraintErrorsOnFields, models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="participants")
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="group_memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["group", "client"], name="workshop_participant_once",
            violation_error_message=_("The client is already in this group."))]

    def __str__(self):
        return str(self.client)


class GroupSession(ConstraintErrorsOnFields, models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(_("day"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    notes = models.TextField(_("notes of the session"), max_length=limits.TEXT, blank=True)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="workshop_session_once_a_day",
            violation_error_message=_("The group already has a session on this day."))]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.group} {self.day:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("workshop:session_attendance", args=[self.pk])


class SessionAttendance(ConstraintErrorsOnFields, models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendances")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(_("attendance"), max_length=10, choices=SessionPresence.choices)
    rehab_attendance = models.ForeignKey(
        "rehab_work.Attendance",
        verbose_name=_("rehabilitative-work day"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_sessions",
    )
    rehab_note = models.CharField(_("rehabilitative work"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="workshop_attendance_once_per_session",
                violation_error_message=_("The client's attendance at this session is already recorded."))
        ]

    def __str__(self):
        return f"{self.session} {self.get_presence_display()}"


class Qualification(models.Model):
    """A vocational qualification whose competence areas a certificate names (admin-maintained list)."""

    name = models.CharField(_("qualification"), max_length=150, unique=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("vocational qualification")
        verbose_name_plural = _("vocational qualifications")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CompetenceArea(ConstraintErrorsOnFields, models.Model):
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("qualification"), on_delete=models.CASCADE, related_name="areas"
    )
    name = models.CharField(_("competence area"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        ordering = ["qualification__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "name"], name="workshop_area_once_per_qualification",
                violation_error_message=_("The qualification already has an area of this name."))
        ]

    def __str__(self):
        return self.name


class CompetenceCertificate(models.Model):
    """Osaamistodistus: what the client learnt at the workshop, in a qualification's competence areas."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="competence_certificates"
    )
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("qualification"), on_delete=models.PROTECT, related_name="+"
    )
    areas = models.ManyToManyField(CompetenceArea, verbose_name=_("competence areas"), related_name="+")
    placement = models.ForeignKey(
        "rehab_work.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("work done from"))
    end_date = models.DateField(_("work done until"))
    work_description = models.TextField(_("work done and skills shown"), max_length=limits.TEXT)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signer_title = models.CharField(_("signer's title"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence certificate")
        verbose_name_plural = _("competence certificates")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"{self.qualification} {self.issued_on:%d.%m.%Y}"


def _library_path(instance, filename):
    return f"workshop/library/{instance.kind}/v{instance.version}-{filename}"


class LibraryDocument(ConstraintErrorsOnFields, models.Model):
    """One version of a unified form's blank (plan § 3.2), uploaded by the admin. The newest is in use."""

    kind = models.CharField(_("form"), max_length=20, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"), editable=False)
    file = models.FileField(_("file"), upload_to=_library_path)
    notes = models.CharField(_("what changed"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("form in the library")
        verbose_name_plural = _("forms in the library")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="workshop_document_version_once",
            violation_error_message=_("This form already has a document of this version."))]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    def save(self, *args, **kwargs):
        if not self.version:
            latest = LibraryDocument.objects.filter(kind=self.kind).aggregate(v=models.Max("version"))["v"]
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)
