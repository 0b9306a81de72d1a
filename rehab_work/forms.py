from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.dates import previous_month
from joutsa_tyollisyys.forms import DateInput, DateTimeInput, FinnishDecimalField, VersionField
from joutsa_tyollisyys.parsing import query_month
from joutsa_tyollisyys.workdays import working_day_on_or_after, working_day_on_or_before

from . import rules
from .enums import AgreementStatus, DecisionOutcome, FeedbackFilledBy, NextStep, Weekday
from .models import FEEDBACK_SCORES, Placement, RehabAgreement
from .services import AGREEMENT_TERMS


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_current_timezone())


def final_evaluation_default(agreement) -> datetime:
    return _at(working_day_on_or_before(agreement.final_evaluation_deadline))


class AgreementForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Agreed weekdays"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The weekdays on which the client may attend."),
    )
    version = VersionField()

    class Meta:
        model = RehabAgreement
        fields = list(AGREEMENT_TERMS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "coaching_plan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "end_date": _("A period lasts 3–24 months."),
            "days_per_week": _("1–4 days a week (law 189/2001 § 13)."),
            "hours_per_day": _("At least 4 hours a day."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        placements = Placement.objects.filter(active=True)
        if self.instance.pk:
            placements = placements | Placement.objects.filter(pk=self.instance.placement_id)
            self.fields["version"].initial = self.instance.version
            self.initial["weekdays"] = list(self.instance.weekdays)
        self.fields["placement"].queryset = placements.order_by("name")

    def clean_weekdays(self):
        return rules.normalise_weekdays(self.cleaned_data["weekdays"])

    def _post_clean(self):
        # The service validates (law, overlaps) and saves; the form only checks the input types.
        pass

    def terms(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        max_length=limits.TEXT,
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for a rejection; printed in the decision."),
    )
    version = VersionField()


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    first_follow_up_at = forms.DateTimeField(
        label=_("Next meeting"),
        widget=DateTimeInput(),
        help_text=_("Agree on the next meeting at signing: it goes to your calendar."),
    )
    follow_up_interval_weeks = forms.IntegerField(
        label=_("Then a follow-up meeting every (weeks)"),
        min_value=0,
        max_value=12,
        initial=4,
        help_text=_("0: only the next meeting is booked now."),
    )
    final_evaluation_at = forms.DateTimeField(
        label=_("Final evaluation"),
        widget=DateTimeInput(),
        help_text=_("No later than two weeks before the end of the agreement."),
    )
    location = forms.CharField(label=_("Place of the meetings"), max_length=200, required=False)
    version = VersionField()

    @classmethod
    def initial_for(cls, agreement):
        today = timezone.localdate()
        return {
            "signed_on": today,
            "first_follow_up_at": _at(working_day_on_or_after(today + timedelta(days=14))),
            "final_evaluation_at": final_evaluation_default(agreement),
            "follow_up_interval_weeks": 4,
            "location": agreement.placement.address or agreement.placement.name,
            "version": agreement.version,
        }


class ExtendForm(forms.Form):
    new_end_date = forms.DateField(
        label=_("New end date"),
        widget=DateInput(),
        help_text=_("The whole period may last at most 24 months."),
    )
    final_evaluation_at = forms.DateTimeField(
        label=_("Final evaluation"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("The booked final evaluation moves here: no later than two weeks before the new end."),
    )
    reason = forms.CharField(max_length=limits.REASON, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class EndEarlyForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DateInput())
    reason = forms.CharField(
        max_length=limits.REASON, label=_("Reason for ending"), widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


class FinalEvaluationForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    summary = forms.CharField(
        max_length=limits.NOTES, label=_("Summary of the evaluation"), widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_step = forms.ChoiceField(
        label=_("Next step"), required=False, choices=[("", _("Not decided yet"))] + list(NextStep.choices)
    )
    next_step_details = forms.CharField(label=_("Details of the next step"), max_length=300, required=False)


class FeedbackForm(forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    filled_by = forms.ChoiceField(
        label=_("Filled in"), choices=FeedbackFilledBy.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        max_length=limits.TEXT,
        label=_("Free feedback"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in reports only anonymously, without names."),
    )

    SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in FEEDBACK_SCORES:
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=self.SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = strongly disagree, 5 = strongly agree"),
            )
        self.order_fields(["given_on", "filled_by", *[n for n, _q in FEEDBACK_SCORES], "comments"])


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Year and month, e.g. 2025-03."),
    )

    def clean_month(self):
        month = query_month(self.cleaned_data["month"])  # one parser of months (years 1900-2099)
        if month is None:
            raise forms.ValidationError(_("Give the month as year and month, e.g. 2025-03."))
        return month.year, month.month


class ClaimCreateForm(forms.Form):
    period_start = forms.DateField(label=_("Start of the accounting period"), widget=DateInput())
    period_end = forms.DateField(label=_("End of the accounting period"), widget=DateInput())

    @staticmethod
    def previous_month():
        start, end = previous_month(timezone.localdate())
        return {"period_start": start, "period_end": end}


class ClaimSubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())
    reference = forms.CharField(
        label=_("KEHA reference"),
        max_length=60,
        required=False,
        help_text=_("For example the case number given by the KEHA centre."),
    )
    version = VersionField()


class ClaimPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    paid_amount = FinnishDecimalField(label=_("Amount paid (€)"), max_digits=10, decimal_places=2, min_value=0)
    version = VersionField()


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(AgreementStatus.choices)
    )
