from django import forms
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.forms import DateInput, VersionField

from .enums import MANUAL_END_REASONS, PARTIES, PlanKind
from .models import ActivationFigures, ActivationPlan, PlanTask, ServiceType
from .services import FIGURE_FIELDS, PLAN_FIELDS, SIGNATURE_OF, TASK_FIELDS


class FiguresForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ActivationFigures
        fields = list(FIGURE_FIELDS)
        widgets = {"checked_on": DateInput()}
        help_texts = {
            "subsidy_days_12m": _("Under 25: the condition is met at 180 days within 12 months."),
            "subsidy_days_total": _("25 or over: the condition is met at 500 days."),
            "income_support_months": _("Under 25: 4 months; 25 or over: 12 months."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PlanForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ActivationPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "review_by": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "rehab_goal": forms.Textarea(attrs={"rows": 3}),
            "support": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind=PlanKind.ACTIVATION, employment_authority=None, **kwargs):
        """``employment_authority``: TE24 in force on the plan's day (the expert's label follows the law)."""
        super().__init__(*args, **kwargs)
        if employment_authority is not None:
            self.fields["employment_party"].label = (
                _("Employment authority's expert") if employment_authority else _("TE office's expert")
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name in ("municipality_party", "employment_party", "kela_party"):
            if name not in PARTIES[kind]:
                del self.fields[name]
            else:
                self.fields[name].required = True


class PlanTaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = list(TASK_FIELDS)
        widgets = {"starts_on": DateInput()}
        help_texts = {"place": _("For rehabilitative work: the workplace.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = ServiceType.objects.filter(active=True)
        self.fields[
            "service_type"
        ].required = False  # an empty extra row is no row; the service checks filled ones


class BaseTaskFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list:
        """The filled rows' forms, in order, without the ones marked for removal."""
        return [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def rows(self) -> list[dict]:
        return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in self.filled_forms()]


TaskFormSet = forms.formset_factory(
    PlanTaskForm, formset=BaseTaskFormSet, extra=2, can_delete=True, max_num=30, validate_max=True
)


def task_initial(plan) -> list[dict]:
    return [{name: getattr(task, name) for name in TASK_FIELDS} for task in plan.tasks.all()]


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput())
    client_signed = forms.BooleanField(label=_("Signed by the client"), required=False)
    municipality_signed = forms.BooleanField(
        label=_("Signed by the municipality's representative"), required=False
    )
    employment_signed = forms.BooleanField(
        label=_("Signed by the TE office / employment authority"), required=False
    )
    kela_signed = forms.BooleanField(label=_("Signed by Kela"), required=False)
    version = VersionField()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = plan.version
        wanted = {SIGNATURE_OF[p] for p in PARTIES[PlanKind(plan.kind)]}
        for name in set(SIGNATURE_OF.values()) - wanted:
            del self.fields[name]


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=[("", "—")] + MANUAL_END_REASONS)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = VersionField()


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput())
    next_review_by = forms.DateField(label=_("Next review date"), widget=DateInput())
    notes = forms.CharField(
        max_length=limits.TEXT, label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )
    version = VersionField()
