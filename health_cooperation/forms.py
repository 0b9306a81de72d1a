from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.forms import DateInput, VersionField

from .enums import ExaminationStatus, InvestigationOutcome, ReferralTarget, WorkCapacity
from .selectors import free_slots


def _date(label, required=False, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


class ChecksDueForm(forms.Form):
    months = forms.IntegerField(
        label=_("No check in the last (months)"), min_value=1, max_value=60, required=False
    )
    mine = forms.BooleanField(label=_("Only clients I am responsible for"), required=False)


class HealthCheckReferForm(forms.Form):
    referred_on = _date(_("Referred on"), required=True)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    appointment_on = _date(_("Appointment on"), help_text=_("If the time is already known."))
    referral_form_sent_on = _date(_("TE referral form sent on"))


class HealthCheckFormsForm(forms.Form):
    appointment_on = _date(_("Appointment on"))
    referral_form_sent_on = _date(_("TE referral form sent on"))
    feedback_form_received_on = _date(_("Feedback form received on"))
    feedback_sent_to_te_on = _date(
        _("Feedback sent to TE services on"),
        help_text=_("A data transfer: needs the client's consent in force."),
    )
    version = VersionField()


class HealthCheckOutcomeForm(forms.Form):
    checked_on = _date(_("Check done on"), required=True)
    work_capacity = forms.ChoiceField(label=_("Work capacity"), choices=WorkCapacity.choices)
    work_capacity_note = forms.CharField(
        max_length=limits.TEXT,
        label=_("Work-capacity note (confidential)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible only to the client's own workers."),
    )
    version = VersionField()


class GuidedReferralForm(forms.Form):
    target = forms.ChoiceField(label=_("Referred to"), choices=ReferralTarget.choices)
    reason = forms.CharField(
        max_length=limits.REASON,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No client is passed on without a recorded reason."),
    )
    receiver = forms.CharField(label=_("Receiving worker or unit"), max_length=200, required=False)
    sent_on = _date(_("Sent on"), required=True)


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        start = timezone.localtime(slot.starts_at)
        when = f"{date_format(start, 'D j.n.Y')} {start:%H:%M}"
        return f"{when} · {slot.get_kind_display()} · {slot.meeting.place}"


class SoteBookingForm(forms.Form):
    slot = SlotChoiceField(label=_("Slot"), queryset=None, empty_label=_("Choose a slot"))
    topic = forms.CharField(
        max_length=limits.TEXT,
        label=_("What the team is asked to consider"), widget=forms.Textarea(attrs={"rows": 3})
    )
    client_permission_on = _date(
        _("Client's permission given on"),
        help_text=_("Needed for a consultation: the client has allowed the team to discuss their case."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = free_slots()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class BookingOutcomeForm(forms.Form):
    outcome = forms.CharField(
        max_length=limits.NOTES,
        label=_("Team's conclusion (confidential)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    version = VersionField()


class NextStepForm(forms.Form):
    description = forms.CharField(label=_("Next step"), max_length=300)
    due_on = _date(_("Due on"))


class PensionOpenForm(forms.Form):
    opened_on = _date(_("Opened on"), required=True)
    health_centre_contact = forms.CharField(
        label=_("Contact at the health centre"),
        max_length=200,
        required=False,
        help_text=_("For example the health centre's service coordinator."),
    )


class PensionExaminationForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ExaminationStatus.choices)
    responsible = forms.CharField(label=_("Who is responsible"), max_length=200, required=False)
    planned_on = _date(_("Planned for"))
    done_on = _date(_("Done on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = VersionField()


class PensionCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=InvestigationOutcome.choices)
    closed_on = _date(_("Closed on"), required=True)
    close_note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = VersionField()
