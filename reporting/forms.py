from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.forms import VersionField, finnish_formfield

from .indicators import INPUT_FIELDS
from .models import MonthlyInputs


class MonthInput(forms.TextInput):
    input_type = "month"


def parse_month(value) -> date | None:
    try:
        year, month = (int(part) for part in str(value or "").split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return None


class MonthField(forms.CharField):
    widget = MonthInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        month = parse_month(value)
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
        formfield_callback = finnish_formfield
