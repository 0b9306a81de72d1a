from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys import limits, phones
from joutsa_tyollisyys.forms import DateInput, DateTimeInput, LongSelect, UserChoiceField, VersionField, user_choices

from . import national_id as nid
from .enums import ClientStatus, InvitationMethod, MeetingKind, PhoneOutcome
from .models import Client, Consent
from .rules import income_of_benefit, main_income_choices
from .selectors import client_workers


class ClientSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or personal identity code"), required=False, max_length=60)
    worker = forms.ChoiceField(label=_("Responsible worker"), required=False, widget=LongSelect)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(ClientStatus.choices))
    typ = forms.ChoiceField(label=_("TYP client"), required=False,
                            choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", _("All")), ("none", _("No responsible worker"))] + [
            (str(pk), name) for pk, name in user_choices(client_workers(colleagues_of=user))
        ]


class ClientForm(forms.ModelForm):
    # 11 characters; a longer input (a space inside) gets parse()'s own sentence, not "at most 11 characters"
    national_id = forms.CharField(label=_("Personal identity code"), max_length=20,
                                  help_text=_("For example 131052-900W. Stored encrypted."))
    version = VersionField()
    similar_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Client
        fields = [
            "national_id", "first_name", "last_name", "language", "phone", "text_messages_refused", "email",
            "street_address", "postal_code", "post_office", "contact_checked_on", "main_income", "unemployed_since",
            "is_typ", "health_notes",
        ]
        widgets = {
            "contact_checked_on": DateInput(),
            "unemployed_since": DateInput(),
            "health_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, show_health=True, on=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["similar_confirmed"]
            del self.fields["national_id"]  # the id of a person does not change; a wrong one is a new record
            self.fields["version"].initial = self.instance.version
        if not show_health:
            del self.fields["health_notes"]
        # The choices in force on the date the form is for (today for new data); a record keeps its own value.
        self.fields["main_income"].choices = main_income_choices(
            on or timezone.localdate(), current=self.instance.main_income if self.instance.pk else None
        )
        offered = {value for value, _label in self.fields["main_income"].choices}
        if not self.instance.pk and self.initial.get("main_income") not in offered:
            self.initial["main_income"] = income_of_benefit("", on or timezone.localdate())

    def clean_phone(self):
        """A phone number is stored in one international form ("+358 40 1234567"). A number saved before the
        check, unchanged, is kept as it is, so that it does not stop other changes (no text is sent to it)."""
        number = (self.cleaned_data.get("phone") or "").strip()
        if self.instance.pk and number == (self.instance.phone or "").strip():
            try:
                return phones.normalized(number)
            except ValidationError:
                return number
        return phones.normalized(number)

    def clean_national_id(self):
        parsed = nid.parse(self.cleaned_data["national_id"])
        nid.check_plausible_age(parsed.birth_date, timezone.localdate())
        return parsed.code


class AssignWorkerForm(forms.Form):
    worker = UserChoiceField(label=_("New responsible worker"), queryset=None, required=True)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    #: Who was responsible when the form was opened ("none" for nobody): a change made meanwhile by someone else
    #: is refused, not overwritten (a lost update); a form without it is refused too.
    seen_worker = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = client_workers()

    @staticmethod
    def seen(client) -> str:
        return str(client.responsible_worker_id or "none")

    def clean_seen_worker(self):
        value = (self.cleaned_data.get("seen_worker") or "").strip()
        if value == "none":
            return None
        if value.isdigit():
            return int(value)
        return -1 if value else ""  # garbage: matches nobody (refused as a change meanwhile)

    def clean(self):
        data = super().clean()
        if data.get("seen_worker") == "":
            from joutsa_tyollisyys.services import MissingVersionError

            raise MissingVersionError()
        return data


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "details", "given_on"]
        widgets = {"given_on": DateInput()}


class MeetingLogForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Time"), widget=DateTimeInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600, initial=60)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes (confidential)"), max_length=limits.NOTES, required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))
    next_steps = forms.CharField(label=_("Agreed next steps"), max_length=limits.TEXT, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    contact_checked = forms.BooleanField(label=_("Contact details checked in this meeting"), required=False)
    next_starts_at = forms.DateTimeField(label=_("Next meeting"), widget=DateTimeInput(), required=False,
                                         help_text=_("Agree on the next meeting: it goes to your calendar."))
    next_location = forms.CharField(label=_("Place of the next meeting"), max_length=200, required=False)
    version = VersionField()


class MeetingPlanForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Time"), widget=DateTimeInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600, initial=60)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)


class InvitationForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=InvitationMethod.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label=_("Outcome of the call"), required=False,
                                choices=[("", "—")] + list(PhoneOutcome.choices))
    starts_at = forms.DateTimeField(label=_("Meeting time"), widget=DateTimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    message = forms.CharField(
        max_length=limits.REASON, label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("For a letter: a few words printed in the letter."))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") is None and data.get("method") == InvitationMethod.PHONE and \
                data.get("outcome") == PhoneOutcome.REACHED:
            raise ValidationError({"starts_at": _("The call agreed a meeting: give its time.")})
        return data


class TERecordForm(forms.Form):
    made_on = forms.DateField(label=_("Made on"), widget=DateInput())
    made_by = forms.CharField(label=_("Made by"), max_length=150,
                              help_text=_("For example the TE expert's name."))
    next_update_due = forms.DateField(label=_("Next update due"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)


class LogExtractForm(forms.Form):
    """The data protection officer's extract: whose log (by personal identity code) and which period."""

    national_id = forms.CharField(label=_("Client's personal identity code"), max_length=11,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    start = forms.DateField(label=_("Period from"), widget=DateInput())
    end = forms.DateField(label=_("Period to"), widget=DateInput())

    def clean_national_id(self):
        return nid.parse(self.cleaned_data["national_id"]).code
