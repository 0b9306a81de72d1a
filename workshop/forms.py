from django import forms
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.forms import DateInput, VersionField
from rehab_work.enums import Weekday

from . import selectors
from .enums import PERIOD_TRANSITIONS, SessionPresence
from .models import Coaching, CompetenceArea, CompetenceCertificate, Group, Qualification, ServicePeriod, YouthEnrolment
from .services import GROUP_FIELDS, PERIOD_FIELDS


class GroupForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    class Meta:
        model = Group
        fields = list(GROUP_FIELDS)
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = selectors.active_placements()
        if self.instance.pk:
            self.initial["weekdays"] = list(self.instance.weekdays)

    def clean_weekdays(self):
        return "".join(sorted(self.cleaned_data["weekdays"]))


class ParticipantForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = selectors.visible_clients(user).order_by("last_name", "first_name")


class SessionForm(forms.Form):
    cancelled = forms.BooleanField(label=_("The session was cancelled"), required=False)
    notes = forms.CharField(
        label=_("Notes of the session"), max_length=limits.TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not recorded")), *SessionPresence.choices]
        for participant, row in rows:
            name = f"p{participant.client_id}"
            self.fields[name] = forms.ChoiceField(
                label=participant.client.full_name, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.initial.setdefault(name, row.presence if row else "")

    def presence(self):
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if k.startswith("p") and k[1:].isdigit()}


class PeriodForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ServicePeriod
        fields = list(PERIOD_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = selectors.active_placements()
        if self.instance.pk:
            allowed = PERIOD_TRANSITIONS[self.instance.status] | {self.instance.status}
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=[c for c in ServicePeriod._meta.get_field("status").choices if c[0] in allowed],
                initial=self.instance.status,
            )


class CoachingForm(forms.ModelForm):
    class Meta:
        model = Coaching
        fields = ["kind", "period", "start_date", "end_date", "goals", "methods"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "methods": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ServicePeriod.objects.filter(client=client)


class YouthForm(forms.ModelForm):
    class Meta:
        model = YouthEnrolment
        fields = ["intake_channel", "start_date", "end_date", "strengths", "goals"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }


class AreaCheckboxes(forms.CheckboxSelectMultiple):
    """Each area's checkbox names its qualification, so that the page shows only the chosen one's areas."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-qualification"] = str(instance.qualification_id)
        return option


class CertificateForm(forms.ModelForm):
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.filter(active=True),
        widget=forms.Select(attrs={"data-filters": "areas"}),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Competence areas"),
        queryset=CompetenceArea.objects.filter(active=True, qualification__active=True).select_related("qualification"),
        widget=AreaCheckboxes,
        error_messages={"invalid_choice": _("Choose competence areas of the chosen qualification.")},
        help_text=_("Choose the areas of the chosen qualification that the work showed."),
    )

    class Meta:
        model = CompetenceCertificate
        fields = ["qualification", "areas", "placement", "start_date", "end_date", "work_description", "signer_title"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "work_description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = selectors.active_placements()
        self.fields["areas"].label_from_instance = lambda a: f"{a.name} ({a.qualification.name})"
        # The areas offered are those of the chosen qualification (also without JavaScript: after a
        # submit the page offers the chosen qualification's areas only, and the service refuses others).
        chosen = self.data.get(self.add_prefix("qualification")) if self.is_bound else self.initial.get("qualification")
        qualifications = self.fields["qualification"].queryset
        if not chosen and not self.is_bound and qualifications.count() == 1:
            chosen = qualifications.get().pk
            self.initial["qualification"] = chosen
        chosen = getattr(chosen, "pk", chosen)
        if str(chosen or "").isdigit() and qualifications.filter(pk=chosen).exists():
            self.fields["areas"].queryset = self.fields["areas"].queryset.filter(qualification_id=chosen)
