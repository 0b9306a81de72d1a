import secrets
from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import access_log_chain as chain
from . import rates
from .constraints import ConstraintErrorsOnFields


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Team(models.Model):
    """Workers in one team share their clients (a coach may act for a teammate's client)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    calendar_token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.get_full_name() or self.username


class VersionedModel(ConstraintErrorsOnFields, models.Model):
    """Base for case models: created/updated stamps and a version for optimistic locking."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Notification(models.Model):
    """A line on a worker's front page (and optionally an e-mail), e.g. 'decision approved'."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    # The text in the default language when it was made (the e-mail's subject; what a notification made before the
    # texts were stored as msgids shows, and what one shows if its msgid cannot be rendered).
    message = models.CharField(_("message"), max_length=300)
    # The English msgid, its parameters and plural (``messages.Text.as_json``): shown in the reader's language.
    text_json = models.JSONField(_("text"), null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """The notification in the active language (the stored text when it has no msgid or does not render)."""
        from .messages import render

        if not self.text_json:
            return self.message
        try:
            return render(self.text_json)[:300]
        except (KeyError, ValueError, TypeError):  # a broken translation or parameter: the text as it was made
            return self.message


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One read of a client's personal data (page, PDF, export). Append-only, hash-chained.

    ``client_id`` and ``user_id`` are plain numbers, not foreign keys, so that the log outlives the
    rows it speaks of (erasure of a client after the retention period keeps the log intact).
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        PDF = "pdf", _("printed (PDF)")
        EXPORT = "export", _("exported")
        SEARCH = "search", _("searched by national id")
        ROLES = "roles", _("changed roles or team")
        SIGN_IN = "sign_in", _("signed in with the break-glass account")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, db_index=True)
    username = models.CharField(_("user"), max_length=150)
    client_id = models.BigIntegerField(_("client id"), null=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what"), max_length=200)
    path = models.CharField(_("address"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The chain (``access_log``): empty until the row is sealed, in batches, after it was written.
    prev_hash = models.CharField(max_length=64, unique=True, null=True)  # unique: the chain cannot fork
    hash = models.CharField(max_length=64, unique=True, null=True)
    seq = models.BigIntegerField(unique=True, null=True, editable=False)  # the row's place in the chain
    mac = models.CharField(max_length=64, blank=True, editable=False)  # a keyed MAC of the fields until sealed

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["id"], condition=models.Q(hash__isnull=True), name="accesslog_unsealed")]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.username} {self.action} {self.what}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:core_accesslogentry_change", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")

    HASH_SEPARATOR = chain.SEPARATOR

    def hashed_fields(self) -> list[str]:
        """The fields the hash covers after ``prev_hash``, as text."""
        return chain.hashed_fields(self)

    def compute_hash(self) -> str:
        """The row's link in the keyed chain (``access_log_chain``: needs ``ACCESS_LOG_HMAC_KEY``)."""
        return chain.link_hash(self.prev_hash, self.hashed_fields())


class DateEffectiveQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(rates.valid_on_q(day))

    def valid_during(self, start, end):
        return rates.rate_rows(self, start, end)


class DateEffective(ConstraintErrorsOnFields, models.Model):
    """Base for rate tables the law changes (docs/design.md: rows with valid_from/valid_to, looked up by date).

    Subclasses name the fields that identify one series in ``effective_key`` (e.g. ``("category",)``);
    periods of one series may not overlap. A new row that starts after the series' open row (no end) ends that
    row on the day before (``save``). Look up with ``Model.objects.valid_on(day)``, ``valid_during(start, end)``
    or ``rate_on``; in memory with ``joutsa_tyollisyys.rates.row_on``.
    """

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    effective_key: tuple = ()
    objects = DateEffectiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("The end of validity cannot be before its start."),
            )
        ]

    def save(self, *args, **kwargs):
        with transaction.atomic():
            predecessor = self.open_predecessor()
            if predecessor is not None:
                predecessor.valid_to = self.valid_from - timedelta(days=1)
                predecessor.save(update_fields=["valid_to"])
            super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity cannot be before its start.")})
        if self.valid_from is None:
            return
        overlapping = self._same_series().filter(rates.valid_during_q(self.valid_from, self.valid_to or date.max))
        predecessor = self.open_predecessor()
        if predecessor is not None:
            overlapping = overlapping.exclude(pk=predecessor.pk)
        if overlapping.exists():
            raise ValidationError(_("The validity overlaps another row of the same rate: end that row first."))

    def _same_series(self):
        rows = type(self)._default_manager.filter(**{f: getattr(self, f) for f in self.effective_key})
        return rows.exclude(pk=self.pk) if self.pk else rows

    def open_predecessor(self):
        """The series' open row that a new row starting later ends (None when editing or there is none)."""
        if self.pk or self.valid_from is None:
            return None
        return self._same_series().filter(valid_to__isnull=True, valid_from__lt=self.valid_from).first()

    @classmethod
    def rate_on(cls, day, **key):
        """The row valid on ``day`` for the series ``key``; raises ``cls.DoesNotExist`` when none is."""
        return cls._default_manager.filter(**key).valid_on(day).order_by("-valid_from").first() or _raise(cls)


def _raise(cls):
    raise cls.DoesNotExist(f"No {cls.__name__} valid on that date")


class AccessibilityFeedback(models.Model):
    """Feedback sent from the accessibility statement (law 306/2019 § 15: the service must offer a channel
    for reporting accessibility problems and asking for inaccessible content; the answer is due in 14
    days). Anyone may send it, signed in or not; administrators read it in Administration."""

    message = models.TextField(_("feedback"), max_length=2000)
    contact = models.CharField(_("contact details for the answer"), max_length=200, blank=True)
    page = models.CharField(_("page the feedback is about"), max_length=300, blank=True)
    sent_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self):
        return self.message[:60]


class LawRuleSet(models.Model):
    """The employment-services law in force from ``valid_from`` until the next row's ``valid_from``.

    docs/domain.md § 8: the reforms are rows, not ``if``s on dates. Seeded by a data migration (the law before
    TE24, TE24 on 1.1.2025, the activation reform HE 109/2025 on 1.1.2026); where a date is not confirmed
    the administrator edits it here (with history), and every rule, queue, page and PDF asks
    ``joutsa_tyollisyys.law.law_on(day)`` for the day it is applied to.
    """

    valid_from = models.DateField(_("in force from"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    employment_authority = models.BooleanField(
        _("municipal employment authority"),
        default=False,
        help_text=_("TE24: the municipal employment authority has replaced the TE office."),
    )
    services_act = models.CharField(
        _("act on employment services"), max_length=30, help_text=_("For example 916/2012 or 380/2023.")
    )
    multi_agency_act = models.CharField(
        _("act on multi-agency promotion of employment"),
        max_length=30,
        help_text=_("For example 1369/2014 or 381/2023."),
    )
    activation_income_support_only = models.BooleanField(
        _("activation plans only for income-support clients"),
        default=False,
        help_text=_(
            "Activation reform (HE 109/2025): the activation condition and the activation plan apply only to "
            "people on income support because of unemployment; for people on an unemployment benefit "
            "rehabilitative work is based on the multi-agency employment plan."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("law in force")
        verbose_name_plural = _("laws in force")

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d.%m.%Y}–)"


from .sso_models import SsoGroupRole, SsoIdentity  # noqa: E402,F401  (models of single sign-on, sso.py)
