"""One form per step. Field names are the services' keyword arguments, so a view passes cleaned_data on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.forms import DateInput, VersionField

from .enums import OUTCOMES_BY_STATUS, CaseStatus, MeetingDecision, Outcome
from .models import ObligationCase, WageSubsidyClaim

DATE_FIELDS = {
    "notice_date",
    "allowance_end_date",
    "meeting_date",
    "application_sent_on",
    "applied_start",
    "applied_end",
    "decision_date",
    "decision_start",
    "decision_end",
    "contract_start",
    "contract_end",
    "closed_on",
    "submitted_on",
    "paid_on",
}


class StepForm(forms.ModelForm):
    """A step of a case or a claim: the listed fields are required (the model allows them empty until
    the step is reached); the hidden version guards against two people saving the same record."""

    required: tuple = ()
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required:
            self.fields[name].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @classmethod
    def widgets_for(cls, fields):
        return {name: DateInput() for name in fields if name in DATE_FIELDS}

    def _post_clean(self):
        """Leave validation to the service (its messages say what to do); keep the instance untouched."""

    def service_kwargs(self) -> dict:
        """The service's arguments; a step on an existing record carries the version the form was rendered with
        (missing: refused by ``sent_version``, never taken as the record's own)."""
        from joutsa_tyollisyys.services import sent_version

        data = dict(self.cleaned_data)
        version = data.pop("version")
        return {"expected_version": sent_version(version) if self.instance.pk else None, **data}


def _step(model, fields, required=None, **extra_widgets):
    """A StepForm for ``fields`` of ``model``. Amounts take the Finnish decimal comma (1 234,50)."""
    widgets = {**StepForm.widgets_for(fields), **extra_widgets}
    meta = {"model": model, "fields": fields, "widgets": widgets}
    meta = type("Meta", (), meta)
    return type(
        f"{model.__name__}StepForm", (StepForm,), {"Meta": meta, "required": tuple(required or fields)}
    )


NoticeForm = _step(ObligationCase, ["notice_date", "allowance_end_date"])
NoticeForm.base_fields["allowance_end_date"].help_text = _(
    "The day the earnings-related allowance ends at its maximum period, as given in the notice."
)

MeetingDecisionForm = _step(
    ObligationCase,
    [
        "meeting_date",
        "meeting_decision",
        "work_unit",
        "job_title",
        "supervisor",
        "weekly_hours",
        "declined_reason",
    ],
    required=["meeting_date", "meeting_decision"],
    meeting_decision=forms.RadioSelect,
    declined_reason=forms.Textarea(attrs={"rows": 3}),
)
MeetingDecisionForm.base_fields["meeting_decision"].choices = MeetingDecision.choices
MeetingDecisionForm.base_fields["declined_reason"].help_text = _("Only when the client declined.")

ApplicationForm = _step(
    ObligationCase,
    ["application_sent_on", "rate_category", "applied_start", "applied_end", "claim_period_months"],
)
ApplicationForm.base_fields["claim_period_months"].help_text = _(
    "The subsidy is claimed afterwards in periods of this length."
)

DecisionForm = _step(
    ObligationCase, ["decision_date", "decision_rate", "decision_start", "decision_end", "monthly_maximum"]
)
DecisionForm.base_fields["monthly_maximum"].help_text = _("As stated in the decision.")

ContractForm = _step(
    ObligationCase,
    ["contract_start", "contract_end", "monthly_salary", "contract_weekly_hours"],
    required=["contract_start", "monthly_salary", "contract_weekly_hours"],
)
ContractForm.base_fields["contract_end"].help_text = _("Leave empty for the usual six months.")


class CloseForm(
    _step(
        ObligationCase,
        ["outcome", "closed_on", "outcome_notes"],
        required=["outcome", "closed_on"],
        outcome_notes=forms.Textarea(attrs={"rows": 3}),
    )
):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = OUTCOMES_BY_STATUS.get(CaseStatus(self.instance.status), set())
        self.fields["outcome"].choices = [("", "—")] + [(o.value, o.label) for o in Outcome if o in allowed]


ClaimWagesForm = _step(WageSubsidyClaim, ["wages"])
ClaimSubmitForm = _step(WageSubsidyClaim, ["submitted_on", "amount_claimed"])
ClaimPaidForm = _step(WageSubsidyClaim, ["paid_on", "amount_paid"])


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open cases")), ("", _("All"))] + list(CaseStatus.choices),
    )
