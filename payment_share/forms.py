
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clients.selectors import client_workers
from joutsa_tyollisyys.forms import UserChoiceField, VersionField
from joutsa_tyollisyys.parsing import query_month

from .enums import BulkAction
from .models import ColumnMapping


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Kela's monthly list as CSV (.csv) or an Excel workbook (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    mapping = forms.ModelChoiceField(
        label=_("Column layout"),
        queryset=ColumnMapping.objects.all(),
        required=False,
        empty_label=_("Default layout (see the instructions)"),
    )


class ReviewFilterForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"), required=False)
    no_worker = forms.BooleanField(label=_("No responsible worker"), required=False)
    not_contacted_months = forms.IntegerField(
        label=_("Not contacted in (months)"), required=False, min_value=1, max_value=60
    )
    approaching_days = forms.IntegerField(
        label=_("Reaching the next band within (days)"), required=False, min_value=1, max_value=2000
    )
    new_only = forms.BooleanField(label=_("Only new persons from the list"), required=False)
    mine = forms.BooleanField(label=_("Only those I contact"), required=False)

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(f"{m:%Y-%m}", f"{m.month}/{m.year}") for m in months]

    def clean_month(self):
        return query_month(self.cleaned_data["month"])


class WorkerForm(forms.Form):
    worker = UserChoiceField(label=_("Worker"), queryset=None, required=False)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = client_workers()


class ContactedForm(forms.Form):
    version = VersionField()


class EntryIdsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(v) for v in (value or [])]
        except (TypeError, ValueError):
            raise ValidationError(_("The chosen rows are not valid: reload the page.")) from None


class BulkAssignForm(forms.Form):
    entries = EntryIdsField(label=_("Persons"), required=False)
    worker = UserChoiceField(label=_("Worker"), queryset=None, required=False, empty_label=_("Choose the worker"))
    action = forms.ChoiceField(label=_("Assign"), choices=BulkAction.choices)
    month = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = client_workers()
