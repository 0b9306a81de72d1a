from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField
from simple_history.models import HistoricalRecords

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.dates import age_on
from joutsa_tyollisyys.models import VersionedModel

from . import national_id as nid
from . import rules
from .enums import (
    ClientStatus,
    ConsentPurpose,
    InvitationMethod,
    Language,
    MainIncome,
    MeetingKind,
    MeetingStatus,
    PhoneOutcome,
)


class Client(VersionedModel):
    national_id = EncryptedCharField(_("personal identity code"), max_length=11)
    national_id_hash = models.CharField(max_length=64, unique=True, editable=False)
    first_name = models.CharField(_("first names"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, db_index=True)
    birth_date = models.DateField(_("date of birth"), editable=False)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.FI)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    #: The client's opt-out of text messages (invitations, meeting reminders): no text is queued while it is set.
    text_messages_refused = models.BooleanField(
        _("refuses text messages"), default=False,
        help_text=_("No invitations or meeting reminders are sent to the client by text message."))
    text_messages_refused_on = models.DateField(_("text messages refused on"), null=True, blank=True, editable=False)
    text_messages_refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("refusal recorded by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    contact_checked_on = models.DateField(_("contact details checked on"), null=True, blank=True)
    main_income = models.CharField(
        _("main income"), max_length=30, choices=MainIncome.choices, default=rules.default_main_income
    )
    unemployed_since = models.DateField(_("unemployed since"), null=True, blank=True)
    is_typ = models.BooleanField(_("TYP client (multi-agency service)"), default=False)
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for",
        db_index=False,  # the (responsible worker, status) index leads with it
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.ACTIVE, db_index=True
    )
    health_notes = models.TextField(
        _("health-related notes"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("Special-category data: visible only to the client's own workers."),
    )

    history = HistoricalRecords(excluded_fields=["national_id", "national_id_hash", "updated_at"])

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["responsible_worker", "status"]),
            # The clients nobody is responsible for, in name order, without reading the table: the payment-share
            # review's "no responsible worker" filter walks them by name (a city's 10,000 of 107,000: 30 → 4 ms for
            # a page), its figures read their ids (a semi-join on this).
            models.Index(fields=["last_name", "first_name", "id"], condition=models.Q(responsible_worker__isnull=True),
                         name="clients_without_worker_by_name"),
        ]

    def __str__(self):
        return f"{self.last_name} {self.first_name}"

    def get_absolute_url(self):
        return reverse("clients:detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_national_id(self):
        return nid.mask(self.national_id)

    def age_on(self, on: date | None = None) -> int:
        return age_on(self.birth_date, on or timezone.localdate())

    @property
    def age(self) -> int:
        return self.age_on()

    def set_national_id(self, code: str):
        parsed = nid.parse(code)
        self.national_id = parsed.code
        self.national_id_hash = nid.lookup_hash(parsed.code)
        self.birth_date = parsed.birth_date


class ResponsibleWorkerChange(models.Model):
    """The history of who has been responsible for a client, since when and why."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="worker_changes")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible worker"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    since = models.DateTimeField(_("since"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("change of responsible worker")
        verbose_name_plural = _("changes of responsible worker")

    def __str__(self):
        return f"{self.client_id}: {self.worker} ({self.since:%d.%m.%Y})"


class Consent(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    details = models.CharField(_("details"), max_length=300, blank=True)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")  # blank: a consent whose recorder left can still be withdrawn
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return self.get_purpose_display()

    def is_in_force(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


class Meeting(VersionedModel):
    # client and worker: no index of their own, the (client, time) and (worker, time) indexes lead with them.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="meetings", db_index=False)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="meetings",
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.IN_PERSON)
    starts_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes (confidential)"), max_length=limits.NOTES, blank=True)
    next_steps = models.TextField(_("agreed next steps"), max_length=limits.TEXT, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["worker", "starts_at"]),
            models.Index(fields=["client", "-starts_at"]),
            # "held since the start of the month" over all clients (payment-share contact counts): a range
            # read of the index alone.
            models.Index(fields=["status", "starts_at", "client"], name="clients_meeting_held_since"),
            # "a meeting held with this client since …" for each person on a list (payment-share figures, the
            # "not contacted in N months" filter, the last contact): a probe of the index alone.
            models.Index(fields=["client", "starts_at"], condition=models.Q(status="held"),
                         name="clients_meeting_held_by_client"),
        ]

    def __str__(self):
        return f"{self.client} {self.starts_at:%d.%m.%Y}"

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Invitation(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invitations")
    method = models.CharField(_("method"), max_length=10, choices=InvitationMethod.choices)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    starts_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome of the call"), max_length=20, choices=PhoneOutcome.choices, blank=True)
    message = models.TextField(_("message"), max_length=limits.REASON, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.get_method_display()} {self.created_at:%d.%m.%Y}"


class TEOfficeRecord(models.Model):
    """Base of documents made with the TE office / employment authority and recorded here (date, by whom,
    next update due), so that the monthly report can tell how many are up to date."""

    made_on = models.DateField(_("made on"))
    made_by = models.CharField(_("made by"), max_length=150, help_text=_("For example the TE expert's name."))
    next_update_due = models.DateField(_("next update due"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["-made_on", "-id"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.made_on:%d.%m.%Y}"

    def is_up_to_date(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.made_on <= on <= self.next_update_due


class ServiceNeedAssessment(TEOfficeRecord):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="service_need_assessments")

    class Meta(TEOfficeRecord.Meta):
        verbose_name = _("service-need assessment")
        verbose_name_plural = _("service-need assessments")


class EmploymentPlan(TEOfficeRecord):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="employment_plans")

    class Meta(TEOfficeRecord.Meta):
        verbose_name = _("employment plan")
        verbose_name_plural = _("employment plans")
