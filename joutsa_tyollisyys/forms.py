"""Form building blocks shared by every app."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class VersionField(forms.IntegerField):
    """Hidden: the version the form was rendered with (optimistic locking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class LongSelect(forms.Select):
    """A choice among hundreds (the workers of a city's employment area): the same HTML as ``Select``, but the
    options are written in Python at once from the choices, without the option dictionaries and the template per
    option that ``Select.get_context`` builds (≈ 120 ms → a few ms for 1,250 workers on a slow machine). Option
    groups and per-option attributes are not needed for these lists."""

    def render(self, name, value, attrs=None, renderer=None):
        from .html import options, with_selected

        chosen = next(iter(self.format_value(value)), None)
        html = with_selected(options((str(option), label) for option, label in self.choices), chosen)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), html)


def user_choices(users):
    """(id, name) of a queryset of users, named as ``User.__str__`` names them, without a model instance each."""
    for pk, first_name, last_name, username in users.values_list("pk", "first_name", "last_name", "username"):
        yield (pk, f"{first_name} {last_name}".strip() or username)


class UserChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a ``UserChoiceField`` (see ``user_choices``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from user_choices(self.queryset)


class UserChoiceField(forms.ModelChoiceField):
    """A user among hundreds (a city's workers): the choices read as rows and written by ``LongSelect``; the
    chosen value is validated against the queryset as in ``ModelChoiceField``."""

    widget = LongSelect
    iterator = UserChoiceIterator


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your feedback"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_("Which page, what did not work, and what you would need instead (at most 2,000 characters)."),
    )
    contact = forms.CharField(
        label=_("Contact details for the answer (optional)"), max_length=200, required=False,
        help_text=_("An e-mail address or a phone number. Do not write a client's personal data here."),
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)


class FinnishDecimalField(forms.DecimalField):
    """A number or a sum of money as Finns type it: ``1 400,00``, ``1 400,00 €``, ``1400,00``, ``1400.00``, with a
    normal, no-break or narrow no-break space between the thousands (or none). Every decimal field of every form
    is one (``CoreConfig.ready`` makes it the form field of the models' DecimalFields; forms declare it).

    A typo is refused with a message that shows the expected form, never a bare "Enter a number"."""

    widget = forms.TextInput
    GROUPING = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().removesuffix("€").strip()
            text = self.GROUPING.sub("", text)
            if re.fullmatch(r"[+-]?\d+(?:[,.]\d+)?", text):
                value = text.replace(",", ".")
            elif text:
                raise ValidationError(self.error_messages["finnish"], code="invalid")
        return super().to_python(value)

    default_error_messages = {
        "finnish": _("Enter a number such as 1 400,00 (digits, a comma before the decimals)."),
        "invalid": _("Enter a number such as 1 400,00 (digits, a comma before the decimals)."),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a text field: the browser's number field would refuse the comma
        attrs["inputmode"] = "decimal"
        return attrs


def finnish_decimal_formfield(original):
    """Wrap ``models.DecimalField.formfield`` so that model forms (and the admin) get a FinnishDecimalField."""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", FinnishDecimalField)
        return original(self, **kwargs)

    return formfield
