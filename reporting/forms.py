from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.forms import VersionField
from joutsa_tyollisyys.parsing import query_month

from .indicators import INPUT_FIELDS
from .models import MonthlyInputs


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    widget = MonthInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        month = query_month(value)
        if month is None:
            raise ValidationError(_("Enter the month as year and month, for example 2024-06."))
        return month

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class GenerateForm(forms.Form):
    month = MonthField(label=_("Month of the report"))


class InputsForm(forms.ModelForm):
    month = MonthField(label=_("Month"))
    version = VersionField()

    class Meta:
        model = MonthlyInputs
        fields = ["month", *INPUT_FIELDS]
