from django import forms
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.forms import DateInput

from .enums import RECORDABLE, Timing
from .models import InvitationTemplate


class RoundForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template of the message"), queryset=None,
                                      empty_label=_("Choose the template"), required=False)
    timing = forms.ChoiceField(label=_("Time"), choices=Timing.choices, widget=forms.RadioSelect,
                               initial=Timing.SLOT)
    first_day = forms.DateField(label=_("Proposed times from"), widget=DateInput(), required=False,
                                help_text=_("Your free times on working days from this day on, office hours; "
                                            "never over your other meetings."))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=180, initial=45)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        templates = InvitationTemplate.objects.filter(active=True)
        self.fields["template"].queryset = templates
        only = list(templates[:2])
        if len(only) == 1:  # the usual case: one template, chosen already
            self.initial.setdefault("template", only[0].pk)


class MemberRecordForm(forms.Form):
    status = forms.ChoiceField(label=_("What came of it"), choices=[(s.value, s.label) for s in RECORDABLE])
