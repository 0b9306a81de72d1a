"""Single sign-on's two tables: the administrator's mapping of the identity provider's groups to roles, and which
account of the provider (issuer and subject) is which user here (``sso.py``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .models import Team, User
from .roles import Role


class SsoGroupRole(models.Model):
    """A group of the organisation's identity provider (as its group claim names it) gives a role, and may put the
    person in a team. Applied at every single sign-on: a group no longer in the claim takes its role away."""

    group = models.CharField(
        _("group in the identity service"), max_length=200,
        help_text=_("The group exactly as the identity service sends it in the group claim (in Entra ID the "
                    "group's object id, unless the application is set to send names)."))
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", help_text=_("Optional: members of the group are put in this team."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role"]
        verbose_name = _("group of the single sign-on")
        verbose_name_plural = _("groups of the single sign-on")
        constraints = [models.UniqueConstraint(
            fields=["group", "role"], name="sso_group_role_unique",
            violation_error_message=_("This group already gives this role."))]

    def __str__(self):
        return f"{self.group} → {self.get_role_display()}"


class SsoIdentity(models.Model):
    """The provider's account (issuer + ``sub``, which never changes) of a user: who signs in through it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="sso_identity",
                                verbose_name=_("user"))
    issuer = models.CharField(_("identity service"), max_length=300)
    subject = models.CharField(_("account in the identity service"), max_length=255)
    first_signed_in = models.DateTimeField(_("first single sign-on"), default=timezone.now)
    last_signed_in = models.DateTimeField(_("latest single sign-on"), default=timezone.now)

    class Meta:
        verbose_name = _("single sign-on account")
        verbose_name_plural = _("single sign-on accounts")
        constraints = [models.UniqueConstraint(
            fields=["issuer", "subject"], name="sso_identity_unique",
            violation_error_message=_("This account of the identity service already belongs to another user."))]

    def __str__(self):
        return f"{self.user} ({self.subject})"
